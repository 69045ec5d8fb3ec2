import { describe, expect, it } from 'vitest';
import { VARIANTS, engineFor, hooks, job } from './testing';

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;

// Budgets from the issue: a new session under 5 ms, a warm trivial run under 1 ms, measured at
// the engine. Asserted with slack so a loaded CI machine does not fail them; the numbers are logged.
describe.each(VARIANTS)('$id speed', ({ id }) => {
  it('starts sessions and runs warm code fast', async () => {
    const engine = await engineFor(id);
    for (let i = 0; i < 30; i++) await engine.run(job('1'), hooks());

    const fresh: number[] = [];
    const warm: number[] = [];
    const firstLog: number[] = [];
    for (let s = 0; s < 40; s++) {
      const sessionId = `perf-${id}-${s}`;
      fresh.push((await engine.run(job(`let x = ${s}`, { sessionId }), hooks())).metrics.runMs);
      for (let i = 0; i < 10; i++) warm.push((await engine.run(job('x++', { sessionId }), hooks())).metrics.runMs);
      firstLog.push((await engine.run(job('console.log({ x, list: [x, x] })', { sessionId }), hooks())).metrics.runMs);
      engine.dropSession(sessionId);
    }
    const report = { newSessionMs: median(fresh), warmRunMs: median(warm), firstObjectLogMs: median(firstLog) };
    console.log(`${id} at the engine:`, JSON.stringify(report));
    expect(report.newSessionMs).toBeLessThan(15);
    expect(report.warmRunMs).toBeLessThan(3);
    expect(report.firstObjectLogMs).toBeLessThan(5);
    engine.dispose();
  });
});
