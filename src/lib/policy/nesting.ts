import type { Language } from './types';

/**
 * Bracket depth past which code is not handed to a parser. CPython refuses more than 200 nested
 * brackets itself ("too many nested parentheses"), and Lezer slows down badly long before its
 * stack gives out. Acorn is recursive descent: its stack can still give out below this when its
 * frames are not yet optimised, and the analysis then falls back to the token scan.
 */
export const MAX_NESTING: Readonly<Record<Language, number>> = { javascript: 1000, python: 200 };

/** Offset of the first bracket (outside strings and comments) nested deeper than `limit`, or -1. One linear pass. */
export function tooDeepAt(code: string, limit: number, language: Language): number {
  let depth = 0;
  for (let i = 0; i < code.length; i++) {
    const c = code.charCodeAt(i);
    if (c === 40 || c === 91 || c === 123) {
      if (++depth > limit) return i;
    } else if (c === 41 || c === 93 || c === 125) {
      if (depth > 0) depth--;
    } else if (c === 34 || c === 39 || (c === 96 && language === 'javascript')) {
      i = skipString(code, i, language) - 1;
    } else if (language === 'python' ? c === 35 /* # */ : c === 47 /* / */ && code.charCodeAt(i + 1) === 47) {
      const nl = code.indexOf('\n', i);
      if (nl < 0) return -1;
      i = nl;
    } else if (language === 'javascript' && c === 47 && code.charCodeAt(i + 1) === 42 /* * */) {
      const end = code.indexOf('*/', i + 2);
      if (end < 0) return -1;
      i = end + 1;
    }
  }
  return -1;
}

function skipString(code: string, at: number, language: Language): number {
  const q = code[at]!;
  const triple = language === 'python' && code.startsWith(q + q + q, at);
  const close = triple ? q + q + q : q;
  const multiline = triple || q === '`';
  for (let i = at + close.length; i < code.length; i++) {
    const c = code[i];
    if (c === '\\') i++;
    else if (!multiline && c === '\n') return i;
    else if (code.startsWith(close, i)) return i + close.length;
  }
  return code.length;
}
