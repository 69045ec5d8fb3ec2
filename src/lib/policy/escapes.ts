/**
 * Counts `\xHH`, `\uHHHH`, `\u{H…}`, `\UHHHHHHHH` and octal escapes in a literal's source text.
 * "Needless" escapes spell printable ASCII that could have been typed: `"\x65\x76\x61\x6c"`.
 */
export function countEscapes(raw: string): { escapes: number; needless: number } {
  let escapes = 0;
  let needless = 0;
  for (let i = raw.indexOf('\\'); i >= 0 && i < raw.length - 1; i = raw.indexOf('\\', i + 1)) {
    const kind = raw[i + 1];
    let code = -1;
    let length = 0;
    if (kind === 'x') [code, length] = hexRun(raw, i + 2, 2, 2);
    else if (kind === 'u' && raw[i + 2] === '{') {
      const close = raw.indexOf('}', i + 3);
      if (close > 0 && close - i < 12) [code, length] = hexRun(raw, i + 3, 1, close - i - 3);
      if (code >= 0) length += 2;
    } else if (kind === 'u') [code, length] = hexRun(raw, i + 2, 4, 4);
    else if (kind === 'U') [code, length] = hexRun(raw, i + 2, 8, 8);
    else if (kind !== undefined && kind >= '0' && kind <= '7' && raw[i + 2] !== undefined && raw[i + 2]! >= '0' && raw[i + 2]! <= '7') {
      [code, length] = octalRun(raw, i + 1);
      length--; // the loop below skips past the first digit itself
    } else {
      i++; // `\\` and the like: skip the escaped character
      continue;
    }
    if (code < 0) continue;
    escapes++;
    if (code >= 0x20 && code < 0x7f && code !== 0x22 && code !== 0x27 && code !== 0x5c && code !== 0x60) needless++;
    i += length;
  }
  return { escapes, needless };
}

function hexRun(text: string, at: number, min: number, max: number): [number, number] {
  let n = 0;
  let i = at;
  for (; i < text.length && i - at < max; i++) {
    const c = text.charCodeAt(i) | 0x20;
    const v = c >= 48 && c <= 57 ? c - 48 : c >= 97 && c <= 102 ? c - 87 : -1;
    if (v < 0) break;
    n = n * 16 + v;
  }
  return i - at >= min ? [n, i - at] : [-1, 0];
}

function octalRun(text: string, at: number): [number, number] {
  let n = 0;
  let i = at;
  for (; i < text.length && i - at < 3; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 55) break;
    n = n * 8 + (c - 48);
  }
  return [n, i - at];
}

/** What a language makes of the characters after a backslash at `at`: the text, and how many characters it used (at least 1). */
export type EscapeReader = (body: string, at: number) => { readonly text: string; readonly used: number };

/** A string body with each backslash escape replaced by what `read` makes of it; a backslash at the very end stays. */
export function replaceEscapes(body: string, read: EscapeReader): string {
  if (!body.includes('\\')) return body;
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c !== '\\' || i + 1 >= body.length) {
      out += c;
      continue;
    }
    const { text, used } = read(body, i + 1);
    out += text;
    i += used;
  }
  return out;
}

/** Whether `text` is made of hex digits only. */
export function isHexDigits(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i) | 0x20;
    if (!((c >= 48 && c <= 57) || (c >= 97 && c <= 102))) return false;
  }
  return true;
}
