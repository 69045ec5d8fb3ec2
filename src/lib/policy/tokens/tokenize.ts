/**
 * A forgiving tokenizer for code that does not parse: it never throws, runs in one pass, and
 * keeps comments out and strings whole, so the fallback scan matches meaning, not raw text.
 */

import { isHexDigits, replaceEscapes } from '../escapes';
import { normaliseName } from '../names';
import { PATTERNS } from '../patterns';
import { decodePythonString } from '../python/strings';
import type { Language } from '../types';

export type TokenType = 'name' | 'string' | 'number' | 'punct' | 'regex';

export interface Token {
  readonly type: TokenType;
  /** Names: the identifier after escapes and NFKC; strings: the value (undefined when not constant); others: the source. */
  readonly value: string | undefined;
  readonly from: number;
  readonly to: number;
  /** Name written with `\u` escapes, or string source with escapes. */
  readonly escaped: boolean;
  /** First token of a line outside brackets, and that line's indentation (Python blocks). */
  readonly lineStart: boolean;
  readonly indent: number;
  /** Bracket depth before this token. */
  readonly depth: number;
}

const REGEX_AFTER_WORDS = new Set(['return', 'typeof', 'case', 'do', 'else', 'in', 'of', 'new', 'delete', 'void', 'throw', 'instanceof', 'yield', 'await']);
const JS_PUNCT = ['...', '?.', '**', '=>', '==', '!=', '<=', '>=', '&&', '||', '??'];
const PY_PUNCT = ['**', '//', '->', ':=', '==', '!=', '<=', '>='];

function isAsciiIdStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c === 36;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isIdStart(ch: string, language: Language): boolean {
  const c = ch.charCodeAt(0);
  if (c < 0x80) return isAsciiIdStart(c) && (language === 'javascript' || c !== 36);
  return PATTERNS.idStart.test(ch);
}

function isIdContinue(ch: string, language: Language): boolean {
  const c = ch.charCodeAt(0);
  if (c < 0x80) return isAsciiIdStart(c) || isDigit(c) ? language === 'javascript' || c !== 36 : false;
  return PATTERNS.idContinue.test(ch);
}

export function tokenize(code: string, language: Language): Token[] {
  const tokens: Token[] = [];
  const n = code.length;
  let i = 0;
  let depth = 0;
  let lineStart = true;
  let indent = 0;
  let lineIndent = 0;
  const push = (type: TokenType, value: string | undefined, from: number, to: number, escaped = false) => {
    tokens.push({ type, value, from, to, escaped, lineStart: lineStart && depth === 0, indent: lineIndent, depth });
    lineStart = false;
  };
  const prevAllowsRegex = (): boolean => {
    const prev = tokens[tokens.length - 1];
    if (!prev) return true;
    if (prev.type === 'punct') return prev.value !== ')' && prev.value !== ']' && prev.value !== '}';
    if (prev.type === 'name') return REGEX_AFTER_WORDS.has(prev.value ?? '');
    return false;
  };

  while (i < n) {
    const ch = code[i]!;
    const c = code.charCodeAt(i);
    if (c === 10) {
      i++;
      lineStart = true;
      indent = 0;
      lineIndent = 0;
      continue;
    }
    if (c === 32 || c === 9 || c === 13 || c === 12 || c === 0xfeff) {
      if (lineStart) indent += c === 9 ? 8 - (indent % 8) : 1;
      lineIndent = indent;
      i++;
      continue;
    }
    lineIndent = indent;
    // Comments
    if (language === 'python' && ch === '#') {
      i = lineEnd(code, i);
      continue;
    }
    if (language === 'javascript' && ch === '/' && code[i + 1] === '/') {
      i = lineEnd(code, i);
      continue;
    }
    if (language === 'javascript' && ch === '/' && code[i + 1] === '*') {
      const close = code.indexOf('*/', i + 2);
      i = close < 0 ? n : close + 2;
      continue;
    }
    if (language === 'javascript' && ch === '#' && code[i + 1] === '!' && i === 0) {
      i = lineEnd(code, i);
      continue;
    }
    // Strings
    if (language === 'python') {
      const quoteAt = pythonStringStart(code, i);
      if (quoteAt >= 0) {
        const end = pythonStringEnd(code, quoteAt);
        const raw = code.slice(i, end);
        push('string', decodePythonString(raw)?.value, i, end, raw.includes('\\'));
        i = end;
        continue;
      }
    } else if (ch === '"' || ch === "'") {
      const end = jsStringEnd(code, i, ch);
      const body = code.slice(i + 1, end > i + 1 && code[end - 1] === ch ? end - 1 : end);
      push('string', unescapeJs(body), i, end, body.includes('\\'));
      i = end;
      continue;
    } else if (ch === '`') {
      const [end, constant] = templateEnd(code, i);
      const body = code.slice(i + 1, code[end - 1] === '`' ? end - 1 : end);
      push('string', constant ? unescapeJs(body) : undefined, i, end, body.includes('\\'));
      i = end;
      continue;
    } else if (ch === '/' && prevAllowsRegex()) {
      const end = regexEnd(code, i);
      if (end > 0) {
        push('regex', undefined, i, end);
        i = end;
        continue;
      }
    }
    // Numbers
    if (isDigit(c) || (ch === '.' && isDigit(code.charCodeAt(i + 1)))) {
      let j = i + 1;
      while (j < n) {
        const d = code.charCodeAt(j);
        const prev = code.charCodeAt(j - 1) | 0x20;
        if (isDigit(d) || isAsciiIdStart(d) || d === 46 || ((d === 43 || d === 45) && prev === 101 /* e */ && !code.startsWith('0x', i))) j++;
        else break;
      }
      push('number', code.slice(i, j), i, j);
      i = j;
      continue;
    }
    // Names, with JavaScript's \uXXXX escapes
    if (isIdStart(String.fromCodePoint(code.codePointAt(i)!), language) || (language === 'javascript' && ch === '\\' && code[i + 1] === 'u')) {
      let j = i;
      let name = '';
      let escaped = false;
      while (j < n) {
        if (language === 'javascript' && code[j] === '\\' && code[j + 1] === 'u') {
          const [cp, len] = unicodeEscape(code, j + 2);
          if (cp < 0) break;
          name += String.fromCodePoint(cp);
          j += 2 + len;
          escaped = true;
          continue;
        }
        const cp = code.codePointAt(j)!;
        const s = String.fromCodePoint(cp);
        if (!isIdContinue(s, language)) break;
        name += s;
        j += s.length;
      }
      if (j === i) {
        push('punct', ch, i, i + 1);
        i++;
        continue;
      }
      push('name', normaliseName(name), i, j, escaped);
      i = j;
      continue;
    }
    // Punctuation
    const multi = (language === 'javascript' ? JS_PUNCT : PY_PUNCT).find((p) => code.startsWith(p, i));
    const p = multi ?? ch;
    if (p === '(' || p === '[' || p === '{') {
      push('punct', p, i, i + 1);
      depth++;
    } else if (p === ')' || p === ']' || p === '}') {
      depth = Math.max(0, depth - 1);
      push('punct', p, i, i + 1);
    } else push('punct', p, i, i + p.length);
    i += p.length;
  }
  return tokens;
}

function lineEnd(code: string, from: number): number {
  const nl = code.indexOf('\n', from);
  return nl < 0 ? code.length : nl;
}

function jsStringEnd(code: string, start: number, quote: string): number {
  for (let i = start + 1; i < code.length; i++) {
    const c = code[i];
    if (c === '\\') i++;
    else if (c === quote) return i + 1;
    else if (c === '\n') return i;
  }
  return code.length;
}

/** End of a template literal, and whether it has no `${}` (so its value is constant). */
function templateEnd(code: string, start: number): [number, boolean] {
  let braces = 0;
  let constant = true;
  for (let i = start + 1; i < code.length; i++) {
    const c = code[i];
    if (c === '\\') i++;
    else if (braces === 0 && c === '`') return [i + 1, constant];
    else if (c === '$' && code[i + 1] === '{') {
      braces++;
      constant = false;
      i++;
    } else if (c === '{' && braces > 0) braces++;
    else if (c === '}' && braces > 0) braces--;
  }
  return [code.length, constant];
}

function regexEnd(code: string, start: number): number {
  let inClass = false;
  for (let i = start + 1; i < code.length; i++) {
    const c = code[i];
    if (c === '\\') i++;
    else if (c === '\n') return -1;
    else if (c === '[') inClass = true;
    else if (c === ']') inClass = false;
    else if (c === '/' && !inClass) {
      let j = i + 1;
      while (j < code.length && isAsciiIdStart(code.charCodeAt(j))) j++;
      return j;
    }
  }
  return -1;
}

/** Offset of the opening quote when a Python string (with prefix) starts at `i`, else -1. */
function pythonStringStart(code: string, i: number): number {
  for (let j = i; j < i + 3 && j < code.length; j++) {
    const c = code[j]!;
    if (c === '"' || c === "'") return j;
    if (!'rRbBuUfF'.includes(c)) return -1;
  }
  return -1;
}

function pythonStringEnd(code: string, quoteAt: number): number {
  const q = code[quoteAt]!;
  const triple = code.startsWith(q + q + q, quoteAt);
  const close = triple ? q + q + q : q;
  for (let i = quoteAt + close.length; i < code.length; i++) {
    const c = code[i];
    if (c === '\\') i++;
    else if (!triple && c === '\n') return i;
    else if (code.startsWith(close, i)) return i + close.length;
  }
  return code.length;
}

function unicodeEscape(code: string, at: number): [number, number] {
  if (code[at] === '{') {
    const close = code.indexOf('}', at);
    if (close < 0 || close - at > 9) return [-1, 0];
    const n = Number.parseInt(code.slice(at + 1, close), 16);
    return Number.isInteger(n) && n <= 0x10ffff ? [n, close - at + 1] : [-1, 0];
  }
  const hex = code.slice(at, at + 4);
  const n = hex.length === 4 ? Number.parseInt(hex, 16) : NaN;
  return Number.isInteger(n) && isHexDigits(hex) ? [n, 4] : [-1, 0];
}

const JS_SIMPLE: Readonly<Record<string, string>> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', v: '\v', '0': '\0' };

/** A JavaScript string body's value (close enough for constant names; octal escapes are rare). */
export function unescapeJs(body: string): string {
  return replaceEscapes(body, (text, at) => {
    const e = text[at]!;
    if (e === 'x') {
      const hex = text.slice(at + 1, at + 3);
      if (hex.length === 2 && isHexDigits(hex)) return { text: String.fromCharCode(Number.parseInt(hex, 16)), used: 3 };
    } else if (e === 'u') {
      const [cp, len] = unicodeEscape(text, at + 1);
      if (cp >= 0) return { text: String.fromCodePoint(cp), used: 1 + len };
    } else if (e === '\n') return { text: '', used: 1 };
    return { text: JS_SIMPLE[e] ?? e, used: 1 };
  });
}
