import * as Comlink from 'comlink';
import { describe, expect, it } from 'vitest';
import { WORKER_READY, WORKER_RESULT, WORKER_RUN, type EngineWorkerApi, type RunOutcome } from '../engines/protocol';
import { connectWorker } from './connection';
import { WorkerTerminatedError } from './errors';

const OUTCOME: RunOutcome = {
  status: 'completed', stdout: 'ok\n', stderr: '', truncated: false, changes: { files: {}, deleted: [] },
  metrics: { outputBytes: 3, memoryBytes: 0, runMs: 0 }, stateful: true,
};

/** A worker made of a MessageChannel: the far port plays the engine's side (exposeEngine's protocol). */
function fakeWorker() {
  const { port1: page, port2: engine } = new MessageChannel();
  let terminated = false;
  const api: EngineWorkerApi = { connect: () => {}, init: async () => ({ id: 'quickjs', language: 'javascript', version: 'fake', available: true, stateful: true, features: [] }), cancel: () => {}, dropSession: () => {} };
  engine.addEventListener('message', (event: MessageEvent) => {
    const data = event.data as { type?: string; runId?: number };
    if (data?.type === WORKER_RUN) engine.postMessage({ type: WORKER_RESULT, runId: data.runId, outcome: OUTCOME });
  });
  Comlink.expose(api, engine);
  engine.postMessage({ type: WORKER_READY });
  const worker = Object.assign(page, { terminate: () => (terminated = true, page.close(), engine.close()) }) as unknown as Worker;
  return { worker, terminated: () => terminated };
}

const noHooks = { output: () => {}, input: async () => null, progress: () => {} };

describe('a worker connection', () => {
  it('runs a job with one message each way', async () => {
    const fake = fakeWorker();
    const connection = await connectWorker(fake.worker, noHooks);
    const job = { id: 'exec_000000000001', code: '1', timeoutMs: 1000, memoryBytes: 1 << 20, outputLimitBytes: 1000, permissions: { tier: 'open', fs: 'none', eval: true, modules: '*' }, workspace: { replace: false, files: {}, deleted: [] }, interactive: false } as const;
    await expect(connection.run(job)).resolves.toEqual(OUTCOME);
    connection.terminate('disposed');
  });

  it('lets go of a killed worker: the Comlink proxy is released, so nothing keeps the Worker alive', async () => {
    const fake = fakeWorker();
    const connection = await connectWorker(fake.worker, noHooks);
    connection.terminate('timeout');
    await expect(connection.died).rejects.toBeInstanceOf(WorkerTerminatedError);
    expect(fake.terminated()).toBe(true);
    expect(() => connection.api.init({ jspi: false })).toThrow(/released/i);
  });
});
