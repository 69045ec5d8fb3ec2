import { beforeAll, describe, expect, it, vi } from 'vitest';
import { newQuickJSWASMModuleFromVariant, type QuickJSWASMModule } from 'quickjs-emscripten-core';
import bellard from '@jitl/quickjs-wasmfile-release-sync';
import { HeapGovernor } from './heap-governor';
import { executeRun } from './run';
import { createRunState, type RunState } from './run-state';
import { Session } from './session';
import { SpareSession } from './spare';
import { quickjsStackBytes } from './stack-budget';
import { betweenRuns, hooks, job } from './testing';

describe('SpareSession', () => {
  let module: QuickJSWASMModule;
  let governor: HeapGovernor;

  beforeAll(async () => {
    module = await newQuickJSWASMModuleFromVariant(bellard);
    governor = new HeapGovernor();
    governor.install(module.getWasmMemory());
  });

  /** A spare over real sessions; `busy` stands for a run in progress. */
  function spareWith() {
    const built: Session[] = [];
    const released: Session[] = [];
    const state = { busy: false };
    const spare = new SpareSession({
      build: (run) => {
        const session = new Session(module, run, quickjsStackBytes(), governor);
        built.push(session);
        return session;
      },
      release: (session) => {
        released.push(session);
        session.dispose();
      },
      idle: () => !state.busy,
      wasmBytes: () => governor.heapBytes,
    });
    return { spare, built, released, state };
  }

  const runIn = (session: Session, run: RunState) => executeRun(session, run);
  const newRun = (code: string) => createRunState(job(code), hooks(), () => 0, () => governor.heapBytes);

  it('builds one session in the pause after a run, for the next run to take', async () => {
    const { spare, built } = spareWith();
    expect(spare.take(newRun(''))).toBeUndefined();
    spare.afterRun();
    spare.afterRun();
    expect(built).toHaveLength(0);
    await betweenRuns();
    expect(built).toHaveLength(1);
    const run = newRun('console.log(typeof globalThis.leak, 6 * 7)');
    const session = spare.take(run);
    expect(session).toBe(built[0]);
    // The run's own output, limits and permissions apply, not the setup's.
    expect(session?.run).toBe(run);
    const result = await runIn(session!, run);
    expect(result.outcome).toMatchObject({ status: 'completed', stdout: 'undefined 42\n' });
    expect(spare.take(newRun(''))).toBeUndefined();
    session!.dispose();
  });

  it('schedules nothing after a run when a spare is ready and nothing waits to be freed', async () => {
    const { spare } = spareWith();
    spare.afterRun();
    await betweenRuns();
    vi.useFakeTimers();
    try {
      spare.afterRun();
      expect(vi.getTimerCount()).toBe(0);
    } finally {
      vi.useRealTimers();
    }
    for (const session of spare.drain()) session.dispose();
  });

  it('builds nothing while a run is in progress; the next run end tries again', async () => {
    const { spare, built, state } = spareWith();
    state.busy = true;
    spare.afterRun();
    await betweenRuns();
    expect(built).toHaveLength(0);
    state.busy = false;
    spare.afterRun();
    await betweenRuns();
    expect(built).toHaveLength(1);
    for (const session of spare.drain()) session.dispose();
  });

  it('frees retired sessions in the gap, or at once when a run needs the memory first', async () => {
    const { spare, released } = spareWith();
    const first = new Session(module, newRun(''), quickjsStackBytes(), governor);
    spare.retire(first);
    spare.afterRun();
    await betweenRuns();
    expect(released).toEqual([first]);
    const second = new Session(module, newRun(''), quickjsStackBytes(), governor);
    spare.retire(second);
    spare.flush();
    expect(released).toEqual([first, second]);
    for (const session of spare.drain()) session.dispose();
  });

  it('never hands out a session the engine marked dead (the module crashed)', async () => {
    const { spare, built } = spareWith();
    spare.afterRun();
    await betweenRuns();
    built[0]!.dead = true;
    expect(spare.take(newRun(''))).toBeUndefined();
    built[0]!.dead = false;
    built[0]!.dispose();
  });

  it('drain hands back the spare and the retired, and cancels a build still to come', async () => {
    const { spare, built } = spareWith();
    spare.afterRun();
    await betweenRuns();
    const retired = new Session(module, newRun(''), quickjsStackBytes(), governor);
    spare.retire(retired);
    spare.afterRun();
    const held = spare.drain();
    expect(held).toEqual([retired, built[0]]);
    await betweenRuns();
    expect(built).toHaveLength(1);
    for (const session of held) expect(session.dispose()).toBe(true);
  });
});
