/** Python string literals to their values: prefixes, quotes, escapes. */

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
  if (!body.includes('\\')) return body;
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c !== '\\' || i + 1 >= body.length) {
      out += c;
      continue;
    }
    const e = body[++i]!;
    if (e === '\n') continue; // line continuation
    const simple = SIMPLE[e];
    if (simple !== undefined) {
      out += simple;
      continue;
    }
    if (e >= '0' && e <= '7') {
      let n = 0;
      let k = 0;
      for (; k < 3 && i + k < body.length && body[i + k]! >= '0' && body[i + k]! <= '7'; k++) n = n * 8 + (body.charCodeAt(i + k) - 48);
      out += String.fromCharCode(n);
      i += k - 1;
      continue;
    }
    const width = e === 'x' ? 2 : !bytes && e === 'u' ? 4 : !bytes && e === 'U' ? 8 : 0;
    if (width > 0) {
      const hex = body.slice(i + 1, i + 1 + width);
      const n = hex.length === width ? Number.parseInt(hex, 16) : NaN;
      if (Number.isInteger(n) && n <= 0x10ffff && isHex(hex)) {
        out += String.fromCodePoint(n);
        i += width;
        continue;
      }
    }
    out += `\\${e}`; // unknown escapes (and \N{…}) stay as written
  }
  return out;
}

function isHex(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i) | 0x20;
    if (!((c >= 48 && c <= 57) || (c >= 97 && c <= 102))) return false;
  }
  return true;
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
