import { describe, expect, it } from 'vitest';
import { must, openTestStore, request, result } from './fixtures/helpers';
import { percentile } from './stats';

describe('stats', () => {
  it('nearest-rank percentiles', () => {
    const values = [...Array(100).keys()].map((i) => i + 1);
    expect(percentile(values, 95)).toBe(95);
    expect(percentile([5], 95)).toBe(5);
    expect(percentile([], 95)).toBe(0);
    expect(percentile([1, 2, 3], 50)).toBe(2);
  });

  it('counts statuses, engines, durations, findings and blocked runs per day', async () => {
    const day = 86_400_000;
    let now = 20_000 * day + 1000;
    const store = await openTestStore({ now: () => now });
    const run = async (opts: { lang?: 'python' | 'javascript'; status?: 'completed' | 'error' | 'timeout' | 'blocked'; ms?: number; findings?: Array<[string, string]> }) => {
      const language = opts.lang ?? 'python';
      const blocked = opts.status === 'blocked';
      const analysis = { score: 1, level: 'low', findings: (opts.findings ?? []).map(([category, severity]) => ({ category, severity, rule: 'r' })) };
      const begun = must(await store.beginExecution({ request: request({ language, code: 'x' }), verdict: { decision: blocked ? 'block' : 'allow', analysis } }));
      must(await store.finishExecution(begun.executionId, result(begun.executionId, { status: opts.status ?? 'completed', durationMs: opts.ms ?? 10, engine: language === 'python' ? 'cpython' : 'quickjs' })));
    };
    for (const ms of [10, 20, 30, 40, 100]) await run({ ms });
    await run({ lang: 'javascript', ms: 2 });
    await run({ lang: 'javascript', status: 'error', ms: 4, findings: [['eval', 'critical']] });
    await run({ status: 'blocked', findings: [['filesystem', 'high'], ['network', 'high']] });
    now += 2 * day;
    await run({ status: 'blocked', findings: [['eval', 'critical']] });
    await run({ status: 'timeout', ms: 15_000 });
    must(await store.beginExecution({ request: request() })); // still running

    const stats = must(await store.stats());
    expect(stats.total).toBe(11);
    expect(stats.byStatus).toEqual({ completed: 6, error: 1, blocked: 2, timeout: 1, running: 1 });
    expect(stats.engines).toEqual({ cpython: 9, quickjs: 2 });
    expect(stats.durations.cpython).toEqual({ count: 6, avgMs: (10 + 20 + 30 + 40 + 100 + 15_000) / 6, p50Ms: 30, p95Ms: 15_000 });
    expect(stats.durations.quickjs).toEqual({ count: 2, avgMs: 3, p50Ms: 2, p95Ms: 4 });
    expect(stats.findings).toEqual({ total: 4, byCategory: { eval: 2, filesystem: 1, network: 1 }, bySeverity: { critical: 2, high: 2 } });
    expect(stats.blockedOverTime).toEqual([
      { start: 20_000 * day, blocked: 1, total: 8 },
      { start: 20_001 * day, blocked: 0, total: 0 },
      { start: 20_002 * day, blocked: 1, total: 3 },
    ]);
    const recent = must(await store.stats({ since: 20_001 * day }));
    expect(recent.total).toBe(3);
    await store.close();
  });
});
