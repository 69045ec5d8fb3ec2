/**
 * The decoders constant folding applies (`atob`, `b64decode`, `bytes.fromhex`, rot13, `unescape`).
 * Bytes come back as one char per byte; payload names are ASCII, so that is enough.
 * Each returns null on input its real counterpart would reject.
 */

import { MAX_FOLD_LENGTH } from './limits';

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

function base64Value(c: number): number {
  if (c >= 65 && c <= 90) return c - 65;
  if (c >= 97 && c <= 122) return c - 71;
  if (c >= 48 && c <= 57) return c + 4;
  if (c === 43 || c === 45) return 62; // + and URL-safe -
  if (c === 47 || c === 95) return 63; // / and URL-safe _
  return -1;
}

export function base64Decode(text: string): string | null {
  if (text.length > MAX_FOLD_LENGTH * 2) return null;
  let out = '';
  let bits = 0;
  let acc = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 61 /* = */) break;
    if (c === 32 || c === 10 || c === 13 || c === 9) continue;
    const v = base64Value(c);
    if (v < 0) return null;
    acc = ((acc << 6) | v) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += String.fromCharCode((acc >> bits) & 0xff);
    }
  }
  return out;
}

export function base64Encode(text: string): string | null {
  if (text.length > MAX_FOLD_LENGTH) return null;
  let out = '';
  for (let i = 0; i < text.length; i += 3) {
    const a = text.charCodeAt(i);
    const b = i + 1 < text.length ? text.charCodeAt(i + 1) : NaN;
    const c = i + 2 < text.length ? text.charCodeAt(i + 2) : NaN;
    if (a > 0xff || b > 0xff || c > 0xff) return null; // btoa throws on non-Latin-1
    const n = (a << 16) | ((b || 0) << 8) | (c || 0);
    out += B64[(n >> 18) & 63]! + B64[(n >> 12) & 63]!;
    out += Number.isNaN(b) ? '=' : B64[(n >> 6) & 63]!;
    out += Number.isNaN(c) ? '=' : B64[n & 63]!;
  }
  return out;
}

function hexValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 102) return c - 87;
  if (c >= 65 && c <= 70) return c - 55;
  return -1;
}

/** `bytes.fromhex` (spaces allowed between bytes) and `Buffer.from(s, 'hex')`. */
export function hexDecode(text: string): string | null {
  let out = '';
  let high = -1;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 32 && high < 0) continue;
    const v = hexValue(c);
    if (v < 0) return null;
    if (high < 0) high = v;
    else {
      out += String.fromCharCode(high * 16 + v);
      high = -1;
    }
  }
  return high < 0 ? out : null;
}

export function rot13(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 65 && c <= 90) out += String.fromCharCode(((c - 52) % 26) + 65);
    else if (c >= 97 && c <= 122) out += String.fromCharCode(((c - 84) % 26) + 97);
    else out += text[i];
  }
  return out;
}

/** `unescape` and `decodeURIComponent` on the `%XX` and `%uXXXX` forms. */
export function percentDecode(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) === 37 /* % */) {
      if (text[i + 1] === 'u') {
        const code = parseHex(text, i + 2, 4);
        if (code >= 0) {
          out += String.fromCharCode(code);
          i += 5;
          continue;
        }
      }
      const code = parseHex(text, i + 1, 2);
      if (code >= 0) {
        out += String.fromCharCode(code);
        i += 2;
        continue;
      }
    }
    out += text[i];
  }
  return out;
}

function parseHex(text: string, at: number, digits: number): number {
  if (at + digits > text.length) return -1;
  let n = 0;
  for (let i = at; i < at + digits; i++) {
    const v = hexValue(text.charCodeAt(i));
    if (v < 0) return -1;
    n = n * 16 + v;
  }
  return n;
}

export function reverse(text: string): string {
  let out = '';
  for (let i = text.length - 1; i >= 0; i--) out += text[i];
  return out;
}
