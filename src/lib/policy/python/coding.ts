import { PATTERNS } from '../patterns';
import type { CodingSite } from '../sites';

/** PEP 263: a `coding[:=]` comment on line 1 or 2 sets the source encoding. */
export function codingCookie(code: string): CodingSite | null {
  let start = 0;
  for (let line = 0; line < 2 && start <= code.length; line++) {
    const newline = code.indexOf('\n', start);
    const end = newline < 0 ? code.length : newline;
    const text = code.slice(start, Math.min(end, start + 512));
    const m = PATTERNS.codingCookie.exec(text);
    if (m) return { kind: 'coding', from: start, to: end, encoding: m[1]! };
    // Only a comment or blank line may come before the cookie's line.
    if (!text.trimStart().startsWith('#') && text.trim() !== '') return null;
    if (newline < 0) break;
    start = newline + 1;
  }
  return null;
}
