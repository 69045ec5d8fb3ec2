import { describe, expect, it } from 'vitest';
import { createSandbox, InvalidRequestError } from './index';
import type { Connect } from './slot';

/** A sandbox whose worker factory records every attempt: a blocked run must make none. */
function sandboxWithoutWorkers() {
  const spawned: string[] = [];
  const connect: Connect = (engine) => {
    spawned.push(engine);
    return Promise.reject(new Error('no workers in this test'));
  };
  return { sandbox: createSandbox({ connect, warm: [] }), spawned };
}

describe('execute() policy gate', () => {
  it('blocks critical code under every tier before any worker starts', async () => {
    const { sandbox, spawned } = sandboxWithoutWorkers();
    for (const policy of ['strict', 'standard', 'extended', 'agent'] as const) {
      const result = await sandbox.execute({ language: 'javascript', policy, code: `globalThis['ev' + 'al']('1')` });
      expect(result.status).toBe('blocked');
      expect(result.violations?.length).toBeGreaterThan(0);
      expect(result.dangerAnalysis.level).toBe('critical');
      expect(result.id).toMatch(/^exec_[0-9a-f]{12}$/);
    }
    expect(spawned).toEqual([]);
    sandbox.dispose();
  });

  it('blocks high findings under strict only', async () => {
    const { sandbox, spawned } = sandboxWithoutWorkers();
    const code = `print(eval('1 + 1'))`;
    const strict = await sandbox.execute({ language: 'python', policy: 'strict', code });
    expect(strict.status).toBe('blocked');
    expect(strict.violations?.join(' ')).toMatch(/strict/);
    expect(spawned).toEqual([]);
    // Extended allows eval, so the run goes on to a worker.
    const extended = await sandbox.execute({ language: 'python', policy: 'extended', code });
    expect(extended.status).toBe('error');
    expect(extended.error?.name).toBe('EngineUnavailableError');
    expect(extended.dangerAnalysis.findings.length).toBeGreaterThan(0);
    expect(spawned).toEqual(['cpython']);
    sandbox.dispose();
  });

  it('takes a custom policy and names each invalid field', async () => {
    const { sandbox } = sandboxWithoutWorkers();
    const custom = { name: 'docs', base: 'standard', blockLevel: 'medium', timeoutMs: 2_000 };
    const result = await sandbox.execute({ language: 'javascript', policy: custom as never, code: `fetch('https://example.com')` });
    expect(result.status).toBe('blocked');
    expect(result.policy).toBe('docs');
    const bad = sandbox.execute({ language: 'javascript', policy: { name: 'x', blockLevel: 'loud', timeoutMs: -1 } as never, code: '1' });
    await expect(bad).rejects.toBeInstanceOf(InvalidRequestError);
    await expect(bad).rejects.toThrow(/blockLevel.*timeoutMs|timeoutMs.*blockLevel/s);
    await expect(
      sandbox.execute({ language: 'javascript', policy: custom as never, code: '1', timeout: 5_000 }),
    ).rejects.toThrow(/docs policy's maximum of 2000 ms/);
    sandbox.dispose();
  });
});
