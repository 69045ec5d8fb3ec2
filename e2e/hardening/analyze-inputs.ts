import fc from 'fast-check';

/**
 * Generators for analyze() fuzzing: corpus code cut and spliced, token soup from both
 * languages, nesting towers, long and strange strings. Each yields [code, language].
 */

const JS_TOKENS = [
  'eval', 'Function', 'constructor', '(', ')', '[', ']', '{', '}', '=>', '=', '.', ',', ';', '"ev"', "'al'", '+', '`${', '}`', 'require',
  '"child_process"', 'import(', 'globalThis', 'this', 'new', 'Proxy', 'Reflect', '__proto__', 'prototype', 'with', 'async', 'await', 'function*',
  'yield', 'class', 'extends', 'super', '/re[gex]+/g', '0x7f', '1e9', '2**32', 'while(true)', 'for(;;)', 'atob', 'String.fromCharCode', '\\u0065',
  '//', '/*', '*/', '\n', ' ', '?.', '??', '...', '#priv', 'label:', 'break', 'return', 'let', 'const', 'var', 'fetch', 'process.env', 'Buffer',
];
const PY_TOKENS = [
  'exec', 'eval', 'compile', '__import__', "'os'", '"sub"+"process"', 'getattr', '__builtins__', '__subclasses__()', '__globals__', '__class__', '.',
  '(', ')', '[', ']', '{', '}', ':', ',', '\n', '    ', '\t', 'def', 'class', 'lambda', 'import', 'from', 'as', 'while True', 'for', 'in', 'range(10**9)',
  '"""', "'''", 'f"{', '}"', 'b"\\x00"', '#', '\\', '@', 'async', 'await', 'yield', 'return', 'if', 'else', 'elif', 'try', 'except', 'with', 'open',
  'os.system', 'ctypes', 'sys._getframe', 'base64.b64decode', '**', '//', ':=', 'match', 'case', 'global', 'nonlocal', '...', 'None', '0o777',
];
const STRANGE = ['\u0000', '\uD800', '\uDFFF', '\u202E', '\u2028', '\uFEFF', '\u0301', 'é', 'ｅｘｅｃ', '\r', '\r\n', '\x0B', '\\x', '\\u{', '💥', '𝔢𝔳𝔞𝔩'];

const language = fc.constantFrom('javascript' as const, 'python' as const);

const soup = (tokens: readonly string[]) => fc.array(fc.oneof({ weight: 8, arbitrary: fc.constantFrom(...tokens) }, { weight: 1, arbitrary: fc.constantFrom(...STRANGE) }, { weight: 1, arbitrary: fc.string({ maxLength: 8 }) }), { maxLength: 120 }).map((parts) => parts.join(' '));

/** Brackets, calls or indentation nested `depth` deep: the parsers' and walkers' stack. */
const tower = fc.tuple(fc.integer({ min: 1, max: 1_000 }), fc.constantFrom('(', '[', '{', 'f(', 'a.', '!', '-', 'x=>', 'lambda:', 'not ', 'await ', '`${'), fc.boolean()).map(([depth, open, closed]) => {
  const close: Record<string, string> = { '(': ')', '[': ']', '{': '}', 'f(': ')', '`${': '}`' };
  return open.repeat(depth) + 'x' + (closed && close[open] ? close[open]!.repeat(depth) : '');
});

const indentTower = fc.integer({ min: 1, max: 150 }).map((depth) => Array.from({ length: depth }, (_, i) => `${' '.repeat(i)}if x:`).join('\n') + `\n${' '.repeat(depth)}pass`);

const longString = fc.tuple(fc.constantFrom('"', "'", '`', '"""', "'''"), fc.integer({ min: 0, max: 5_000 }), fc.constantFrom('a', '\\', '\\x', '\n', 'é', '\uD800')).map(([q, n, c]) => `x = ${q}${c.repeat(n)}${n % 2 ? q : ''}`);

/** A snippet of real code with splices: the shapes the scanner's rules were written for, broken. */
export function spliced(corpus: readonly string[]) {
  return fc.tuple(fc.constantFrom(...corpus), fc.array(fc.tuple(fc.nat(), fc.nat({ max: 12 }), fc.oneof(fc.constantFrom(...JS_TOKENS, ...PY_TOKENS, ...STRANGE), fc.string({ maxLength: 4 }))), { maxLength: 8 })).map(([code, edits]) => {
    let out = code;
    for (const [at, del, ins] of edits) {
      const i = at % (out.length + 1);
      out = out.slice(0, i) + ins + out.slice(i + del);
    }
    return out;
  });
}

/** Every shape, in either language (code of one language is often analysed as the other). */
export function analyzeInput(corpus: readonly string[]) {
  return fc.tuple(
    fc.oneof(
      { weight: 4, arbitrary: spliced(corpus) },
      { weight: 3, arbitrary: soup(JS_TOKENS) },
      { weight: 3, arbitrary: soup(PY_TOKENS) },
      { weight: 1, arbitrary: tower },
      { weight: 1, arbitrary: indentTower },
      { weight: 1, arbitrary: longString },
      { weight: 1, arbitrary: fc.string({ maxLength: 300, unit: 'binary' }) },
    ),
    language,
  );
}
