/** Python string literals to their values: prefixes, quotes, escapes. */

import { isHexDigits, replaceEscapes } from '../escapes';
import { MAX_FOLD_LENGTH } from '../limits';

export interface PyString {
  readonly value: string;
  readonly bytes: boolean;
  readonly raw: boolean;
  /** The literal's source between the quotes, for escape counting. */
  readonly body: string;
}

const SIMPLE: Readonly<Record<string, string>> = { n: '\n', t: '\t', r: '\r', a: '\x07', b: '\b', f: '\f', v: '\v', '\\': '\\', "'": "'", '"': '"' };

/** Decode one literal (`r'…'`, `b"…"`, `'''…'''`); f-strings only when they have no replacement fields. Null when it cannot. */
export function decodePythonString(text: string): PyString | null {
  let i = 0;
  let raw = false;
  let bytes = false;
  let format = false;
  for (; i < text.length && i < 3; i++) {
    const c = text[i]!.toLowerCase();
    if (c === 'r') raw = true;
    else if (c === 'b') bytes = true;
    else if (c === 'f') format = true;
    else if (c !== 'u') break;
  }
  const quote = text[i];
  if (quote !== '"' && quote !== "'") return null;
  const triple = text.startsWith(quote.repeat(3), i);
  const open = triple ? 3 : 1;
  const closes = text.endsWith(quote.repeat(open)) && text.length >= i + open * 2;
  const body = text.slice(i + open, closes ? text.length - open : text.length);
  if (body.length > MAX_FOLD_LENGTH * 4) return null;
  if (format && body.includes('{') && !onlyDoubledBraces(body)) return null;
  const value = raw ? body : unescape(body, bytes);
  return { value: format ? value.replaceAll('{{', '{').replaceAll('}}', '}') : value, bytes, raw, body };
}

function onlyDoubledBraces(body: string): boolean {
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c === '{' || c === '}') {
      if (body[i + 1] !== c) return false;
      i++;
    }
  }
  return true;
}

function unescape(body: string, bytes: boolean): string {
  return replaceEscapes(body, (text, at) => {
    const e = text[at]!;
    if (e === '\n') return { text: '', used: 1 }; // line continuation
    const simple = SIMPLE[e];
    if (simple !== undefined) return { text: simple, used: 1 };
    if (e >= '0' && e <= '7') {
      let n = 0;
      let k = 0;
      for (; k < 3 && at + k < text.length && text[at + k]! >= '0' && text[at + k]! <= '7'; k++) n = n * 8 + (text.charCodeAt(at + k) - 48);
      return { text: String.fromCharCode(n), used: k };
    }
    const width = e === 'x' ? 2 : !bytes && e === 'u' ? 4 : !bytes && e === 'U' ? 8 : 0;
    if (width > 0) {
      const hex = text.slice(at + 1, at + 1 + width);
      const n = hex.length === width ? Number.parseInt(hex, 16) : NaN;
      if (Number.isInteger(n) && n <= 0x10ffff && isHexDigits(hex)) return { text: String.fromCodePoint(n), used: 1 + width };
    }
    return { text: `\\${e}`, used: 1 }; // unknown escapes (and \N{…}) stay as written
  });
}

/** A Python number literal: `1_000`, `0x1F`, `1e9`, `2j` (imaginary parts are not sizes: NaN). */
export function parsePythonNumber(text: string): number {
  const t = text.replaceAll('_', '').toLowerCase();
  if (t.endsWith('j')) return NaN;
  if (t.startsWith('0x')) return Number.parseInt(t.slice(2), 16);
  if (t.startsWith('0o')) return Number.parseInt(t.slice(2), 8);
  if (t.startsWith('0b')) return Number.parseInt(t.slice(2), 2);
  return Number(t);
}
