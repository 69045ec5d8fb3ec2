import { describe, expect, it } from 'vitest';
import { createSandbox } from './index';
import type { Connect } from './slot';

/** Workers that never finish starting, so only cancellation can end a run. */
function sandboxWithStuckWorkers() {
  const spawned: string[] = [];
  const connect: Connect = (engine) => {
    spawned.push(engine);
    return new Promise(() => {});
  };
  return { sandbox: createSandbox({ connect, warm: [] }), spawned };
}

describe('cancellation', () => {
  it('an already aborted signal cancels before anything starts', async () => {
    const { sandbox, spawned } = sandboxWithStuckWorkers();
    const result = await sandbox.execute({ language: 'javascript', code: '1' }, { signal: AbortSignal.abort() });
    expect(result.status).toBe('cancelled');
    expect(spawned).toEqual([]);
    sandbox.dispose();
  });

  it('aborting while the engine is still starting ends the run as cancelled', async () => {
    const { sandbox, spawned } = sandboxWithStuckWorkers();
    const controller = new AbortController();
    const pending = sandbox.execute({ language: 'python', code: 'print(1)' }, { signal: controller.signal });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(spawned).toEqual(['cpython']);
    controller.abort();
    const result = await pending;
    expect(result.status).toBe('cancelled');
    expect(sandbox.stats()).toMatchObject({ running: 0, queued: 0, workers: 0 });
    sandbox.dispose();
  });

  it('cancel(id) of a queued run frees its place', async () => {
    const { sandbox } = sandboxWithStuckWorkers();
    let firstId = '';
    const first = sandbox.execute({ language: 'javascript', code: '1' }, { onQueued: (id) => (firstId = id) });
    let secondId = '';
    const second = sandbox.execute({ language: 'javascript', code: '2', sessionId: 's' }, { onQueued: (id) => (secondId = id) });
    expect(sandbox.cancel(secondId)).toBe(true);
    expect((await second).status).toBe('cancelled');
    expect(sandbox.cancel(secondId)).toBe(false);
    expect(sandbox.cancel(firstId)).toBe(true);
    expect((await first).status).toBe('cancelled');
    sandbox.dispose();
  });

  it('dispose ends every pending run', async () => {
    const { sandbox } = sandboxWithStuckWorkers();
    const runs = [1, 2, 3].map((n) => sandbox.execute({ language: 'javascript', code: String(n) }));
    sandbox.dispose();
    for (const result of await Promise.all(runs)) expect(result.status).toBe('cancelled');
  });
});
