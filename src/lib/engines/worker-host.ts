import * as Comlink from 'comlink';
import { WORKER_OUTPUT, WORKER_READY, type Engine, type EngineWorkerApi, type FileMap, type RunOutcome, type HostHooks, type WorkerOutputMessage } from './protocol';

/**
 * The outcome with its changed files moved, not copied, to the page: a flood of written files
 * would otherwise be cloned on the page's main thread, freezing it for hundreds of milliseconds.
 * The copies are made here, off the page, since the engine's workspace keeps the originals.
 */
function transferFiles(outcome: RunOutcome): RunOutcome {
  const entries = Object.entries(outcome.changes.files);
  if (!entries.length) return outcome;
  const files: FileMap = {};
  for (const [path, bytes] of entries) files[path] = bytes.slice();
  return Comlink.transfer({ ...outcome, changes: { ...outcome.changes, files } }, Object.values(files).map((bytes) => bytes.buffer));
}

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
    async run(job) {
      const hooks = requireHost();
      const outcome = await engine.run(job, {
        output: (chunks) => {
          const message: WorkerOutputMessage = { type: WORKER_OUTPUT, executionId: job.id, chunks };
          self.postMessage(message);
        },
        input: (prompt) => hooks.input(job.id, prompt),
      });
      return transferFiles(outcome);
    },
    cancel: (id) => engine.cancel(id),
    dropSession: (sessionId) => engine.dropSession(sessionId),
  };
  Comlink.expose(api);
  self.postMessage({ type: WORKER_READY });
}
