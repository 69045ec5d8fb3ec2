/**
 * Sites: what the collectors (acorn walk, Lezer walk, token scan) extract from code, in one shape
 * for both languages. Rules read sites, never syntax trees, so one rule serves every parser.
 */

/** UTF-16 offsets into the analysed code. */
export interface Span {
  readonly from: number;
  readonly to: number;
}

/** What constant folding learnt about an expression. */
export interface Value {
  /** The string it evaluates to, when that could be computed. */
  readonly str?: string;
  readonly num?: number;
  /** log2 of the magnitude, kept when `num` overflows (`10**10**8`). */
  readonly log2?: number;
  /** The name it refers to (a resolved path), when it is a reference. */
  readonly path?: string;
  /** It came out of a decoder: base64, hex, rot13, `chr`/`fromCharCode`, reversal, `marshal`… */
  readonly decoded: boolean;
  /** Computing it took more than reading one literal (concatenation, a template, a decoder). */
  readonly folded: boolean;
  /** A function or lambda expression. */
  readonly fn: boolean;
}

export const UNKNOWN_VALUE: Value = { decoded: false, folded: false, fn: false };

export interface CallSite extends Span {
  readonly kind: 'call';
  /** Resolved callee path: `child_process.exec`, `eval`, `os.system`, `re.compile`; `?` segments are unknown. */
  readonly callee: string;
  /** The callee was reached by obfuscation: a folded computed name, an escape, `(0, eval)`, `Reflect.apply`, `getattr`. */
  readonly evasive: boolean;
  /** The callee name went through a variable (`const e = eval`). */
  readonly aliased: boolean;
  /** Part of the callee's name came out of a decoder (`globalThis[atob("ZXZhbA==")]`). */
  readonly decodedName: boolean;
  /** A namespace the name was looked up through: `__builtins__`, `sys.modules`, `globals()`; else null. */
  readonly through: string | null;
  readonly isNew: boolean;
  readonly args: readonly Value[];
  /** Python keyword arguments, by name. */
  readonly keywords: ReadonlyMap<string, Value>;
  /** Inside a loop body of the same function. */
  readonly inLoop: boolean;
  /** Name of the enclosing function, if it has one. */
  readonly enclosingFunction: string | null;
}

export interface AccessSite extends Span {
  readonly kind: 'access';
  /** The whole member chain: `process.env.HOME`, `Object.prototype.x`, `<literal>.__class__.__bases__`. */
  readonly path: string;
  readonly evasive: boolean;
  readonly aliased: boolean;
  readonly decodedName: boolean;
  readonly through: string | null;
  /** Assigned to, updated or deleted. */
  readonly write: boolean;
  /** The chain is called (`a.b()`); call rules see it as a call site too. */
  readonly called: boolean;
}

export type ImportHow = 'import' | 'require' | 'dynamic-import' | 'import-scripts' | 'python-import' | 'python-dynamic';

export interface ImportSite extends Span {
  readonly kind: 'import';
  /** Module path (`fs.promises`, `os.path`), a raw specifier for relative or URL imports, null when not constant. */
  readonly module: string | null;
  readonly how: ImportHow;
  /** The name was folded from pieces or decoded. */
  readonly evasive: boolean;
  /** `from m import a, b`: the imported names, which may be submodules. */
  readonly names: readonly string[];
}

export interface LoopSite extends Span {
  readonly kind: 'loop';
  /** `while (true)`, `for (;;)`, `while True:`, `for _ in itertools.count()`. Only these are emitted. */
  readonly hasExit: boolean;
}

export interface FunctionSite extends Span {
  readonly kind: 'function';
  readonly name: string;
  /** Emitted only for functions that call themselves. */
  readonly hasBranch: boolean;
}

/** A constant `a ** b` on arbitrary-precision integers (Python ints, JS BigInt). */
export interface PowerSite extends Span {
  readonly kind: 'power';
  readonly log2: number;
}

/** A sequence repeated a constant number of times: Python `[0] * n`, `'x' * n`. */
export interface RepeatSite extends Span {
  readonly kind: 'repeat';
  readonly count: number;
}

/** A string literal written with escapes (`\x65`, `\u0065`), emitted only when it has some. */
export interface StringSite extends Span {
  readonly kind: 'string';
  readonly escapes: number;
  /** The escapes spell printable ASCII that needed no escaping. */
  readonly needless: number;
}

/** An identifier worth a look: written with escapes, changed by NFKC, or a Python dunder. */
export interface NameSite extends Span {
  readonly kind: 'name';
  readonly raw: string;
  readonly name: string;
  readonly escaped: boolean;
  readonly normalised: boolean;
}

/** A Python source-encoding declaration. */
export interface CodingSite extends Span {
  readonly kind: 'coding';
  readonly encoding: string;
}

export type Site =
  | CallSite
  | AccessSite
  | ImportSite
  | LoopSite
  | FunctionSite
  | PowerSite
  | RepeatSite
  | StringSite
  | NameSite
  | CodingSite;

export type SiteKind = Site['kind'];
export type SiteOf<K extends SiteKind> = Extract<Site, { kind: K }>;
