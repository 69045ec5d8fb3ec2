import * as Comlink from 'comlink';
import { WORKER_READY, isMessageOf, type EngineWorkerApi, type HostHooks, type RunJob, type RunOutcome } from '../engines/protocol';
import { WorkerTerminatedError } from './errors';
import { runChannel } from './run-channel';

/** A live engine worker: its API, a promise that rejects when it dies, and the means to kill it. */
export interface EngineConnection {
  readonly api: Comlink.Remote<EngineWorkerApi>;
  /** Runs a job: one message each way (WORKER_RUN). Rejects if the engine threw; never settles if the worker dies. */
  run(job: RunJob): Promise<RunOutcome>;
  /** Rejects with WorkerTerminatedError when the worker crashes or is terminated; never resolves. */
  readonly died: Promise<never>;
  terminate(reason: WorkerTerminatedError['reason']): void;
}

/** How long a new worker may take to load its script and expose its API. */
const HANDSHAKE_TIMEOUT_MS = 30_000;

/**
 * Waits for the worker's ready handshake, wraps it with Comlink and hands it the host hooks.
 * Comlink leaves calls to a dead worker pending forever, so every caller races `died`.
 */
export async function connectWorker(worker: Worker, hooks: HostHooks): Promise<EngineConnection> {
  let kill!: (error: WorkerTerminatedError) => void;
  const died = new Promise<never>((_, reject) => (kill = reject));
  died.catch(() => {}); // observed by whoever races it; never an unhandled rejection
  let dead = false;
  const terminate = (reason: WorkerTerminatedError['reason'], detail?: string) => {
    if (dead) return;
    dead = true;
    worker.terminate();
    kill(new WorkerTerminatedError(reason, detail));
  };
  worker.addEventListener('error', (event) => {
    event.preventDefault();
    terminate('crashed', `worker crashed: ${event.message || 'script error'}`);
  });
  worker.addEventListener('messageerror', () => terminate('crashed', 'worker sent a message that could not be read'));

  let handshakeTimer: ReturnType<typeof setTimeout> | undefined;
  await Promise.race([
    new Promise<void>((resolve) => {
      const onMessage = (event: MessageEvent) => {
        if (!isMessageOf(event.data, WORKER_READY)) return;
        worker.removeEventListener('message', onMessage);
        resolve();
      };
      worker.addEventListener('message', onMessage);
    }),
    died,
    new Promise<never>((_, reject) => {
      handshakeTimer = setTimeout(() => reject(new WorkerTerminatedError('crashed', 'worker did not start in time')), HANDSHAKE_TIMEOUT_MS);
    }),
  ])
    .catch((error: unknown) => {
      terminate('crashed', error instanceof Error ? error.message : String(error));
      throw error;
    })
    // A pending timer would keep this connection, its worker included, alive for 30 s after a kill.
    .finally(() => clearTimeout(handshakeTimer));

  const runs = runChannel(worker, (executionId, chunks) => hooks.output(executionId, chunks));
  died.catch(() => runs.forget());
  const api = Comlink.wrap<EngineWorkerApi>(worker);
  // The hooks get a channel of their own, closed when the worker dies: a port still listening
  // stays alive after its other end is gone, and each dead worker would keep one on the page.
  const hooksChannel = new MessageChannel();
  Comlink.expose(hooks, hooksChannel.port1);
  died.catch(() => {
    hooksChannel.port1.close();
    // Comlink's FinalizationRegistry would otherwise hold the dead worker until the proxy is collected and its cleanup has run.
    api[Comlink.releaseProxy]();
  });
  await Promise.race([api.connect(Comlink.transfer(hooksChannel.port2, [hooksChannel.port2])), died]);
  return { api, run: runs.run, died, terminate };
}
