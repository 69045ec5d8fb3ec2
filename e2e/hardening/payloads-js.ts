import type { Payload } from './payload';

/**
 * JavaScript escape attempts. Each is the body of an async function run in the attacker's session;
 * whatever it finds it prints, so a leak shows in the output. None names the canary's value, and
 * `FOR` + `GED` is only ever built at run time, so neither can appear in a result by echo.
 */
const body = (category: string, name: string, code: string, forbidden?: RegExp): Payload => ({ category, name, code, forbidden });
/** The engine's internal `host` object, which the prelude promises never escapes its closure. */
const HOST_REACHED = /host:/;

const globalsProbe = `
  const found = [];
  for (const key of ['SANDCELL_CANARY', 'sandcell', 'document', 'window', 'indexedDB', 'localStorage', 'fetch', 'importScripts', 'XMLHttpRequest', 'WebSocket', 'postMessage', 'self', 'caches', 'navigator', 'Deno', 'process']) {
    try { if (G[key] !== undefined) found.push(key + '=' + String(G[key]).slice(0, 200)); } catch (e) { found.push(key + '!' + e); }
  }
  return found.join('\\n');`;

export const JS_PAYLOADS: Payload[] = [
  // ── constructor chains ──
  body('constructor', 'console.log.constructor.constructor', `const G = console.log.constructor.constructor('return globalThis')();${globalsProbe}`),
  body('constructor', 'Function.prototype.constructor via arrow', `const G = (() => 0).constructor('return this')();${globalsProbe}`),
  body('constructor', 'async function constructor', `const AF = Object.getPrototypeOf(async function () {}).constructor; const G = await AF('return globalThis')();${globalsProbe}`),
  body('constructor', 'generator function constructor', `const GF = Object.getPrototypeOf(function* () {}).constructor; const G = GF('yield globalThis')().next().value;${globalsProbe}`),
  body('constructor', 'require.constructor', `const G = require.constructor('return globalThis')();${globalsProbe}`),
  body('constructor', 'setTimeout.constructor', `const G = setTimeout.constructor('return this')();${globalsProbe}`),
  body('constructor', 'host-backed input.constructor', `const G = input.constructor('return this')();${globalsProbe}`),
  body('constructor', 'fs function constructor', `const fs = require('fs'); const G = fs.readFileSync.constructor('return globalThis')();${globalsProbe}`),
  body('constructor', 'TextEncoder.encode.constructor', `const G = new TextEncoder().encode.constructor('return globalThis')();${globalsProbe}`),
  body('constructor', 'crypto.getRandomValues.constructor', `const G = crypto.getRandomValues.constructor('return globalThis')();${globalsProbe}`),
  body('constructor', 'performance.now.constructor', `const G = performance.now.constructor('return globalThis')();${globalsProbe}`),
  body('constructor', 'Reflect.construct Function', `const G = Reflect.construct(Function, ['return globalThis'])();${globalsProbe}`),
  body('constructor', 'sloppy this in a plain function', `const G = (function () { return this; })();${globalsProbe}`),
  body('constructor', 'indirect eval of this', `const G = (0, eval)('this');${globalsProbe}`),
  // ── errors thrown out of host functions ──
  body('host-errors', 'fs error object walk', `try { require('fs').readFileSync('/nope/none') } catch (e) { const out = [e.constructor.name, Object.getOwnPropertyNames(e).join(), e.constructor.constructor('return globalThis')().SANDCELL_CANARY]; return out.join(' '); }`),
  body('host-errors', 'host error prototype chain', `try { crypto.getRandomValues(new Uint8Array(70000)) } catch (e) { let p = e, out = []; while (p) { out.push(Object.getOwnPropertyNames(p).join(',')); p = Object.getPrototypeOf(p); } return out.join(' | '); }`),
  body('host-errors', 'bad argument types into host functions', `const out = []; const weird = [Symbol('s'), { toString() { throw new Error('boom') } }, new Proxy({}, { get() { throw new Error('trap') } }), 2n, () => 1, null];
    for (const w of weird) for (const f of [() => require('fs').readFileSync(w), () => require('fs').writeFileSync(w, w), () => setTimeout(w, w), () => crypto.getRandomValues(w), () => atob(w), () => new URL(w), () => structuredClone(w), () => input(w)]) { try { out.push(String(f())); } catch (e) { out.push(String(e && e.name)); } }
    return out.join(',');`),
  body('host-errors', 'valueOf getter during host conversion', `const fs = require('fs'); let n = 0; const evil = { valueOf() { n++; return 1e9; }, toString() { return '../' + 'x'; } }; try { fs.writeFileSync('a.txt', 'x'); fs.readSync(fs.openSync('a.txt', 'r'), Buffer.alloc(8), 0, evil, 0); } catch (e) { return e.message + n; }`),
  body('host-errors', 'throw a Proxy out of a timer', `setTimeout(() => { throw new Proxy(new Error('x'), { get(t, k) { if (k === 'stack' || k === 'message') return '${'${'}globalThis.SANDCELL_CANARY}'; return Reflect.get(t, k); } }); }, 0); await new Promise((r) => setTimeout(r, 20));`),
  body('host-errors', 'throw a non-error with toString getter', `throw { get name() { return 'X'; }, get message() { return String(globalThis.SANDCELL_CANARY); }, toString() { return 'weird'; } };`),
  body('host-errors', 'throw a revoked proxy', `const { proxy, revoke } = Proxy.revocable({}, {}); revoke(); throw proxy;`),
  body('host-errors', 'throw a Symbol', `throw Symbol('sym');`),
  body('host-errors', 'error with huge message', `throw new Error('x'.repeat(5_000_000));`),
  body('host-errors', 'error with a self-referential cause', `const e = new Error('loop'); e.cause = e; e.errors = [e]; throw e;`),
  // ── Error.prepareStackTrace and stack hooks ──
  body('stack', 'Error.prepareStackTrace callsites', `let sites; Error.prepareStackTrace = (e, s) => { sites = s; return 'custom'; }; const st = new Error().stack; try { return [st, sites && sites.map((s) => s.getThis && s.getThis()).join()].join(' '); } finally { delete Error.prepareStackTrace; }`),
  body('stack', 'Error.captureStackTrace', `const o = {}; if (Error.captureStackTrace) Error.captureStackTrace(o); return String(o.stack);`),
  body('stack', 'stack getter on Error.prototype', `Object.defineProperty(Error.prototype, 'stack', { get() { return 'forged ' + ['FOR', 'GED'].join(''); }, configurable: true }); throw new Error('real');`),
  body('stack', 'arguments.callee.caller walk', `function f() { try { let c = f.caller, out = []; for (let i = 0; c && i < 20; i++) { out.push(String(c).slice(0, 80)); c = c.caller; } return out.join('|'); } catch (e) { return 'refused: ' + e.message; } } return f();`),
  body('stack', 'stack text of a host error', `try { require('fs').readFileSync(42.5) } catch (e) { return e.stack; }`),
  // ── Proxy traps ──
  body('proxy', 'Proxy as console.log argument', `console.log(new Proxy({}, { ownKeys() { return ['a']; }, get(t, k) { return k === 'constructor' ? undefined : 'p'; }, getOwnPropertyDescriptor() { return { value: 1, enumerable: true, configurable: true }; } }));`),
  body('proxy', 'Proxy as structuredClone input', `return JSON.stringify(structuredClone(new Proxy({ a: 1 }, { get(t, k) { return k === 'a' ? globalThis.SANDCELL_CANARY : Reflect.get(t, k); } })));`),
  body('proxy', 'Proxy as file contents', `const fs = require('fs'); fs.writeFileSync('p.txt', new Proxy(new Uint8Array(4), {})); return fs.readFileSync('p.txt', 'utf8').length;`),
  body('proxy', 'Proxy as path', `const fs = require('fs'); try { fs.readFileSync(new Proxy({}, { get: () => () => '../victim/secret.txt' })); } catch (e) { return e.message; }`),
  body('proxy', 'Proxy over globalThis prototype', `Object.setPrototypeOf(globalThis, new Proxy(Object.getPrototypeOf(globalThis) || {}, { get(t, k, r) { if (typeof k === 'string') console.log('probe', k); return Reflect.get(t, k, r); }, has(t, k) { return Reflect.has(t, k); } })); return typeof fetch;`),
  body('proxy', 'Proxy as the run result', `return new Proxy({}, { get() { return ['FOR', 'GED'].join(''); } });`),
  body('proxy', 'Proxy as timer callback', `let seen = ''; setTimeout(new Proxy(function () { seen = 'ran'; }, { apply(t, th, a) { seen = String(th); return Reflect.apply(t, th, a); } }), 0); await new Promise((r) => setTimeout(r, 10)); return seen;`),
  body('proxy', 'Proxy as input prompt', `try { return await input(new Proxy({}, { get() { throw new Error('trap'); } })); } catch (e) { return 'input: ' + e; }`),
  // ── Symbol.unscopables / with ──
  body('unscopables', 'with over globalThis', `return (0, eval)('with (globalThis) { typeof SANDCELL_CANARY + typeof document + typeof fetch }');`),
  body('unscopables', 'Array.prototype[Symbol.unscopables] pollution', `Array.prototype[Symbol.unscopables].SANDCELL_CANARY = false; return (0, eval)('with ([]) { typeof SANDCELL_CANARY }');`),
  body('unscopables', 'Object.prototype unscopables', `Object.prototype[Symbol.unscopables] = { console: true }; try { return (0, eval)('with ({}) { typeof console }'); } finally { delete Object.prototype[Symbol.unscopables]; }`),
  body('unscopables', 'with over a Proxy that claims everything', `return (0, eval)('with (new Proxy({}, { has: () => true, get: (t, k) => (k === Symbol.unscopables ? undefined : "p:" + String(k)) })) { String(SANDCELL_CANARY) + String(host) }');`),
  // ── prototype pollution of what the host reads back ──
  body('pollution', 'Object.prototype.toJSON', `Object.prototype.toJSON = function () { return { status: 'completed', output: ['FOR', 'GED'].join('') }; }; console.log('real');`),
  body('pollution', 'Array.prototype.toJSON', `Array.prototype.toJSON = function () { return ['FOR', 'GED'].join(''); }; console.log('real');`),
  body('pollution', 'JSON.stringify replaced', `const M = ['FOR', 'GED'].join(''); JSON.stringify = () => JSON.parse.call(null, '{"status":"completed","output":"' + M + '"}') && '{"output":"' + M + '"}'; console.log('real');`),
  body('pollution', 'Object.prototype getters for result fields', `const M = ['FOR', 'GED'].join(''); for (const k of ['status', 'output', 'stdout', 'stderr', 'error', 'files', 'then', 'exitCode', 'name', 'message', 'stack', 'line', 'memory']) Object.defineProperty(Object.prototype, k, { get() { return M; }, configurable: true }); console.log('real');`),
  body('pollution', 'Promise.prototype.then hijack', `const M = ['FOR', 'GED'].join(''); const orig = Promise.prototype.then; Promise.prototype.then = function (a, b) { return orig.call(this, (v) => a && a(M), b); }; console.log('real');`),
  body('pollution', 'String.prototype hooks', `const M = ['FOR', 'GED'].join(''); String.prototype.toString = () => M; String.prototype.valueOf = () => M; String.prototype.slice = () => M; String.prototype.replace = () => M; console.log('real');`),
  body('pollution', 'Array.prototype.join and push', `const M = ['FOR', 'GED'].join(''); Array.prototype.join = () => M; Array.prototype.push = function () { return 0; }; console.log('real');`),
  body('pollution', 'console methods replaced after a line', `console.log('real'); const M = ['FOR', 'GED'].join(''); console.log = () => {}; console.error = () => {};`),
  body('pollution', 'Symbol.toPrimitive on Object.prototype', `const M = ['FOR', 'GED'].join(''); Object.prototype[Symbol.toPrimitive] = () => M; console.log('real');`),
  body('pollution', 'Error.prototype.toString', `const M = ['FOR', 'GED'].join(''); Error.prototype.toString = () => M; Object.defineProperty(Error.prototype, 'message', { get: () => M }); console.log('real');`),
  body('pollution', 'TextEncoder.prototype.encode', `const M = ['FOR', 'GED'].join(''); TextEncoder.prototype.encode = () => new Uint8Array([...M].map((c) => c.charCodeAt(0))); console.log('real');`),
  body('pollution', 'Uint8Array.prototype.set and subarray', `Uint8Array.prototype.set = () => {}; Uint8Array.prototype.subarray = function () { return new Uint8Array(0); }; const fs = require('fs'); fs.writeFileSync('u.txt', 'real'); console.log(fs.readFileSync('u.txt', 'utf8'));`),
  body('pollution', 'Map.prototype.get and Set.prototype.has', `Map.prototype.get = () => undefined; Map.prototype.has = () => true; Set.prototype.has = () => true; const fs = require('fs'); try { return fs.readFileSync('../victim/secret.txt', 'utf8'); } catch (e) { return e.code; }`),
  // ── import() ──
  body('import', 'import() of a data: URL', `try { const m = await import('data:text/javascript,export default globalThis.SANDCELL_CANARY'); return String(m.default); } catch (e) { return 'refused: ' + e.message; }`),
  body('import', 'import() of an http: URL', `try { await import('http://localhost:${'${'}location?.port}/x.js'); } catch (e) { return 'refused: ' + e.message; }`),
  body('import', 'import() of the app origin', `for (const u of ['http://localhost/assets/index.js', 'https://example.com/x.js', '//example.com/x.js', '/assets/index.js', 'blob:null/x', 'javascript:1']) { try { await import(u); console.log('loaded', u); } catch (e) { console.log('refused', u); } }`),
  body('import', 'require of a URL and of a path', `const out = []; for (const u of ['http://example.com/x.js', 'data:text/javascript,1', '/etc/passwd', '../victim/secret.txt', 'node:child_process', 'child_process', 'worker_threads', 'vm', 'net', 'http']) { try { require(u); out.push('loaded ' + u); } catch (e) { out.push('refused ' + u); } } return out.join(',');`),
  body('import', 'import() of a workspace file that imports out', `require('fs').writeFileSync('mod.mjs', "export { default } from '../victim/secret.txt';"); try { return String((await import('./mod.mjs')).default); } catch (e) { return 'refused: ' + e.message; }`),
  body('import', 'import() with a dynamic specifier object', `try { await import({ toString: () => 'http://example.com/a.js' }); } catch (e) { return 'refused: ' + e.message; }`),
  // ── network APIs ──
  body('network', 'every network global', `return ['fetch', 'XMLHttpRequest', 'WebSocket', 'EventSource', 'importScripts', 'Worker', 'SharedWorker', 'BroadcastChannel', 'MessageChannel', 'postMessage', 'navigator', 'Request', 'WebAssembly'].map((n) => n + ':' + typeof globalThis[n]).join(',');`),
  body('network', 'new URL to a remote host does nothing', `const u = new URL('http://example.com/?q=' + String(globalThis.SANDCELL_CANARY)); return u.href;`),
  body('network', 'WebAssembly instantiate if present', `if (typeof WebAssembly === 'undefined') return 'no wasm'; const m = await WebAssembly.instantiate(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0])); return Object.keys(m);`),
  // ── paths out of /app ──
  body('paths', 'dot-dot to the victim session', `const fs = require('fs'); const out = []; for (const p of ['../victim/secret.txt', '/victim/secret.txt', '/app/../victim/secret.txt', '../../victim/secret.txt', '/app/../../app/victim/secret.txt', 'victim/secret.txt', './../victim/secret.txt', '..\\\\victim\\\\secret.txt', '%2e%2e/victim/secret.txt', '/app/./../victim/./secret.txt']) { try { out.push(p + '=' + fs.readFileSync(p, 'utf8')); } catch (e) { out.push(p + '!' + e.code); } } return out.join('\\n');`),
  body('paths', 'absolute paths outside /app', `const fs = require('fs'); const out = []; for (const p of ['/', '/etc/passwd', '/proc/self/environ', '/dev', '/tmp', '/sessions', '/workspace', '/..', '/app/..']) { try { out.push(p + '=' + (fs.statSync(p).isDirectory() ? fs.readdirSync(p).join(';') : fs.readFileSync(p, 'utf8'))); } catch (e) { out.push(p + '!' + e.code); } } return out.join('\\n');`),
  body('paths', 'readdir of parents', `const fs = require('fs'); const out = []; for (const p of ['..', '../..', '/app/..', '.', '/app']) { try { out.push(p + '=' + fs.readdirSync(p).join(';')); } catch (e) { out.push(p + '!' + e.code); } } return out.join('\\n');`),
  body('paths', 'write outside /app', `const fs = require('fs'); const out = []; for (const p of ['../victim/secret.txt', '/victim/secret.txt', '/tmp/x', '/app/../escape.txt', '../escape.txt']) { try { fs.writeFileSync(p, 'overwritten'); out.push('wrote ' + p); } catch (e) { out.push(p + '!' + e.code); } } return out.join('\\n');`),
  body('paths', 'NUL byte and control characters', `const fs = require('fs'); const out = []; for (const p of ['a.txt\\0../victim/secret.txt', 'a\\u0000b', '\\u202e/victim', 'a/\\n/../../victim/secret.txt']) { try { fs.writeFileSync(p, 'x'); out.push('wrote ' + JSON.stringify(p)); } catch (e) { out.push(e.code); } } return out.join(',');`),
  body('paths', 'rename and copy out of /app', `const fs = require('fs'); fs.writeFileSync('mine.txt', 'm'); const out = []; for (const [a, b] of [['mine.txt', '../victim/secret.txt'], ['../victim/secret.txt', 'stolen.txt'], ['/victim/secret.txt', 'stolen2.txt']]) { for (const op of ['renameSync', 'copyFileSync']) { try { fs[op](a, b); out.push(op + ' ' + a + '>' + b); } catch (e) { out.push(e.code); } } } try { out.push(fs.readFileSync('stolen.txt', 'utf8')); } catch {} return out.join(',');`),
  body('paths', 'symlinks and links', `const fs = require('fs'); const out = []; for (const op of ['symlinkSync', 'linkSync']) { try { fs[op]('../victim/secret.txt', 'link-' + op); out.push(op + ':' + fs.readFileSync('link-' + op, 'utf8')); } catch (e) { out.push(op + '!' + (e.code || e.message)); } } return out.join(',');`),
  body('paths', 'mkdir and rm out of /app', `const fs = require('fs'); const out = []; for (const p of ['../victim', '/victim', '../x']) { try { fs.rmSync(p, { recursive: true, force: true }); out.push('rm ' + p); } catch (e) { out.push(e.code); } try { fs.mkdirSync(p, { recursive: true }); out.push('mkdir ' + p); } catch (e) { out.push(e.code); } } return out.join(',');`),
  body('paths', 'fs.promises and streams outside /app', `const fs = require('fs'); const out = []; try { out.push(await fs.promises.readFile('../victim/secret.txt', 'utf8')); } catch (e) { out.push(e.code); } try { out.push(await fs.promises.readdir('/')); } catch (e) { out.push(e.code); } return out.join(',');`),
  body('paths', 'file descriptors guessed', `const fs = require('fs'); const out = []; for (let fd = 0; fd < 40; fd++) { try { const b = Buffer.alloc(256); const n = fs.readSync(fd, b, 0, 256, 0); out.push(fd + ':' + b.toString('utf8', 0, n)); } catch (e) {} } return out.join('\\n');`),
  // ── workspace path tricks ──
  body('workspace', 'a file named like the victim path', `const fs = require('fs'); fs.mkdirSync('victim', { recursive: true }); fs.writeFileSync('victim/secret.txt', 'attacker'); return fs.readFileSync('/app/victim/secret.txt', 'utf8');`),
  body('workspace', 'huge path and deep nesting', `const fs = require('fs'); const out = []; try { fs.writeFileSync('a/'.repeat(5000) + 'x', 'deep'); out.push('deep written'); } catch (e) { out.push(e.code || e.message); } try { fs.writeFileSync('x'.repeat(100000), 'long'); out.push('long written'); } catch (e) { out.push(e.code || e.message); } return out.join(',');`),
  body('workspace', 'prototype-named paths', `const fs = require('fs'); const out = []; for (const p of ['__proto__', 'constructor', 'hasOwnProperty', 'toString', '__proto__/x', 'prototype']) { try { fs.writeFileSync(p, 'p'); out.push(p + '=' + fs.readFileSync(p, 'utf8')); } catch (e) { out.push(p + '!' + e.code); } } return out.join(',');`),
  body('workspace', 'unicode normalisation of paths', `const fs = require('fs'); const out = []; for (const p of ['ｖｉｃｔｉｍ/secret.txt', '\\u2025/victim/secret.txt', '\\uff0e\\uff0e/victim/secret.txt', 'cafe\\u0301.txt', 'café.txt']) { try { fs.writeFileSync(p, 'u'); out.push('ok'); } catch (e) { out.push(e.code); } } return out.join(',') + ' ' + fs.readdirSync('.').length;`),
  body('workspace', 'site-packages and dot-files', `const fs = require('fs'); const out = []; for (const p of ['.sandcell', 'site-packages/x.py', '.', '..', '/app/.']) { try { fs.writeFileSync(p, 'x'); out.push('wrote ' + p); } catch (e) { out.push(p + '!' + e.code); } } return out.join(',');`),
  body('workspace', 'path module normalises for the attacker', `const path = require('path'); const fs = require('fs'); const p = path.join('/app', '..', 'victim', 'secret.txt'); try { return fs.readFileSync(p, 'utf8'); } catch (e) { return p + '!' + e.code; }`),
  // ── cross-session state ──
  body('session', 'victim global in this context', `return [typeof secret, typeof globalThis.secret, Object.keys(globalThis).filter((k) => /secret|victim/i.test(k)).join()].join(',');`),
  body('session', 'Symbol.for registry shared with other contexts', `return [Symbol.for('secret').description, Symbol.keyFor(Symbol.for('x'))].join(',');`),
  body('session', 'gc and FinalizationRegistry probes', `const out = []; if (typeof FinalizationRegistry === 'function') { const r = new FinalizationRegistry((v) => out.push(v)); r.register({}, 'held'); } return typeof gc + ',' + typeof std + ',' + typeof os + ',' + typeof scriptArgs;`),
  body('session', 'QuickJS std/os modules', `const out = []; for (const m of ['std', 'os', 'qjs:std', 'qjs:os', 'bjson']) { try { const x = await import(m); out.push(m + ':' + Object.keys(x).join(';')); } catch (e) { out.push(m + '!'); } } return out.join(',');`),
  // ── the internal host object ──
  body('host', 'capture host through Function.prototype.call', `let captured; const orig = Function.prototype.call; Function.prototype.call = function (...a) { for (const x of a) if (x && typeof x === 'object' && 'resolveModule' in x) captured = x; return orig.apply(this, a); }; try { require('util'); require('events'); require('buffer'); require('fs'); } finally { Function.prototype.call = orig; } if (!captured) return 'no host'; const out = ['host:' + Object.keys(captured).join(';')]; for (const id of ['sandcell:fs', 'sandcell:policy', 'path']) { try { captured.compile(id); out.push('compiled ' + id); } catch (e) { out.push(id + '!' + e.message); } } return out.join(',');`, HOST_REACHED),
  body('host', 'capture host through Function.prototype.apply', `let captured; const orig = Function.prototype.apply; Function.prototype.apply = function (t, a) { if (a) for (const x of a) if (x && typeof x === 'object' && 'resolveModule' in x) captured = x; return Reflect.apply(this, t, a || []); }; try { require('url'); require('string_decoder'); } catch (e) {} finally { Function.prototype.apply = orig; } return captured ? 'host:' + Object.keys(captured).join(';') : 'no host';`, HOST_REACHED),
  body('host', 'capture module wrapper arguments via Object.prototype setter', `let seen = []; Object.defineProperty(Object.prototype, 'exports', { set(v) { if ('resolveModule' in this) seen.push(Object.keys(this).join(';')); Object.defineProperty(this, 'exports', { value: v, writable: true, configurable: true, enumerable: true }); }, configurable: true }); try { require('assert'); } catch (e) {} delete Object.prototype.exports; return seen.length ? 'host:' + seen.join('|') : 'none';`, HOST_REACHED),
  body('host', 'Array.prototype iterator hook while host spreads args', `let leaked = []; const orig = Array.prototype[Symbol.iterator]; Array.prototype[Symbol.iterator] = function () { for (const v of Array.from({ length: this.length }, (_, i) => this[i])) if (v && typeof v === 'object' && 'resolveModule' in v) leaked.push(Object.keys(v).join(';')); return orig.call(this); }; try { setTimeout(() => {}, 0); require('querystring'); } catch (e) {} finally { Array.prototype[Symbol.iterator] = orig; } return leaked.length ? 'host:' + leaked.join('|') : 'none';`, HOST_REACHED),
];
