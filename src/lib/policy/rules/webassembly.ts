import { defineRule, match } from '../rule';
import { splitPath } from './util';

const category = 'webassembly';

const COMPILERS = new Set(['compile', 'instantiate', 'compileStreaming', 'instantiateStreaming', 'Module', 'Instance']);

/** `WebAssembly.compile/instantiate/Module`: native-speed code the scanner cannot read. */
export const jsWasm = defineRule({
  id: 'webassembly/compile', category, kind: 'call', languages: ['javascript'],
  roots: ['WebAssembly'],
  check: (s) => {
    const [parent, method] = splitPath(s.callee);
    if (parent !== 'WebAssembly') return null;
    if (COMPILERS.has(method)) return match('medium', `${s.callee}() compiles WebAssembly the scanner cannot inspect.`);
    return method === 'Memory' ? match('low', 'WebAssembly.Memory() allocates memory for a module.') : null;
  },
});

const PY_WASM = new Set(['wasmtime', 'wasmer', 'pywasm', 'wasm3']);

/** Python WebAssembly runtimes. */
export const pyWasm = defineRule({
  id: 'webassembly/runtime-import', category, kind: 'import', languages: ['python'],
  check: (s) => {
    const root = s.module?.split('.')[0];
    return root !== undefined && PY_WASM.has(root) ? match('medium', `Imports ${root}, a WebAssembly runtime.`) : null;
  },
});

export const rules = [jsWasm, pyWasm];
