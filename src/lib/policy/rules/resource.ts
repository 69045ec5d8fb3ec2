import { defineRule, match } from '../rule';
import { LITERAL } from '../names';
import { magnitude } from './util';

const category = 'resource';

/** Elements or bytes past which an allocation cannot fit any tier's memory. */
const HUGE = 1e8;
/** Bits past which an integer power takes seconds to compute (2 MB of digits). */
const HUGE_BITS = 2 ** 24;

/** `while (true) {}` / `while True:` with no break, return, throw or yield inside. */
export const unboundedLoop = defineRule({
  id: 'resource/unbounded-loop', category, kind: 'loop',
  check: (s) => (s.hasExit ? null : match('medium', 'A loop whose condition is always true, with no break, return or throw inside: it never ends.')),
});

/** `10**10**8`: an integer with hundreds of millions of digits. */
export const hugePower = defineRule({
  id: 'resource/huge-power', category, kind: 'power',
  check: (s) => (s.log2 > HUGE_BITS ? match('high', `A power whose result has about ${formatBits(s.log2)} of digits.`) : null),
});

const JS_SIZED = new Set([
  'Array', 'ArrayBuffer', 'SharedArrayBuffer', 'Buffer.alloc', 'Buffer.allocUnsafe', 'Buffer.allocUnsafeSlow', 'Int8Array', 'Uint8Array',
  'Uint8ClampedArray', 'Int16Array', 'Uint16Array', 'Int32Array', 'Uint32Array', 'Float32Array', 'Float64Array', 'BigInt64Array', 'BigUint64Array',
  `${LITERAL}.repeat`,
]);
const PY_SIZED = new Set(['bytearray', 'bytes', 'numpy.zeros', 'numpy.ones', 'numpy.empty', 'numpy.full', 'array.array', 'os.urandom', 'secrets.token_bytes']);

/** `new Array(1e9)`, `Buffer.alloc(2**32)`, `"x".repeat(1e9)`, `bytearray(2**31)`. */
export const hugeAllocation = defineRule({
  id: 'resource/huge-allocation', category, kind: 'call',
  roots: ['Array', 'ArrayBuffer', 'SharedArrayBuffer', 'Buffer', 'Int8Array', 'Uint8Array', 'Uint8ClampedArray', 'Int16Array', 'Uint16Array', 'Int32Array', 'Uint32Array', 'Float32Array', 'Float64Array', 'BigInt64Array', 'BigUint64Array', '<literal>', 'bytearray', 'bytes', 'numpy', 'array', 'os', 'secrets'],
  check: (s, language) => {
    const sized = language === 'javascript' ? JS_SIZED : PY_SIZED;
    if (!sized.has(s.callee)) return null;
    const size = s.callee === 'array.array' ? magnitude(s.args[1]) : magnitude(s.args[0]);
    return size >= HUGE ? match('medium', `${s.callee}(${formatCount(size)}) asks for more memory than any tier has.`) : null;
  },
});

/** `[0] * 10**9`, `"x" * 2**31`. */
export const hugeRepeat = defineRule({
  id: 'resource/huge-repeat', category, kind: 'repeat', languages: ['python'],
  check: (s) => (s.count >= HUGE ? match('medium', `A sequence repeated ${formatCount(s.count)} times.`) : null),
});

/** `function f() { f() }`, `def f(): return f()`: recursion with no branch that could stop it. */
export const recursionWithoutBase = defineRule({
  id: 'resource/recursion-without-base', category, kind: 'function',
  check: (s) => (s.hasBranch ? null : match('medium', `${s.name}() calls itself with no condition that could stop it.`)),
});

/** `sys.setrecursionlimit(10**6)`: lets recursion overflow the native stack and crash the interpreter. */
export const recursionLimit = defineRule({
  id: 'resource/recursion-limit', category, kind: 'call', languages: ['python'],
  roots: ['sys'],
  check: (s) => (s.callee === 'sys.setrecursionlimit' && magnitude(s.args[0]) > 100_000 ? match('medium', 'Raises the recursion limit far enough to overflow the native stack.') : null),
});

function formatCount(n: number): string {
  return n >= 1e6 ? `~${n.toExponential(1)}` : String(n);
}

function formatBits(bits: number): string {
  const bytes = bits / 8;
  if (!Number.isFinite(bytes) || bytes > 2 ** 60) return 'an astronomical amount';
  if (bytes >= 2 ** 30) return `${Math.round(bytes / 2 ** 30)} GB`;
  return `${Math.round(bytes / 2 ** 20)} MB`;
}

export const rules = [unboundedLoop, hugePower, hugeAllocation, hugeRepeat, recursionWithoutBase, recursionLimit];
