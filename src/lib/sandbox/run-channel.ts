import { WORKER_OUTPUT, WORKER_RESULT, WORKER_RUN, isMessageOf, type OutputChunk, type RunJob, type RunOutcome, type WorkerOutputMessage, type WorkerResultMessage, type WorkerRunMessage } from '../engines/protocol';

function isOutputMessage(data: unknown): data is WorkerOutputMessage {
  return isMessageOf<WorkerOutputMessage>(data, WORKER_OUTPUT) && typeof data.executionId === 'string' && Array.isArray(data.chunks);
}

function isResultMessage(data: unknown): data is WorkerResultMessage {
  return isMessageOf<WorkerResultMessage>(data, WORKER_RESULT) && typeof data.runId === 'number';
}

/** Why a run's engine threw, as an Error on the host. */
function engineFailure(error: { name: string; message: string }): Error {
  const failure = new Error(error.message);
  failure.name = error.name;
  return failure;
}

/**
 * The page's end of a worker's runs (WORKER_RUN out, WORKER_RESULT back) and of their output
 * (WORKER_OUTPUT, handed to `output`). `forget` drops the runs still waiting, for a dead worker.
 */
export function runChannel(worker: Worker, output: (executionId: string, chunks: OutputChunk[]) => void): { run(job: RunJob): Promise<RunOutcome>; forget(): void } {
  const runs = new Map<number, { resolve: (outcome: RunOutcome) => void; reject: (error: Error) => void }>();
  let nextRunId = 1;
  worker.addEventListener('message', (event: MessageEvent) => {
    const data: unknown = event.data;
    if (isOutputMessage(data)) output(data.executionId, data.chunks);
    else if (isResultMessage(data)) {
      const pending = runs.get(data.runId);
      runs.delete(data.runId);
      if (!pending) return;
      if ('outcome' in data) pending.resolve(data.outcome);
      else pending.reject(engineFailure(data.error));
    }
  });
  return {
    run: (job) =>
      new Promise<RunOutcome>((resolve, reject) => {
        const runId = nextRunId++;
        runs.set(runId, { resolve, reject });
        worker.postMessage({ type: WORKER_RUN, runId, job } satisfies WorkerRunMessage);
      }),
    forget: () => runs.clear(),
  };
}

