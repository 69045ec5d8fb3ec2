import { defineRule, match } from '../rule';
import { pathStartsWith, splitPath } from './util';

const category = 'buffer';

/** `SharedArrayBuffer` and `Atomics`: shared memory and the high-resolution timers Spectre needs. */
export const sharedMemory = defineRule({
  id: 'buffer/shared-memory', category, kind: 'access', languages: ['javascript'],
  roots: ['Atomics'],
  check: (s) => (pathStartsWith(s.path, 'Atomics') && s.path !== 'Atomics' ? match('medium', `${s.path} works on shared memory.`) : null),
});

/** `new SharedArrayBuffer(n)`. */
export const sharedArrayBuffer = defineRule({
  id: 'buffer/shared-array-buffer', category, kind: 'call', languages: ['javascript'],
  roots: ['SharedArrayBuffer'],
  check: (s) => (s.callee === 'SharedArrayBuffer' ? match('medium', 'Creates a SharedArrayBuffer: shared memory, usable as a precise timer.') : null),
});

const UNSAFE_ALLOC = new Set(['Buffer.allocUnsafe', 'Buffer.allocUnsafeSlow', 'SlowBuffer']);

/** `Buffer.allocUnsafe(n)`, `new Buffer(n)`: memory that still holds whatever was there before. */
export const unsafeAlloc = defineRule({
  id: 'buffer/unsafe-alloc', category, kind: 'call', languages: ['javascript'],
  roots: ['Buffer', 'SlowBuffer'],
  check: (s) => {
    if (UNSAFE_ALLOC.has(s.callee)) return match('medium', `${s.callee}() returns uninitialised memory.`);
    if (s.callee === 'Buffer' && s.args[0]?.num !== undefined) return match('medium', 'new Buffer(size) returns uninitialised memory.');
    return null;
  },
});

/** `Buffer.alloc(n)`: zeroed, only noted. */
export const bufferAlloc = defineRule({
  id: 'buffer/alloc', category, kind: 'call', languages: ['javascript'],
  roots: ['Buffer'],
  check: (s) => (s.callee === 'Buffer.alloc' ? match('low', 'Buffer.alloc() allocates raw memory.') : null),
});

const CTYPES_CRITICAL = new Set(['memmove', 'memset', 'string_at', 'wstring_at', 'cast', 'addressof', 'from_address', 'CDLL', 'PyDLL', 'WinDLL', 'LoadLibrary', 'dlopen']);

/** `ctypes`: raw pointers into the interpreter's memory; any call is high, pointer and library calls critical. */
export const ctypes = defineRule({
  id: 'buffer/ctypes', category, kind: 'access', languages: ['python'],
  roots: ['ctypes', '_ctypes', 'cffi'],
  check: (s) => {
    if (!pathStartsWith(s.path, 'ctypes') && !pathStartsWith(s.path, '_ctypes') && !pathStartsWith(s.path, 'cffi')) return null;
    if (s.path === 'ctypes' || s.path === '_ctypes' || s.path === 'cffi') return null;
    const segments = s.path.split('.');
    if (segments.some((p) => CTYPES_CRITICAL.has(p) || p === 'pythonapi' || p === 'cdll' || p === 'pydll' || p === 'libc')) {
      return match('critical', `${s.path} reads or writes raw memory or loads native code.`);
    }
    return match('high', `${s.path}: ctypes gives raw access to memory.`);
  },
});

/** `mmap.mmap(…)`: memory mapped from a file descriptor. */
export const mmap = defineRule({
  id: 'buffer/mmap', category, kind: 'call', languages: ['python'],
  roots: ['mmap'],
  check: (s) => (splitPath(s.callee)[0] === 'mmap' ? match('high', `${s.callee}() maps raw memory.`) : null),
});

const NATIVE_MODULES = new Set(['ctypes', '_ctypes', 'cffi', 'mmap']);

/** Importing `ctypes`, `cffi` or `mmap`. */
export const nativeImport = defineRule({
  id: 'buffer/native-import', category, kind: 'import', languages: ['python'],
  check: (s) => {
    const root = s.module?.split('.')[0];
    return root !== undefined && NATIVE_MODULES.has(root) ? match('high', `Imports ${root}, raw memory access.`) : null;
  },
});

export const rules = [sharedMemory, sharedArrayBuffer, unsafeAlloc, bufferAlloc, ctypes, mmap, nativeImport];
