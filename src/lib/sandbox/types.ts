import type { EngineId, EngineInfo, FileMap, GuestError, Language, LoadProgress, OutputStream } from '../engines/protocol';

export type { EngineId, EngineInfo, FileMap, GuestError, Language, LoadProgress, OutputStream };

import type { CustomPolicy, DangerAnalysis, PolicyTier } from '../policy';

export type { CustomPolicy, DangerAnalysis, PolicyTier };

export type ExecutionStatus = 'completed' | 'error' | 'blocked' | 'timeout' | 'memory' | 'cancelled';

export interface ExecuteRequest {
  code: string;
  language: Language;
  /** Defaults per language: `quickjs` for JavaScript, `cpython` for Python. */
  engine?: EngineId;
  /** A tier name, or a custom policy (JSON, checked by `validateCustomPolicy`). Defaults to `standard`. */
  policy?: PolicyTier | CustomPolicy;
  /** Milliseconds; at most the tier's maximum. */
  timeout?: number;
  /** `'64mb'`, `'512kb'`, `'1gb'` or bytes; at most the tier's maximum. */
  memory?: string | number;
  /** A JSON object whose keys become globals (JavaScript) or variables (Python). */
  context?: Record<string, unknown>;
  /** Read by `input()` before the input handler is asked. */
  stdin?: string;
  /** Runs in the same session share runtime state and workspace files. */
  sessionId?: string;
  /** Files to put in the workspace before the run (path → bytes or UTF-8 text). */
  files?: Record<string, Uint8Array | string>;
  /** Higher runs first among queued runs; default 0. */
  priority?: number;
  /** Cap per output stream in bytes (default 1 MB). */
  outputLimit?: number;
  /** Return the stored result of an identical earlier stateless run (needs a store); marked `cached: true`. */
  cache?: boolean;
}

export interface ExecutionMetrics {
  /** Time spent waiting for a free worker. */
  queueMs: number;
  outputBytes: number;
  memoryBytes: number;
  /** QuickJS interrupt-handler polls. */
  fuel?: number;
}

export interface ExecutionResult {
  /** `exec_` + 12 hex. */
  id: string;
  status: ExecutionStatus;
  output: string;
  stderr: string;
  engine: EngineId;
  language: Language;
  /** The tier's name, or the custom policy's. */
  policy: string;
  durationMs: number;
  error?: GuestError;
  exitCode?: number;
  truncated: boolean;
  /** Whether the session's runtime state carries over to its next run. */
  stateful: boolean;
  /** The session's runtime state was lost (a kill or restart); its files were not. */
  stateLost?: boolean;
  sessionId?: string;
  /** Files the run wrote or created. */
  files?: FileMap;
  /** Paths the run deleted. */
  deletedFiles?: string[];
  metrics: ExecutionMetrics;
  /** What the static analysis found before the run (advisory; the WASM boundary is what contains code). */
  dangerAnalysis: DangerAnalysis;
  /** Why the policy blocked the run: a sentence each. Present when `status` is `blocked`. */
  violations?: string[];
  /** Served from the result cache: an identical earlier run's result. */
  cached?: boolean;
}

/** A result as the worker pool produces it, before the policy's findings are attached. */
export type EngineResult = Omit<ExecutionResult, 'dangerAnalysis' | 'violations'>;

export interface ExecuteHandlers {
  /** Output while the code runs, in batches. The final result holds all of it (capped). */
  onOutput?: (stream: OutputStream, text: string) => void;
  /** Answers the guest's `input()`: a line, or null for end of input. */
  onInput?: (prompt: string) => Promise<string | null> | string | null;
  /** Cancels the run: status `cancelled`. */
  signal?: AbortSignal;
  /** Called with the execution id as soon as the run is accepted. */
  onQueued?: (id: string, position: number) => void;
  /** Called when a worker picks the run up. */
  onStart?: (id: string) => void;
  /** Progress of loading an engine's runtime, for the first run that needs it. */
  onProgress?: (engine: EngineId, progress: LoadProgress) => void;
}

export interface Sandbox {
  execute(request: ExecuteRequest, handlers?: ExecuteHandlers): Promise<ExecutionResult>;
  /** Cancels a queued or running execution; false when the id is unknown or finished. */
  cancel(id: string): boolean;
  engines(): Promise<EngineInfo[]>;
  /**
   * Starts an engine's worker now unless one is running, so its first run does not wait (for Python:
   * downloads and compiles python.wasm). Resolves with what the engine reports; rejects when it cannot start.
   */
  warm(engine: EngineId): Promise<EngineInfo>;
  /** Drops a session's runtime state in every engine; its workspace files stay. */
  resetSession(sessionId: string): Promise<void>;
  /** A session's workspace files. */
  files(sessionId: string): FileMap;
  /** Live pool figures, for status displays. */
  stats(): PoolStats;
  dispose(): void;
}

export interface PoolStats {
  queued: number;
  running: number;
  workers: number;
  concurrency: number;
}
