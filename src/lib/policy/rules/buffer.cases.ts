import { js, jsTrap, py, pyTrap, type Positive, type Trap } from './cases';

/** What `buffer` rules must find. */
export const positives: readonly Positive[] = [
  js('const sab = new SharedArrayBuffer(1024)', 'buffer/shared-array-buffer', 'medium'),
  js('Atomics.wait(view, 0, 0, 1000)', 'buffer/shared-memory', 'medium'),
  js('const b = Buffer.allocUnsafe(4096)', 'buffer/unsafe-alloc', 'medium'),
  js('const b = new Buffer(100)', 'buffer/unsafe-alloc', 'medium'),
  js('const b = Buffer.alloc(16)', 'buffer/alloc', 'low'),
  py('import ctypes\nctypes.string_at(0, 100)', 'buffer/ctypes', 'critical'),
  py('import ctypes\nlibc = ctypes.CDLL(None)', 'buffer/ctypes', 'critical'),
  py('import ctypes\nx = ctypes.c_int(5)', 'buffer/ctypes', 'high'),
  py('from ctypes import memmove\nmemmove(dst, src, 8)', 'buffer/ctypes', 'critical'),
  py('import ctypes', 'buffer/native-import', 'high'),
  py('import mmap\nm = mmap.mmap(-1, 4096)', 'buffer/mmap', 'high'),
];

/** What they must not: look-alikes, comments, strings. */
export const traps: readonly Trap[] = [
  jsTrap('const a = new Uint8Array(16); const ab = new ArrayBuffer(8); const v = new DataView(ab);'),
  jsTrap('const b = Buffer.from("hi"); b.toString("hex");'),
  pyTrap('import array, struct\na = array.array("i", [1, 2])\nstruct.pack("<I", 1)\nm = memoryview(b"ab")'),
];
