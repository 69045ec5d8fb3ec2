import * as Comlink from 'comlink';
import { WORKER_OUTPUT, WORKER_READY, type Engine, type EngineWorkerApi, type HostHooks, type WorkerOutputMessage } from './protocol';

/**
 * Serves an engine from inside a Worker: exposes it with Comlink, then posts WORKER_READY so the
 * host never sends a call before `expose` has run (Comlink would drop it and the call would hang).
 */
export function exposeEngine(engine: Engine): void {
  let host: HostHooks | undefined;
  const requireHost = (): HostHooks => {
    if (!host) throw new Error('connect() must be called before init() or run()');
    return host;
  };
  const api: EngineWorkerApi = {
    connect(hooks) {
      host = hooks;
    },
    init({ jspi }) {
      const hooks = requireHost();
      return engine.init({ jspi, onProgress: (progress) => void hooks.progress(progress) });
    },
    run(job) {
      const hooks = requireHost();
      return engine.run(job, {
        output: (chunks) => {
          const message: WorkerOutputMessage = { type: WORKER_OUTPUT, executionId: job.id, chunks };
          self.postMessage(message);
        },
        input: (prompt) => hooks.input(job.id, prompt),
      });
    },
    cancel: (id) => engine.cancel(id),
    dropSession: (sessionId) => engine.dropSession(sessionId),
  };
  Comlink.expose(api);
  self.postMessage({ type: WORKER_READY });
}
