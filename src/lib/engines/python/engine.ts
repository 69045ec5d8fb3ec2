/**
 * The CPython engine: python.wasm (CPython 3.12 for WASI) under browser_wasi_shim. Plain
 * module, no Worker or DOM APIs, so unit tests run it directly in Node (fresh mode there:
 * Node 20 has no JSPI).
 */
import type { Engine, EngineInfo, EngineInitOptions, LoadProgress, RunHooks, RunJob, RunOutcome } from '../protocol';
import { runFresh } from './fresh';
import { detectJspi, type Jspi } from './jspi';
import { loadPythonModule, type LoadResult, type PythonModule } from './module-loader';
import { EngineErrors } from './outcome';
import { Interpreters } from './interpreters';
import { callHost, JobRun } from './run-job';
import { runStateful, SessionStore } from './session';
import { Workspace } from './workspace';

export interface PythonEngineOptions {
  /** python.wasm as a streaming Response, e.g. `() => fetch(url)`. */
  readonly source: () => Promise<Response>;
  /**
   * Keep interpreters alive between runs with JSPI; defaults to whether this runtime has it.
   * `init({ jspi })` overrides it (the page decides from its realm and may force the fallback).
   */
  readonly jspi?: boolean;
}

/** Before an interpreter has said which it is; the package pins CPython 3.12.0. */
const PACKAGED_VERSION = 'Python 3.12.0';
/** Cancels for runs not started yet are remembered, but only this many. */
const MAX_EARLY_CANCELS = 64;
/**
 * How long the engine must be idle before it starts a spare interpreter after a run used one.
 * Starting it takes the thread for ~150 ms: right after a run it would hold up the next one,
 * which is most often the same session's, and would eat into that run's time limit.
 */
const SPARE_AFTER_IDLE_MS = 300;

export function createPythonEngine(options: PythonEngineOptions): Engine {
  /** Settled by the first init() (or the first run without one), then fixed for the engine's life. */
  let mode: { jspi: Jspi | null; wanted: boolean } | null = null;
  const settleMode = (wanted = options.jspi ?? detectJspi() !== null) => (mode ??= { jspi: wanted ? detectJspi() : null, wanted });
  const sessions = new SessionStore();
  /** Made once the module is loaded; under JSPI it keeps a warm spare interpreter. */
  let interpreters: Interpreters | null = null;
  let loading: Promise<LoadResult> | null = null;
  let loadError: string | null = null;
  let version = PACKAGED_VERSION;
  let disposed = false;
  /** Runs go one at a time: they share the sessions and a single thread. */
  let queue: Promise<unknown> = Promise.resolve();
  /** Runs queued or running. */
  let pending = 0;
  let spareTimer: ReturnType<typeof setTimeout> | undefined;
  const active = new Map<string, JobRun>();
  const earlyCancels = new Set<string>();
  const busySessions = new Set<string>();
  const pendingDrops = new Set<string>();

  function info(): EngineInfo {
    const { jspi, wanted } = settleMode();
    const available = !disposed && loadError === null;
    const note = !available
      ? (loadError ?? 'The engine was disposed')
      : jspi
        ? undefined
        : wanted
          ? 'JSPI is missing in this worker: each run starts a fresh interpreter; files carry over.'
          : 'No JSPI in this browser: each run starts a fresh interpreter; files carry over.';
    return {
      id: 'cpython',
      language: 'python',
      version,
      available,
      stateful: jspi !== null,
      features: ['stdlib', 'files', 'site-packages', ...(jspi ? ['stateful', 'input'] : [])],
      ...(note ? { note } : {}),
    };
  }

  function load(onProgress?: (progress: LoadProgress) => void): Promise<LoadResult> {
    if (!loading) {
      loading = loadPythonModule(options.source, (progress) => callHost(onProgress, progress)).then((result) => {
        loadError = result.ok ? null : result.error;
        // A failed load may be retried by the next init().
        if (!result.ok) loading = null;
        return result;
      });
    }
    return loading;
  }

  const pool = (module: PythonModule) => (interpreters ??= new Interpreters(module, settleMode().jspi));

  /** Gets a spare ready once no run has come for a while; a run that needs one first starts its own. */
  function prepareWhenIdle(): void {
    clearTimeout(spareTimer);
    spareTimer = setTimeout(() => {
      if (pending === 0 && interpreters?.needsSpare && !disposed) prepareSoon(interpreters.module);
    }, SPARE_AFTER_IDLE_MS);
  }

  /** Queues getting a spare ready (or, without JSPI, a warm-up), after what is queued now. */
  function prepareSoon(module: PythonModule): void {
    const target = pool(module);
    queue = queue
      .then(() => new Promise((resolve) => setTimeout(resolve, 0)))
      .then(() => (disposed ? undefined : target.prepare()))
      .catch(() => {});
  }

  async function execute(job: RunJob, hooks: RunHooks, module: PythonModule): Promise<RunOutcome> {
    const { jspi } = settleMode();
    const interpreterPool = pool(module);
    const run = new JobRun(job, hooks, jspi !== null);
    active.set(job.id, run);
    try {
      const session = job.sessionId !== undefined ? sessions.get(job.sessionId) : null;
      // Refused before any guest code ran, a session's live interpreter is untouched.
      const stateful = jspi !== null && session?.interpreter?.alive === true;
      if (earlyCancels.delete(job.id)) return run.cancelled(stateful);
      const workspace = session?.workspace ?? new Workspace();
      const synced = workspace.apply(job.workspace);
      if (!synced.ok) return run.refuse(EngineErrors.workspace, synced.error, { stateful });
      const command = run.command(workspace.sitePaths());
      if (!command.ok) return run.refuse(EngineErrors.context, command.error, { stateful });
      workspace.setAccess(job.permissions.fs);
      const result =
        session && jspi ? await runStateful(interpreterPool, run, session, command.value) : await runFresh(interpreterPool, run, workspace, command.value);
      if (result.version) version = result.version;
      if (session && jspi) sessions.evict();
      return result.outcome;
    } finally {
      run.dispose();
      active.delete(job.id);
    }
  }

  return {
    async init(initOptions?: EngineInitOptions): Promise<EngineInfo> {
      settleMode(initOptions?.jspi);
      if (!disposed) {
        const loaded = await load(initOptions?.onProgress);
        // The first start in a worker is the slow one: pay it now, before anyone waits.
        if (loaded.ok && !interpreters) prepareSoon(loaded.value);
      }
      return info();
    },

    run(job: RunJob, hooks: RunHooks): Promise<RunOutcome> {
      pending++;
      clearTimeout(spareTimer);
      const result = queue.then(async () => {
        if (disposed) return new JobRun(job, hooks, false).refuse(EngineErrors.unavailable, 'The engine was disposed');
        const loaded = await load();
        if (!loaded.ok) return new JobRun(job, hooks, false).refuse(EngineErrors.unavailable, loaded.error);
        const sessionId = job.sessionId;
        if (sessionId !== undefined) busySessions.add(sessionId);
        try {
          return await execute(job, hooks, loaded.value);
        } finally {
          if (sessionId !== undefined) {
            busySessions.delete(sessionId);
            if (pendingDrops.delete(sessionId)) sessions.drop(sessionId);
          }
        }
      });
      queue = result.catch(() => {});
      // A run that took the spare (or asked for another memory limit) leaves the next new session cold.
      void queue.then(() => {
        pending--;
        if (interpreters?.needsSpare && !disposed) prepareWhenIdle();
      });
      return result;
    },

    cancel(id: string): void {
      const run = active.get(id);
      if (run) run.abort('cancelled');
      else if (earlyCancels.size < MAX_EARLY_CANCELS) earlyCancels.add(id);
    },

    dropSession(sessionId: string): void {
      // Dropping mid-run would leave that run waiting on a discarded interpreter forever.
      if (busySessions.has(sessionId)) pendingDrops.add(sessionId);
      else sessions.drop(sessionId);
    },

    dispose(): void {
      if (disposed) return;
      disposed = true;
      clearTimeout(spareTimer);
      for (const run of active.values()) run.abort('cancelled');
      void queue.then(() => {
        sessions.dispose();
        interpreters?.dispose();
      });
    },
  };
}
