import { js, jsTrap, py, pyTrap, type Positive, type Trap } from './cases';

/** What `webassembly` rules must find. */
export const positives: readonly Positive[] = [
  js('const m = await WebAssembly.compile(bytes)', 'webassembly/compile', 'medium'),
  js('WebAssembly.instantiate(buf, imports)', 'webassembly/compile', 'medium'),
  js('new WebAssembly.Module(bytes)', 'webassembly/compile', 'medium'),
  js('globalThis["Web" + "Assembly"].instantiate(b)', 'webassembly/compile', 'medium'),
  js('new WebAssembly.Memory({ initial: 1 })', 'webassembly/compile', 'low'),
  py('import wasmtime', 'webassembly/runtime-import', 'medium'),
];

/** What they must not: look-alikes, comments, strings. */
export const traps: readonly Trap[] = [
  jsTrap('WebAssembly.validate(bytes); const wasmSupported = typeof WebAssembly === "object";'),
  jsTrap('// WebAssembly.instantiate(b)\nconst s = "WebAssembly.compile";'),
  pyTrap('wasm = "WebAssembly.instantiate"\nprint(wasm)'),
];
