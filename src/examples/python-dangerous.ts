import type { Example } from './types';

export default {
  id: 'python-dangerous',
  title: 'Dangerous Python',
  level: 'advanced',
  demonstrates: 'Shell commands and dynamic code in Python; the policy blocks the run before it starts.',
  language: 'python',
  policy: 'standard',
  code: `import os, subprocess
os.system("rm -rf /")
subprocess.run(["curl", "https://attacker.example"])
exec(compile("print(1)", "x", "exec"))`,
  expected: { status: 'blocked', output: [] },
} satisfies Example;
