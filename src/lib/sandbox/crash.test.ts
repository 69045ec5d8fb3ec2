import { describe, expect, it } from 'vitest';
import type { EngineInfo, EngineWorkerApi, RunOutcome } from '../engines/protocol';
import type { EngineConnection } from './connection';
import { WorkerTerminatedError } from './errors';
import { createSandbox } from './index';
import type { Connect } from './slot';

const INFO: EngineInfo = { id: 'quickjs', language: 'javascript', version: 'test', available: true, stateful: true, features: [] };

const OK: RunOutcome = {
  status: 'completed', stdout: 'ok\n', stderr: '', truncated: false, changes: { files: {}, deleted: [] },
  metrics: { outputBytes: 3, memoryBytes: 0, runMs: 1 }, stateful: true,
};

/**
 * Connections standing in for workers: the first one's run never answers and the worker then
 * crashes; later ones answer. Comlink would leave the first call pending forever.
 */
function crashingFirstWorker() {
  const crashes: Array<() => void> = [];
  let spawned = 0;
  const connect: Connect = async () => {
    const index = spawned++;
    let crash!: (error: WorkerTerminatedError) => void;
    const died = new Promise<never>((_, reject) => (crash = reject));
    died.catch(() => {});
    const api = {
      connect: async () => {},
      init: async () => INFO,
      cancel: async () => {},
      dropSession: async () => {},
    } as unknown as EngineConnection['api'] & EngineWorkerApi;
    crashes.push(() => crash(new WorkerTerminatedError('crashed', 'worker crashed: out of memory')));
    const run = async () => (index === 0 ? new Promise<RunOutcome>(() => {}) : OK);
    return { api, run, died, terminate: (reason) => crash(new WorkerTerminatedError(reason)) };
  };
  return { connect, crashes, spawned: () => spawned };
}

describe('a crashed worker', () => {
  it('rejects its pending run with an error, is replaced, and the next run works', async () => {
    const workers = crashingFirstWorker();
    const sandbox = createSandbox({ connect: workers.connect, warm: [] });
    const first = sandbox.execute({ language: 'javascript', code: '1', sessionId: 's' }, {
      onStart: () => setTimeout(() => workers.crashes[0]!(), 10),
    });
    const result = await first;
    expect(result.status).toBe('error');
    expect(result.error?.name).toBe('WorkerCrashedError');
    expect(result.error?.message).toContain('out of memory');
    expect(result.stateLost).toBe(true);
    const next = await sandbox.execute({ language: 'javascript', code: '2', sessionId: 's' });
    expect(next.status).toBe('completed');
    expect(workers.spawned()).toBe(2);
    expect(sandbox.stats()).toMatchObject({ running: 0, workers: 1 });
    sandbox.dispose();
  });
});
