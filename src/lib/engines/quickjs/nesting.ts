/**
 * Whether source could nest deeply enough to matter to QuickJS's parser, which recurses per
 * level and, like JSON, uses much more native stack per level than its own stack check counts
 * (about 500 nested brackets or `else if`s crash the wasm module in a Chromium worker). Short
 * code with shallow brackets cannot; anything else gets a compile-only pass on a small stack
 * first, where too much nesting is a clean "stack overflow" SyntaxError.
 */
export function mayNestDeeply(code: string): boolean {
  if (code.length > 1500) return true;
  let depth = 0;
  let max = 0;
  for (let i = 0; i < code.length; i++) {
    const c = code.charCodeAt(i);
    // ( [ { open, ) ] } close; strings and comments are counted too, which only errs towards checking.
    if (c === 0x28 || c === 0x5b || c === 0x7b) max = Math.max(max, ++depth);
    else if (c === 0x29 || c === 0x5d || c === 0x7d) depth--;
  }
  return max > 64;
}
