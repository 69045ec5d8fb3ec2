/**
 * Every regular expression the scanner uses, in one place so a test can run each through a ReDoS
 * checker. Keep them linear: no nested quantifiers, no overlapping alternatives under a quantifier.
 */
export const PATTERNS = {
  /** PEP 263's cookie, tested on each of the first two lines. */
  codingCookie: /^[ \t\f]*#[^\r\n]*?coding[:=][ \t]*([-\w.]+)/,
  /** Paths outside the workspace, or that reach for secrets. */
  sensitivePath: /^(?:\/(?:etc|proc|sys|dev|root|home|var|boot|usr|bin|private)(?:\/|$)|~|[A-Za-z]:[\\/]|\\\\)|(?:^|[\\/])\.\.(?:[\\/]|$)|\.ssh\b|\.aws\b|\.npmrc|\.netrc|\.bash_history|\bid_rsa\b|\/passwd\b|\/shadow\b/,
  /** Module specifiers that carry code themselves instead of naming a module. */
  inlineModule: /^(?:data|blob|javascript):/i,
  /** Remote specifiers, for importScripts and import(). */
  remoteUrl: /^(?:https?|wss?|ftp):\/\//i,
  /** Identifier characters beyond ASCII, one character at a time (the tokenizers). */
  idStart: /^[\p{ID_Start}$_]$/u,
  idContinue: /^[\p{ID_Continue}$\u200c\u200d]$/u,
  /** Custom-policy module names: dotted identifiers, npm-style names, or `*`. */
  moduleName: /^(?:\*|@?[A-Za-z0-9_][\w.\-]{0,127}(?:\/[\w.\-]{1,128})?)$/,
  /** Rule ids in custom policies: `category/name`. */
  ruleId: /^[a-z][a-z-]{0,31}\/[a-z0-9][a-z0-9-]{0,63}$/,
  /** The ` (line:column)` acorn appends to its messages; the finding carries the position itself. */
  acornPosition: / \(\d+:\d+\)$/,
} as const satisfies Record<string, RegExp>;

export type PatternName = keyof typeof PATTERNS;
