/** Bounds that keep the analysis linear and its stack shallow whatever the input. */

/** Code larger than this (UTF-8 bytes) is refused before parsing; SandboxAI's request-body limit. */
export const MAX_CODE_BYTES = 1024 * 1024;

/** How deep constant folding and name resolution may recurse into one expression. */
export const MAX_FOLD_DEPTH = 48;

/** Longest string constant folding builds; past it the value is unknown. */
export const MAX_FOLD_LENGTH = 4096;

/** Identifiers kept in telemetry. */
export const MAX_IDENTIFIERS = 500;

/** Findings kept per rule; more add nothing to the score and only bury the rest. */
export const MAX_FINDINGS_PER_RULE = 50;

/** Whether a string's UTF-8 encoding is longer than `limit` bytes, without allocating it. */
export function exceedsUtf8(text: string, limit: number): boolean {
  if (text.length > limit) return true;
  if (text.length * 3 <= limit) return false; // every UTF-16 unit is at most three bytes
  return utf8Length(text, limit) > limit;
}

/** UTF-8 length of a string; stops counting once past `cap`. */
export function utf8Length(text: string, cap = Infinity): number {
  let bytes = 0;
  for (let i = 0; i < text.length && bytes <= cap; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        bytes += 4;
        i++;
      } else bytes += 3; // a lone surrogate becomes U+FFFD, three bytes
    } else bytes += 3;
  }
  return bytes;
}
