/** The public shapes of the policy engine: what `analyze` returns and `evaluate` reads. */

export type Language = 'javascript' | 'python';

export type Severity = 'low' | 'medium' | 'high' | 'critical';

/** `safe` when nothing was found, otherwise the band the score falls in. */
export type RiskLevel = 'safe' | Severity;

/** SandboxAI's eleven categories, plus `resource` for code that exhausts time or memory on purpose. */
export type Category =
  | 'command-execution'
  | 'code-injection'
  | 'filesystem'
  | 'network'
  | 'prototype-pollution'
  | 'module-loading'
  | 'environment'
  | 'buffer'
  | 'timers'
  | 'webassembly'
  | 'encoding'
  | 'resource';

/** One thing the scanner found. Lines and columns are 1-based; `from`/`to` are UTF-16 offsets into the code. */
export interface Finding {
  readonly category: Category;
  /** `<category>/<name>`, stable: custom policies and audit records refer to it. */
  readonly rule: string;
  readonly severity: Severity;
  readonly weight: number;
  readonly message: string;
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
  /** The offending source, on one line, at most 80 characters. */
  readonly snippet: string;
  readonly from: number;
  readonly to: number;
}

export interface ParseError {
  readonly message: string;
  readonly line: number;
  readonly column: number;
}

/** Why the analysis is less thorough than usual. */
export interface Degraded {
  readonly reason: 'too-large' | 'too-deep' | 'too-slow' | 'internal-error';
  readonly message: string;
}

export interface TelemetryFlags {
  readonly hasEval: boolean;
  readonly hasRequire: boolean;
  readonly hasProcess: boolean;
  readonly hasDynamicImport: boolean;
  readonly hasImport: boolean;
  readonly hasNetwork: boolean;
  readonly hasFilesystem: boolean;
  readonly hasCommandExecution: boolean;
  readonly hasWebAssembly: boolean;
  /** Escaped or homoglyph identifiers, names built from folded strings, decoded payloads. */
  readonly hasObfuscation: boolean;
  readonly hasInfiniteLoop: boolean;
}

export interface Metrics {
  readonly loopCount: number;
  readonly functionCount: number;
  /** Syntax nodes visited (acorn nodes, Lezer nodes, or tokens when the code did not parse). */
  readonly astNodeCount: number;
  readonly maxDepth: number;
}

export interface Telemetry {
  /** False when the code has a syntax error; the scan still ran. */
  readonly isValid: boolean;
  readonly parseError?: ParseError;
  /** What produced the sites: a syntax tree or, when there is none, the token scanner. */
  readonly parser: 'acorn' | 'lezer' | 'tokens' | 'none';
  readonly degraded?: Degraded;
  /** Distinct identifiers the code reads or writes (normalised), sorted, at most 500. */
  readonly accessedIdentifiers: readonly string[];
  /** Distinct modules named by constant imports, requires and `__import__`s, sorted. */
  readonly imports: readonly string[];
  readonly metrics: Metrics;
  readonly flags: TelemetryFlags;
}

export interface DangerAnalysis {
  readonly language: Language;
  readonly score: number;
  readonly level: RiskLevel;
  /** Sorted by position. */
  readonly findings: readonly Finding[];
  readonly telemetry: Telemetry;
}

export interface Evaluation {
  readonly allowed: boolean;
  /** One sentence per blocking finding, naming the rule and the line. */
  readonly violations: readonly string[];
}
