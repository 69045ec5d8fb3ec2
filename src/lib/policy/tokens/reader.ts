/**
 * Reading tokens for the fallback scan: brackets, statements, member chains and constants.
 * Holds what the scan has bound so far (`cp = require("child_process")`, `k = "ev"`).
 */

import { base64Decode, hexDecode } from '../decode';
import { add, fromCodes, num, power, str } from '../fold-ops';
import { DYNAMIC_GLOBAL, FUNCTION, JS_GLOBAL_OBJECTS, joinPath, UNKNOWN } from '../names';
import { parsePythonNumber } from '../python/strings';
import { MAX_FOLD_DEPTH } from '../limits';
import { UNKNOWN_VALUE, type Value } from '../sites';
import type { Language } from '../types';
import type { Token } from './tokenize';

/** Calls that decode their argument; folding them marks the value decoded. */
export const DECODERS: ReadonlySet<string> = new Set([
  'atob', 'unescape', 'decodeURIComponent', 'String.fromCharCode', 'String.fromCodePoint', 'Buffer.from',
  'base64.b64decode', 'base64.decodebytes', 'base64.urlsafe_b64decode', 'bytes.fromhex', 'binascii.unhexlify', 'codecs.decode', 'chr',
  'zlib.decompress', 'marshal.loads',
]);

/** Longest token run folded into a constant; longer ones are not names or payload keys. */
const MAX_FOLD_TOKENS = 256;

/** Python namespaces a subscript or getattr looks names up in: `globals()["exec"]` is `exec`. */
const PY_NAMESPACES: ReadonlySet<string> = new Set(['__builtins__', 'builtins', 'globals()', 'locals()', 'vars()']);

export interface Chain {
  /** The chain's first token, for spans of chains continued after a call. */
  readonly first?: Token;
  readonly path: string;
  readonly evasive: boolean;
  readonly decoded: boolean;
  readonly through: string | null;
  /** Index of the first token after the chain. */
  readonly end: number;
}

export class TokenReader {
  /** Names bound to paths: `cp = require("child_process")`, `from os import system`. */
  readonly aliases = new Map<string, string>();
  /** Names bound to constants: `k = "ev"`, for folding `globalThis[k + l]`. */
  readonly constants = new Map<string, Value>();

  constructor(
    readonly code: string,
    readonly tokens: readonly Token[],
    readonly language: Language,
    /** Told of each member name a chain reads (escaped names are sites of their own). */
    private readonly onMemberName: (t: Token) => void,
  ) {
    // Every bracket's partner, found once: looking them up must not rescan (nested calls would go quadratic).
    const closers = new Int32Array(tokens.length).fill(tokens.length);
    const open: number[] = [];
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i]!;
      if (t.type !== 'punct') continue;
      if (t.value === '(' || t.value === '[' || t.value === '{') open.push(i);
      else if ((t.value === ')' || t.value === ']' || t.value === '}') && open.length > 0) closers[open.pop()!] = i;
    }
    this.#closers = closers;
  }

  readonly #closers: Int32Array;

  isPunct(i: number, p: string): boolean {
    return this.tokens[i]?.type === 'punct' && this.tokens[i]!.value === p;
  }

  isName(i: number, name?: string): boolean {
    return this.tokens[i]?.type === 'name' && (name === undefined || this.tokens[i]!.value === name);
  }

  /** End offset of token i, clamped to the last token. */
  endOf(i: number): number {
    return this.tokens[Math.min(Math.max(i, 0), this.tokens.length - 1)]?.to ?? this.code.length;
  }

  /** Index of the bracket closing the one at `open` (any kind closes any), or the token count. */
  closing(open: number): number {
    return open < this.tokens.length ? this.#closers[open]! : this.tokens.length;
  }

  /** A constant from tokens [from, to): strings and numbers joined by `+`, `chr(n)`, `atob("…")`, `a ** b`. */
  foldRange(from: number, to: number, depth = 0): Value {
    if (from >= to || depth > MAX_FOLD_DEPTH) return UNKNOWN_VALUE;
    if (to - from === 1) return this.single(this.tokens[from]!);
    if (to - from > MAX_FOLD_TOKENS) return UNKNOWN_VALUE;
    let value: Value | null = null;
    let folded = false;
    let j = from;
    while (j < to) {
      let part: Value;
      const chain = this.isName(j) ? this.readChain(j, undefined, depth + 1) : null;
      if (chain && this.isPunct(chain.end, '(')) {
        const close = this.closing(chain.end);
        part = this.foldCall(chain.path, chain.end + 1, close, depth + 1);
        j = close + 1;
      } else {
        part = this.single(this.tokens[j]!);
        j++;
      }
      value = value === null ? part : add(value, part);
      if (j < to && !this.isPunct(j, '+')) {
        if (this.isPunct(j, '**') && value.num !== undefined) {
          const rest = this.foldRange(j + 1, to, depth + 1);
          return power(value, rest);
        }
        return { ...UNKNOWN_VALUE, decoded: value.decoded };
      }
      if (j < to) folded = true;
      j++;
    }
    return value === null ? UNKNOWN_VALUE : { ...value, folded: folded || value.folded };
  }

  /** One token's value: a literal, or a name (a bound constant, else just its path). */
  single(t: Token): Value {
    if (t.type === 'string') return t.value === undefined ? UNKNOWN_VALUE : str(t.value, false);
    if (t.type === 'number') {
      const text = t.value ?? '';
      const n = this.language === 'python' ? parsePythonNumber(text) : Number(text.endsWith('n') ? text.slice(0, -1) : text.replaceAll('_', ''));
      return Number.isNaN(n) ? UNKNOWN_VALUE : num(n, false);
    }
    if (t.type === 'name') return this.constants.get(t.value ?? '') ?? { ...UNKNOWN_VALUE, path: this.aliases.get(t.value ?? '') ?? t.value };
    return UNKNOWN_VALUE;
  }

  foldCall(path: string, from: number, close: number, depth = 0): Value {
    if (!DECODERS.has(path)) return UNKNOWN_VALUE;
    const args = this.splitArgs(from, close).map(([a, b]) => this.foldRange(a, b, depth + 1));
    const a0 = args[0] ?? UNKNOWN_VALUE;
    if (path === 'chr' || path.startsWith('String.from')) return fromCodes(args.map((a) => a.num));
    if (a0.str === undefined) return { ...UNKNOWN_VALUE, folded: true, decoded: true };
    const hex = path === 'bytes.fromhex' || path === 'binascii.unhexlify' || args[1]?.str === 'hex';
    const text = hex ? hexDecode(a0.str) : path === 'Buffer.from' && args[1]?.str !== 'base64' ? a0.str : base64Decode(a0.str);
    return text === null ? { ...UNKNOWN_VALUE, folded: true, decoded: true } : str(text, true, true);
  }

  /** Argument token ranges between `(` at from-1 and `)` at close. */
  splitArgs(from: number, close: number): [number, number][] {
    const ranges: [number, number][] = [];
    if (from >= close) return ranges;
    let start = from;
    for (let j = from; j < close; j++) {
      const t = this.tokens[j]!;
      if (t.type !== 'punct') continue;
      if (t.value === '(' || t.value === '[' || t.value === '{') j = Math.min(this.closing(j), close); // nested brackets: skip, in one step
      else if (t.value === ',') {
        ranges.push([start, j]);
        start = j + 1;
      }
    }
    ranges.push([start, close]);
    return ranges;
  }

  /** `a.b["c"].d` starting at a name token, or continuing `base` from a `.` or `[` at `start`. */
  readChain(start: number, base?: Chain, depth = 0): Chain {
    let path: string;
    let evasive: boolean;
    let decoded = base?.decoded ?? false;
    let through: string | null = base?.through ?? null;
    let j: number;
    if (base) {
      path = base.path;
      evasive = base.evasive;
      j = start;
    } else {
      const first = this.tokens[start]!;
      const root = first.value ?? UNKNOWN;
      path = this.aliases.get(root) ?? root;
      evasive = first.escaped;
      j = start + 1;
    }
    for (;;) {
      if ((this.isPunct(j, '.') || this.isPunct(j, '?.')) && this.isName(j + 1)) {
        const t = this.tokens[j + 1]!;
        this.onMemberName(t);
        const property = t.value ?? UNKNOWN;
        if (this.language === 'javascript' && property === 'constructor' && (path === FUNCTION || path.endsWith('.constructor'))) {
          path = 'Function';
          evasive = true;
        } else ({ path, through } = this.step(path, property, through));
        evasive ||= t.escaped;
        j += 2;
      } else if (this.isPunct(j, '[')) {
        const close = this.closing(j);
        const key = this.foldRange(j + 1, close, depth + 1);
        const property = key.str ?? (key.num !== undefined ? String(key.num) : UNKNOWN);
        evasive ||= key.folded || key.decoded || JS_GLOBAL_OBJECTS.has(path);
        decoded ||= key.decoded;
        ({ path, through } = this.step(path, property, through));
        j = Math.min(close + 1, this.tokens.length);
      } else break;
    }
    return { path, evasive, decoded, through, end: j };
  }

  step(path: string, property: string, through: string | null): { path: string; through: string | null } {
    const namespace = this.language === 'python' ? PY_NAMESPACES.has(path) : JS_GLOBAL_OBJECTS.has(path);
    if (namespace && property === UNKNOWN) return { path: DYNAMIC_GLOBAL, through };
    if (this.language === 'python' && namespace) return { path: property, through: path };
    if (this.language === 'python' && property === '__dict__') return { path, through };
    return { path: joinPath(path, property, this.language), through };
  }

  /** Index after the statement starting at i: the next line start (Python) or `;` at the same depth. */
  statementEnd(i: number): number {
    if (i >= this.tokens.length) return this.tokens.length;
    const depth = this.tokens[i]!.depth;
    for (let j = i + 1; j < this.tokens.length; j++) {
      const t = this.tokens[j]!;
      if (this.language === 'python' ? t.lineStart : t.depth === depth && t.type === 'punct' && t.value === ';') return j;
      if (t.depth < depth) return j;
    }
    return this.tokens.length;
  }

  /** End of a Python block: the first line start indented no deeper than its header. */
  blockEnd(start: number, headerIndent: number): number {
    let j = start;
    // A body on the header's own line ends with that line.
    if (!this.tokens[j]?.lineStart) {
      while (j < this.tokens.length && !this.tokens[j]!.lineStart) j++;
      return j;
    }
    for (; j < this.tokens.length; j++) if (this.tokens[j]!.lineStart && this.tokens[j]!.indent <= headerIndent) return j;
    return this.tokens.length;
  }
}
