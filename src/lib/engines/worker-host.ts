import * as Comlink from 'comlink';
import {
  WORKER_OUTPUT, WORKER_READY, WORKER_RESULT, WORKER_RUN, isMessageOf,
  type Engine, type EngineWorkerApi, type FileMap, type HostHooks, type RunOutcome, type WorkerOutputMessage, type WorkerResultMessage, type WorkerRunMessage,
} from './protocol';

/**
 * Posts a run's outcome with its changed files moved, not copied, to the page: a flood of
 * written files would otherwise be cloned on the page's main thread, freezing it for hundreds
 * of milliseconds. The copies are made here, off the page, since the engine's workspace keeps
 * the originals.
 */
function postOutcome(runId: number, outcome: RunOutcome): void {
  const entries = Object.entries(outcome.changes.files);
  if (!entries.length) {
    self.postMessage({ type: WORKER_RESULT, runId, outcome } satisfies WorkerResultMessage);
    return;
  }
  const files: FileMap = {};
  const transfer: ArrayBuffer[] = [];
  for (const [path, bytes] of entries) {
    const copy = bytes.slice();
    files[path] = copy;
    transfer.push(copy.buffer);
  }
  const message: WorkerResultMessage = { type: WORKER_RESULT, runId, outcome: { ...outcome, changes: { ...outcome.changes, files } } };
  self.postMessage(message, { transfer });
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
  const run = async ({ runId, job }: WorkerRunMessage): Promise<void> => {
    try {
      const hooks = requireHost();
      const outcome = await engine.run(job, {
        output: (chunks) => {
          const message: WorkerOutputMessage = { type: WORKER_OUTPUT, executionId: job.id, chunks };
          self.postMessage(message);
        },
        input: (prompt) => hooks.input(job.id, prompt),
      });
      postOutcome(runId, outcome);
    } catch (error) {
      const { name, message } = error instanceof Error ? error : { name: 'Error', message: String(error) };
      self.postMessage({ type: WORKER_RESULT, runId, error: { name, message } } satisfies WorkerResultMessage);
    }
  };
  // Added before Comlink's listener, which then never sees a run (it would only work out to ignore it).
  self.addEventListener('message', (event: MessageEvent) => {
    if (!isMessageOf<WorkerRunMessage>(event.data, WORKER_RUN)) return;
    event.stopImmediatePropagation();
    void run(event.data);
  });
  const api: EngineWorkerApi = {
    connect(port) {
      host = Comlink.wrap<HostHooks>(port);
    },
    init({ jspi }) {
      const hooks = requireHost();
      return engine.init({ jspi, onProgress: (progress) => void hooks.progress(progress) });
    },
    cancel: (id) => engine.cancel(id),
    dropSession: (sessionId) => engine.dropSession(sessionId),
  };
  Comlink.expose(api);
  self.postMessage({ type: WORKER_READY });
}
