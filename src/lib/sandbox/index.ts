import { evaluate } from '../policy';
import { Analyzer, spawnAnalysisWorker } from './analysis';
import type { Store } from '../store';
import { blockedResult } from './blocked';
import { RecordedRuns } from './recorded-run';
import { connectWorker } from './connection';
import { ENGINE_IDS, ENGINES, isEngineId } from './engine-catalog';
import { InvalidRequestError } from './errors';
import { newExecutionId } from './ids';
import { Pool } from './pool';
import type { Connect } from './slot';
import { spawnEngineWorker } from './spawn';
import { staticInfo } from './static-info';
import type { EngineId, EngineInfo, ExecuteHandlers, ExecuteRequest, ExecutionResult, Sandbox } from './types';
import { validateRequest } from './validate';

export type * from './types';
export { InvalidRequestError, WorkerTerminatedError, EngineUnavailableError, SandboxDisposedError } from './errors';
export { validateRequest, parseMemory, MAX_CODE_BYTES } from './validate';
export { DEFAULT_ENGINE, ENGINES, ENGINE_IDS } from './engine-catalog';
export { Analyzer, spawnAnalysisWorker } from './analysis';
export { hasJspi } from './static-info';
/** For hosts that start engine workers their own way (`SandboxOptions.connect`), e.g. from an opaque origin. */
export { connectWorker, type EngineConnection } from './connection';
export type { Connect } from './slot';

export interface SandboxOptions {
  /** Runs at once; default `hardwareConcurrency - 1`, at least 1. */
  concurrency?: number;
  /**
   * Engines to start when the page is first idle, so their first run does not wait. Default: the
   * JavaScript engines. Python (a 26 MB download) starts when named here, when `warm('cpython')`
   * asks, or when a run needs it.
   */
  warm?: readonly EngineId[];
  /** How workers are started; tests may pass their own. */
  connect?: Connect;
  /** Records every run, its audit trail and session files in IndexedDB (see lib/store). */
  store?: Store;
}

/** The JavaScript engines are small (about 0.5 MB of wasm each); Python is not warmed unless asked. */
export const DEFAULT_WARM: readonly EngineId[] = ENGINE_IDS.filter((engine) => ENGINES[engine].language === 'javascript');

const defaultConnect: Connect = (engine, hooks) => connectWorker(spawnEngineWorker(engine), hooks);

function whenIdle(callback: () => void): () => void {
  if (typeof requestIdleCallback === 'function') {
    const handle = requestIdleCallback(callback, { timeout: 5_000 });
    return () => cancelIdleCallback(handle);
  }
  const handle = setTimeout(callback, 200);
  return () => clearTimeout(handle);
}

/** Creates a sandbox: runs untrusted JavaScript and Python in WASM workers. */
export function createSandbox(options: SandboxOptions = {}): Sandbox {
  const cores = typeof navigator === 'object' ? navigator.hardwareConcurrency || 2 : 2;
  const pool = new Pool({
    connect: options.connect ?? defaultConnect,
    concurrency: options.concurrency ?? Math.max(1, cores - 1),
  });
  const { store } = options;
  const recorded = store ? new RecordedRuns(store, pool) : undefined;
  const analyzer = new Analyzer(typeof Worker === 'function' ? spawnAnalysisWorker : undefined);
  const warm = options.warm ?? DEFAULT_WARM;
  const cancelWarm = warm.length
    ? whenIdle(() => {
        for (const engine of warm) pool.prewarm(engine).catch(() => {});
      })
    : () => {};

  return {
    async execute(request: ExecuteRequest, handlers: ExecuteHandlers = {}): Promise<ExecutionResult> {
      if (store && request.policy === undefined) {
        // No policy given: the session's own (a new session's is `extended`), else `standard`.
        const resolved = await store.resolvePolicy({ sessionId: request.sessionId });
        if (!resolved.ok) throw resolved.error;
        request = { ...request, policy: resolved.value };
      }
      const valid = validateRequest(request);
      const id = newExecutionId();
      // The scanner is advisory defence in depth; a blocked run never reaches a worker.
      const analysed = analyzer.analyze(valid.code, valid.language);
      const dangerAnalysis = analysed instanceof Promise ? await analysed : analysed;
      const verdict = evaluate(dangerAnalysis, valid.policy);
      if (recorded) return recorded.run(id, request, valid, dangerAnalysis, verdict, handlers);
      if (!verdict.allowed) return blockedResult(id, valid, dangerAnalysis, [...verdict.violations]);
      return { ...(await pool.run(id, valid, handlers)), dangerAnalysis };
    },
    cancel: (id) => pool.cancel(id),
    warm(engine) {
      if (!isEngineId(engine)) return Promise.reject(new InvalidRequestError('engine', `unknown engine ${JSON.stringify(engine)}`));
      return pool.prewarm(engine);
    },
    async engines(): Promise<EngineInfo[]> {
      return Promise.all(
        ENGINE_IDS.map(async (engine) => {
          const known = pool.knownInfo(engine);
          if (known) return known;
          // JavaScript engines are cheap to start; Python is only described until something needs it.
          if (engine === 'cpython') return staticInfo(engine);
          try {
            return await pool.prewarm(engine);
          } catch (error) {
            return { ...staticInfo(engine), available: false, note: error instanceof Error ? error.message : String(error) };
          }
        }),
      );
    },
    async resetSession(sessionId) {
      await pool.resetSession(sessionId);
      // Other tabs drop their runtime state too, through the store's change notices.
      if (store) await store.sessions.reset(sessionId);
    },
    files: (sessionId) => pool.workspaces.snapshot(sessionId),
    stats: () => pool.stats(),
    dispose() {
      cancelWarm();
      recorded?.dispose();
      analyzer.dispose();
      pool.dispose();
    },
  };
}
