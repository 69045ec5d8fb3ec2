import { newQuickJSWASMModuleFromVariant, type QuickJSSyncVariant, type QuickJSWASMModule } from 'quickjs-emscripten-core';
import type { OutputCollector } from '../output';
import type { Engine, EngineInfo, EngineInitOptions, RunHooks, RunJob, RunOutcome } from '../protocol';
import { engineError } from './errors';
import { SessionLost } from './event-loop';
import { HeapGovernor } from './heap-governor';
import { executeRun, type RunResult } from './run';
import { createRunState, type RunState } from './run-state';
import { Session, SessionSetupError } from './session';
import { SpareSession } from './spare';
import { quickjsStackBytes } from './stack-budget';
import { validateJob } from './validate';

export const FEATURES = [
  'top-level-await',
  'timers',
  'promises',
  'fs',
  'modules',
  'input',
  'console',
  'url',
  'text-encoding',
  'structured-clone',
  'crypto',
  'sessions',
] as const;

export interface QuickJSEngineOptions {
  readonly id: 'quickjs' | 'quickjs-ng';
  readonly variant: QuickJSSyncVariant;
  /**
   * QuickJS max stack size in bytes. By default it is measured from this thread's native stack
   * (see stack-budget.ts); too large and deep recursion crashes the wasm module instead of
   * throwing. Very deeply nested source or JSON can still crash it; the engine then rebuilds
   * the module and reports the lost sessions (`#crash`).
   */
  readonly stackBytes?: number;
}

/** The JavaScript engine: QuickJS (or QuickJS-ng) compiled to wasm, one runtime per session. */
export function createQuickJSEngine(options: QuickJSEngineOptions): Engine {
  return new QuickJSEngine(options);
}

// Cancels that arrive before their run starts are remembered, but not without bound.
const MAX_EARLY_CANCELS = 256;

/** "QuickJS memory usage -- 2025-09-13 version, ..." → "QuickJS 2025-09-13". */
export function versionFromMemoryDump(dump: string): string | undefined {
  const match = /^(QuickJS(?:-ng)?) memory usage -- (\S+) version/.exec(dump);
  return match ? `${match[1]} ${match[2]}` : undefined;
}

class QuickJSEngine implements Engine {
  readonly #options: QuickJSEngineOptions;
  readonly #stackBytes: number;
  #module: Promise<{ module: QuickJSWASMModule; governor: HeapGovernor }> | undefined;
  /** The loaded module, once #module has resolved; a spare session is built from it. */
  #loaded: { module: QuickJSWASMModule; governor: HeapGovernor } | undefined;
  #init: Promise<EngineInfo> | undefined;
  #wasmMemory: WebAssembly.Memory | undefined;
  readonly #sessions = new Map<string, Session>();
  /** Every session with a live runtime, stateless ones included; all die with the module. */
  readonly #live = new Set<Session>();
  readonly #locks = new Map<string, Promise<unknown>>();
  readonly #active = new Map<string, { run: RunState; sessionId?: string }>();
  readonly #earlyCancels = new Set<string>();
  /** Sessions whose state a crash destroyed; their next run says so. */
  readonly #lost = new Set<string>();
  readonly #spare = new SpareSession({
    build: (run) => this.#buildSpare(run),
    release: (session) => this.#release(session, undefined),
    idle: () => this.#active.size === 0,
    wasmBytes: () => this.#wasmMemory?.buffer.byteLength ?? 0,
  });
  #disposed = false;

  constructor(options: QuickJSEngineOptions) {
    this.#options = options;
    // Measured here, at worker start, where the stack is shallowest.
    this.#stackBytes = options.stackBytes ?? quickjsStackBytes();
  }

  init(options?: EngineInitOptions): Promise<EngineInfo> {
    // A failed load (the wasm could not be fetched, say) may be retried by the next call.
    this.#init ??= this.#initialise(options).catch((error: unknown) => {
      this.#init = undefined;
      throw error;
    });
    return this.#init;
  }

  async #initialise(options?: EngineInitOptions): Promise<EngineInfo> {
    report(options, { phase: 'compile', loadedBytes: 0 });
    const { module } = await this.#ensureModule();
    const runtime = module.newRuntime();
    const version = versionFromMemoryDump(runtime.dumpMemoryUsage()) ?? (this.#options.id === 'quickjs-ng' ? 'QuickJS-ng' : 'QuickJS');
    runtime.dispose();
    report(options, { phase: 'ready', loadedBytes: this.#wasmMemory?.buffer.byteLength ?? 0 });
    return { id: this.#options.id, language: 'javascript', version, available: true, stateful: true, features: [...FEATURES] };
  }

  #ensureModule(): Promise<{ module: QuickJSWASMModule; governor: HeapGovernor }> {
    if (!this.#module) {
      const loading = newQuickJSWASMModuleFromVariant(this.#options.variant).then((module) => {
        this.#wasmMemory = module.getWasmMemory();
        const governor = new HeapGovernor();
        governor.install(this.#wasmMemory);
        this.#loaded = { module, governor };
        return this.#loaded;
      });
      // A failed load is retried by the next caller rather than cached.
      loading.catch(() => {
        if (this.#module === loading) this.#module = undefined;
      });
      this.#module = loading;
    }
    return this.#module;
  }

  async run(job: RunJob, hooks: RunHooks): Promise<RunOutcome> {
    if (this.#disposed) throw new Error('the engine has been disposed');
    validateJob(job);
    const started = performance.now();
    if (job.sessionId === undefined) return this.#execute(job, hooks, started);
    const sessionId = job.sessionId;
    return this.#withLock(sessionId, () => this.#execute(job, hooks, started));
  }

  async #execute(job: RunJob, hooks: RunHooks, started: number): Promise<RunOutcome> {
    const sessionId = job.sessionId;
    const stateLost = sessionId !== undefined && this.#lost.delete(sessionId);
    let session: Session | undefined;
    const run = createRunState(
      job,
      hooks,
      // Measuring allocates; it is host work, so the heap governor lets it grow.
      () => (session && !session.dead ? session.governor.host(() => session!.memoryUsed()) : 0),
      () => this.#wasmMemory?.buffer.byteLength ?? 0,
    );
    const { guard, output } = run;
    const done = (result: RunResult['outcome'], lost = false): RunOutcome => ({
      ...result,
      metrics: { ...result.metrics, runMs: performance.now() - started },
      stateful: sessionId !== undefined,
      ...(stateLost || lost ? { stateLost: true } : {}),
    });

    if (this.#earlyCancels.delete(job.id)) return done(stoppedBeforeStart(output));
    this.#active.set(job.id, { run, sessionId });
    try {
      // First: freeing one can crash the module, which the next line then loads again.
      this.#spare.flush();
      const { module, governor } = await this.#ensureModule();
      if (guard.stopReason) return done(stoppedBeforeStart(output));
      session = sessionId === undefined ? undefined : this.#sessions.get(sessionId);
      if (session) session.run = run;
      else {
        session = this.#spare.take(run) ?? this.#newSession(module, run, governor);
        if (sessionId !== undefined) this.#sessions.set(sessionId, session);
      }
      const result = await executeRun(session, run);
      let lost = false;
      if (result.poisoned || this.#disposed) {
        lost = sessionId !== undefined;
        this.#release(session, sessionId);
      } else if (sessionId === undefined) {
        // Freed once its result has gone (see spare.ts).
        this.#spare.retire(session);
      }
      return done(result.outcome, lost);
    } catch (error) {
      if (error instanceof SessionLost) {
        return done(failed(output, engineError('InternalError', 'the JavaScript engine crashed during another run and was restarted; this session was reset')), true);
      }
      if (error instanceof SessionSetupError) {
        if (session) this.#release(session, sessionId);
        return done(failed(output, engineError('InternalError', error.message)), sessionId !== undefined);
      }
      this.#crash(sessionId);
      return done(failed(output, crashError(error)), sessionId !== undefined);
    } finally {
      this.#active.delete(job.id);
      if (!this.#disposed) this.#spare.afterRun();
    }
  }

  #newSession(module: QuickJSWASMModule, run: RunState, governor: HeapGovernor): Session {
    const session = new Session(module, run, this.#stackBytes, governor);
    this.#live.add(session);
    return session;
  }

  /** A session built ahead of the run that takes it (see spare.ts); none if it cannot be built now. */
  #buildSpare(run: RunState): Session | undefined {
    if (this.#disposed || !this.#loaded) return undefined;
    try {
      return this.#newSession(this.#loaded.module, run, this.#loaded.governor);
    } catch (error) {
      // A run that needs a session builds its own and reports whatever went wrong.
      if (!(error instanceof SessionSetupError)) this.#crash(undefined);
      return undefined;
    }
  }

  #release(session: Session, sessionId: string | undefined): void {
    this.#live.delete(session);
    if (sessionId !== undefined && this.#sessions.get(sessionId) === session) this.#sessions.delete(sessionId);
    // QuickJS aborts the module when a runtime is freed with objects still referenced.
    if (!session.dispose()) this.#crash(undefined);
  }

  /**
   * The wasm module threw instead of returning (native stack exhausted, or an abort): its
   * state can no longer be trusted. Every session dies with it, runs waiting in one end, and
   * the next run loads a fresh module.
   */
  #crash(current: string | undefined): void {
    for (const session of this.#live) session.dead = true;
    for (const id of this.#sessions.keys()) if (id !== current) this.#lost.add(id);
    this.#sessions.clear();
    this.#live.clear();
    for (const { run } of this.#active.values()) run.wake();
    this.#module = undefined;
    this.#loaded = undefined;
    this.#wasmMemory = undefined;
  }

  #withLock<T>(sessionId: string, task: () => Promise<T>): Promise<T> {
    const previous = this.#locks.get(sessionId) ?? Promise.resolve();
    const next = previous.then(task, task);
    const settled = next.then(
      () => undefined,
      () => undefined,
    );
    this.#locks.set(sessionId, settled);
    void settled.then(() => {
      if (this.#locks.get(sessionId) === settled) this.#locks.delete(sessionId);
    });
    return next;
  }

  cancel(id: string): void {
    const active = this.#active.get(id);
    if (active) {
      active.run.guard.stop('cancelled');
      active.run.wake();
      return;
    }
    this.#earlyCancels.add(id);
    if (this.#earlyCancels.size > MAX_EARLY_CANCELS) {
      const oldest = this.#earlyCancels.values().next().value;
      if (oldest !== undefined) this.#earlyCancels.delete(oldest);
    }
  }

  dropSession(sessionId: string): void {
    this.#lost.delete(sessionId);
    // A run waiting in the session (on input, say) is cancelled so the drop happens promptly.
    for (const { run, sessionId: id } of this.#active.values()) {
      if (id === sessionId) {
        run.guard.stop('cancelled');
        run.wake();
      }
    }
    void this.#withLock(sessionId, async () => {
      const session = this.#sessions.get(sessionId);
      if (session) this.#release(session, sessionId);
    });
  }

  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    for (const { run } of this.#active.values()) {
      run.guard.stop('cancelled');
      run.wake();
    }
    for (const [id, session] of [...this.#sessions]) {
      if (![...this.#active.values()].some((a) => a.sessionId === id)) this.#release(session, id);
    }
    for (const session of this.#spare.drain()) this.#release(session, undefined);
  }
}

function report(options: EngineInitOptions | undefined, progress: Parameters<NonNullable<EngineInitOptions['onProgress']>>[0]): void {
  try {
    void Promise.resolve(options?.onProgress?.(progress)).catch(() => undefined);
  } catch {
    // Progress is best effort.
  }
}

type BareOutcome = RunResult['outcome'];

function stoppedBeforeStart(output: OutputCollector): BareOutcome {
  const collected = output.finish();
  return {
    status: 'cancelled',
    stdout: collected.stdout,
    stderr: collected.stderr,
    truncated: collected.truncated,
    error: engineError('CancelledError', 'the run was cancelled before it started'),
    changes: { files: {}, deleted: [] },
    metrics: { outputBytes: collected.outputBytes, memoryBytes: 0, fuel: 0 },
  };
}

function failed(output: OutputCollector, error: RunOutcome['error']): BareOutcome {
  if (error) output.write('stderr', `${error.name}: ${error.message}\n`);
  const collected = output.finish();
  return {
    status: 'error',
    stdout: collected.stdout,
    stderr: collected.stderr,
    truncated: collected.truncated,
    ...(error ? { error } : {}),
    exitCode: 1,
    changes: { files: {}, deleted: [] },
    metrics: { outputBytes: collected.outputBytes, memoryBytes: 0, fuel: 0 },
  };
}

function crashError(error: unknown): NonNullable<RunOutcome['error']> {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof RangeError && /call stack/i.test(message)) {
    return engineError(
      'InternalError',
      'stack overflow: the code nests too deeply for the engine (very deep recursion, nesting or data); the engine was restarted and its state reset',
    );
  }
  return engineError('InternalError', `the JavaScript engine crashed (${message}); it was restarted and its state reset`);
}
