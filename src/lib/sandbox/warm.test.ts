import { describe, expect, it } from 'vitest';
import type { EngineId, EngineInfo, EngineWorkerApi } from '../engines/protocol';
import type { EngineConnection } from './connection';
import { createSandbox, DEFAULT_WARM, InvalidRequestError } from './index';
import type { Connect } from './slot';

/** Connections that start at once and say which engine they are; `spawned` lists every worker started. */
function countingWorkers() {
  const spawned: EngineId[] = [];
  const connect: Connect = async (engine) => {
    spawned.push(engine);
    const info: EngineInfo = { id: engine, language: engine === 'cpython' ? 'python' : 'javascript', version: 'test', available: true, stateful: true, features: [] };
    const died = new Promise<never>(() => {});
    const api = { init: async () => info, dropSession: async () => {} } as unknown as EngineConnection['api'] & EngineWorkerApi;
    return { api, run: () => Promise.reject(new Error('no runs here')), died, terminate: () => {} };
  };
  return { connect, spawned };
}

/** Past the idle fallback (Node has no requestIdleCallback: 200 ms). */
const afterIdle = () => new Promise((resolve) => setTimeout(resolve, 400));

describe('warming engines', () => {
  it('by default starts the JavaScript engines when idle, and never Python', async () => {
    const workers = countingWorkers();
    const sandbox = createSandbox({ connect: workers.connect });
    expect(workers.spawned).toEqual([]);
    await afterIdle();
    expect(DEFAULT_WARM).toEqual(['quickjs', 'quickjs-ng']);
    expect([...workers.spawned].sort()).toEqual(['quickjs', 'quickjs-ng']);
    sandbox.dispose();
  });

  it('starts exactly the engines named in `warm`', async () => {
    const workers = countingWorkers();
    const sandbox = createSandbox({ connect: workers.connect, warm: ['cpython'] });
    await afterIdle();
    expect(workers.spawned).toEqual(['cpython']);
    sandbox.dispose();
  });

  it('warm(engine) starts one worker however often it is asked, and reports its info', async () => {
    const workers = countingWorkers();
    const sandbox = createSandbox({ connect: workers.connect, warm: [] });
    const [first, second] = await Promise.all([sandbox.warm('cpython'), sandbox.warm('cpython')]);
    expect(first.id).toBe('cpython');
    expect(second).toEqual(first);
    expect(await sandbox.warm('cpython')).toEqual(first);
    expect(workers.spawned).toEqual(['cpython']);
    expect(sandbox.stats().workers).toBe(1);
    sandbox.dispose();
  });

  it('warm() of an unknown engine rejects with the field named, and starts nothing', async () => {
    const workers = countingWorkers();
    const sandbox = createSandbox({ connect: workers.connect, warm: [] });
    const error = await sandbox.warm('pypy' as EngineId).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidRequestError);
    expect((error as InvalidRequestError).field).toBe('engine');
    expect(workers.spawned).toEqual([]);
    sandbox.dispose();
  });
});
