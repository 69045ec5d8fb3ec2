/**
 * The contract between the sandbox layer (main thread) and an engine (inside a Worker, or
 * called directly by unit tests in Node). Both sides `import type` from here and nowhere else.
 */

export type Language = 'javascript' | 'python';
export type EngineId = 'quickjs' | 'quickjs-ng' | 'cpython';
export type OutputStream = 'stdout' | 'stderr';

/** What a policy tier lets guest code touch. Enforced inside the runtime, not by the scanner. */
export interface Permissions {
  /** The policy tier's name, for error messages ("… is not allowed under the strict policy"). */
  readonly tier: string;
  /** `none`: no workspace mounted at all; `read`: read-only; `write`: read-write. */
  readonly fs: 'none' | 'read' | 'write';
  /** `eval`, the Function constructor (JS) and `exec`/`eval`/`compile` of strings (Python). */
  readonly eval: boolean;
  /** Importable modules: JS built-ins (`fs`, `path`, ...) or Python top-level packages; `'*'` for all. */
  readonly modules: readonly string[] | '*';
}

/** Workspace paths are normalised: relative, `/`-separated, no `.`/`..` segments, no leading `/`. */
export type FileMap = Record<string, Uint8Array>;

/**
 * Files sent to an engine before a run. `replace: true` means the engine's workspace becomes
 * exactly `files`; otherwise `files` are upserted and `deleted` removed from what it already holds.
 */
export interface WorkspaceSync {
  readonly replace: boolean;
  readonly files: FileMap;
  readonly deleted: readonly string[];
}

/** What a run changed in the workspace: written or created files, and removed paths. */
export interface WorkspaceChanges {
  readonly files: FileMap;
  readonly deleted: readonly string[];
}

export interface RunJob {
  /** Execution id, `exec_` + 12 hex. */
  readonly id: string;
  readonly code: string;
  /** Runs with the same session share runtime state; without one the run gets a fresh runtime. */
  readonly sessionId?: string;
  /** JSON object whose keys become globals (JS) or variables (Python). */
  readonly context?: Record<string, unknown>;
  /** Consumed before the input hook is asked for anything. */
  readonly stdin?: string;
  readonly timeoutMs: number;
  /**
   * When the host stops waiting for the run, as `performance.timeOrigin + performance.now()`
   * (comparable across the page and its workers); see deadline.ts. Absent: `timeoutMs` from
   * when the engine starts the run.
   */
  readonly deadlineAt?: number;
  readonly memoryBytes: number;
  /** Cap per stream; past it the head and tail are kept with a marker between. */
  readonly outputLimitBytes: number;
  readonly permissions: Permissions;
  readonly workspace: WorkspaceSync;
  /** True when the host can answer input requests (it passed an input hook). */
  readonly interactive: boolean;
}

export interface OutputChunk {
  readonly stream: OutputStream;
  readonly text: string;
}

/**
 * Callbacks from the engine to its host. In a Worker, `output` is a fire-and-forget message
 * (WORKER_OUTPUT) and `input` goes through the host's Comlink proxy; it resolves with the line
 * (no trailing newline needed) or null for EOF.
 */
export interface RunHooks {
  output(chunks: OutputChunk[]): void;
  input(prompt: string): Promise<string | null>;
}

export interface GuestError {
  readonly name: string;
  readonly message: string;
  readonly stack?: string;
  /** 1-based line in the user's code where the error was raised, when known. */
  readonly line?: number;
}

export type RunStatus = 'completed' | 'error' | 'timeout' | 'memory' | 'cancelled';

export interface RunOutcome {
  readonly status: RunStatus;
  readonly stdout: string;
  readonly stderr: string;
  readonly truncated: boolean;
  readonly error?: GuestError;
  readonly exitCode?: number;
  readonly changes: WorkspaceChanges;
  readonly metrics: {
    readonly outputBytes: number;
    readonly memoryBytes: number;
    /** QuickJS interrupt-handler polls. */
    readonly fuel?: number;
    /** Time spent inside the engine for this run. */
    readonly runMs: number;
  };
  /** Whether the session's runtime state carries over to the next run. */
  readonly stateful: boolean;
  /** The session had runtime state that is now gone (the engine restarted it). */
  readonly stateLost?: boolean;
}

export interface EngineInfo {
  readonly id: EngineId;
  readonly language: Language;
  /** E.g. `Python 3.12.0`, `QuickJS 2024-02-14`. */
  readonly version: string;
  readonly available: boolean;
  /** Whether sessions keep runtime state between runs (Python needs JSPI for this). */
  readonly stateful: boolean;
  readonly features: readonly string[];
  /** Why the engine is unavailable or degraded. */
  readonly note?: string;
}

/** Progress of loading an engine's runtime (the Python module is ~26 MB). */
export interface LoadProgress {
  readonly phase: 'download' | 'compile' | 'ready';
  readonly loadedBytes: number;
  readonly totalBytes?: number;
}

export interface EngineInitOptions {
  /** Reports download and compile progress; a Comlink proxy in a Worker. */
  readonly onProgress?: (progress: LoadProgress) => void;
  /**
   * Whether to keep interpreters alive with JSPI. The page decides from its own realm (a page can
   * force the fallback this way); when absent the engine detects it.
   */
  readonly jspi?: boolean;
}

/** What every engine implements; a Worker exposes exactly this with Comlink. */
export interface Engine {
  /** Loads and compiles the runtime. Called once before anything else; idempotent. */
  init(options?: EngineInitOptions): Promise<EngineInfo>;
  run(job: RunJob, hooks: RunHooks): Promise<RunOutcome>;
  /** Asks a run to stop. Works only when the engine is waiting (timers, input); a busy engine is terminated by the host. */
  cancel(id: string): void;
  /** Drops a session's runtime state. */
  dropSession(sessionId: string): void;
  dispose(): void;
}

/** Host callbacks a worker holds for its whole life; runs are told apart by execution id. */
export interface HostHooks {
  /** Called by the host's connection for each WORKER_OUTPUT message, not across the Comlink proxy. */
  output(executionId: string, chunks: OutputChunk[]): void;
  input(executionId: string, prompt: string): Promise<string | null>;
  progress(progress: LoadProgress): void;
}

/**
 * What an engine Worker exposes with Comlink. Callbacks travel once, in `connect`, rather
 * than as a proxy per run: a proxy costs a MessageChannel, and a warm run is sub-millisecond.
 * Runs themselves do not go through Comlink: see WORKER_RUN.
 */
export interface EngineWorkerApi {
  /** The port the host serves its HostHooks on (with Comlink); the worker wraps it. */
  connect(hooks: MessagePort): void;
  init(options: { jspi: boolean }): Promise<EngineInfo>;
  cancel(id: string): void;
  dropSession(sessionId: string): void;
}

/**
 * Whether data from a worker's port is Sandcell's message of `type` (the port also carries
 * Comlink's, which have none of these types). Only the `type` is checked.
 */
export function isMessageOf<M extends { readonly type: string }>(data: unknown, type: M['type']): data is M {
  return typeof data === 'object' && data !== null && (data as { type?: unknown }).type === type;
}

/** The first message a worker posts, once `EngineWorkerApi` is exposed and can take calls. */
export const WORKER_READY = 'sandcell:ready';

/**
 * Output travels as a plain message on the worker's own port, the port results come back on,
 * so a run's last output always arrives before its result (two ports are not ordered).
 */
export const WORKER_OUTPUT = 'sandcell:output';

/**
 * A run is one plain message each way on the worker's own port (Comlink ignores both): a warm
 * run takes a fraction of a millisecond, and Comlink's per-call id, listener and wire
 * conversion were a measurable share of it. The result shares the port with the run's output,
 * so it always arrives after that output.
 */
export const WORKER_RUN = 'sandcell:run';
export const WORKER_RESULT = 'sandcell:result';

export interface WorkerRunMessage {
  readonly type: typeof WORKER_RUN;
  readonly runId: number;
  readonly job: RunJob;
}

export type WorkerResultMessage = { readonly type: typeof WORKER_RESULT; readonly runId: number } & (
  | { readonly outcome: RunOutcome }
  | { readonly error: { readonly name: string; readonly message: string } }
);

export interface WorkerOutputMessage {
  readonly type: typeof WORKER_OUTPUT;
  readonly executionId: string;
  readonly chunks: OutputChunk[];
}
