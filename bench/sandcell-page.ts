/** Drives the Sandcell app page (the production build) through its `globalThis.sandcell` handle. */
import type { Page } from '@playwright/test';
import type { EngineInfo, ExecuteRequest, ExecutionResult } from '../src/lib/sandbox/types';

/** What the page exposes (src/playground-main.ts); only types cross into the page. */
export interface SandcellGlobals {
  sandcell: {
    sandbox: { execute(request: ExecuteRequest): Promise<ExecutionResult>; engines(): Promise<EngineInfo[]> };
    policy: { analyze(code: string, language: string): unknown };
  };
}

/** Each run: the whole execute() on the page and the worker round trip the pool measured (durationMs). */
export interface RunTimes {
  readonly total: number[];
  readonly engine: number[];
}

export async function openApp(page: Page): Promise<void> {
  await page.goto('/?bench');
  await page.waitForFunction(() => 'sandcell' in globalThis);
}

/** Sandcell's sandbox without store or UI (bench/fixtures/engine.html), where runs at the engine are timed. */
export async function openQuietEngines(page: Page): Promise<void> {
  await page.goto('/bench/engine.html');
  await page.waitForFunction(() => 'sandcell' in globalThis);
  if (!(await page.evaluate(() => crossOriginIsolated))) throw new Error('the quiet engine page is not cross-origin isolated');
}

/** Loads the page and times navigation start → the first result of `request`, in the page's own clock. */
export async function coldStart(page: Page, request: ExecuteRequest): Promise<number> {
  await openApp(page);
  return page.evaluate(async (req) => {
    const result = await (globalThis as unknown as SandcellGlobals).sandcell.sandbox.execute(req);
    if (result.status !== 'completed') throw new Error(`cold run ${result.status}: ${result.error?.message ?? result.violations?.join(' ')}`);
    return performance.now();
  }, request);
}

export interface RunPlan {
  /** Each run gets a session id never used before, so every run is its session's first. */
  readonly newSession?: boolean;
  /** A pause before each run, as between an agent's calls (engines prepare in such gaps). */
  readonly pauseMs?: number;
}

/** Times `count` runs of `request` one after another (see RunPlan). */
export async function timeRuns(page: Page, request: ExecuteRequest, count: number, plan: RunPlan = {}): Promise<RunTimes> {
  return page.evaluate(
    async ({ req, n, fresh, pauseMs }) => {
      const { sandbox } = (globalThis as unknown as SandcellGlobals).sandcell;
      const total: number[] = [];
      const engine: number[] = [];
      const prefix = `bench-new-${Date.now()}-`;
      for (let i = 0; i < n; i++) {
        if (pauseMs) await new Promise((resolve) => setTimeout(resolve, pauseMs));
        const started = performance.now();
        const result = await sandbox.execute(fresh ? { ...req, sessionId: `${prefix}${i}` } : req);
        total.push(performance.now() - started);
        engine.push(result.durationMs);
        if (result.status !== 'completed') throw new Error(`run ${result.status}: ${result.error?.message ?? result.violations?.join(' ')}`);
        // Without JSPI every Python run starts a new interpreter: "warm" figures would measure something else.
        if (req.sessionId !== undefined && !result.stateful) throw new Error(`${req.engine} ran session ${req.sessionId} without keeping its state`);
      }
      return { total, engine };
    },
    { req: request, n: count, fresh: plan.newSession === true, pauseMs: plan.pauseMs ?? 0 },
  );
}

/** `count` copies of `request` submitted at once: the wall time to the last result and each run's queue wait. */
export interface Burst {
  readonly runs: number;
  readonly wallMs: number;
  readonly queueMs: number[];
  readonly statuses: Record<string, number>;
}

export async function burst(page: Page, request: ExecuteRequest, count: number): Promise<Burst> {
  return page.evaluate(
    async ({ req, n }) => {
      const { sandbox } = (globalThis as unknown as SandcellGlobals).sandcell;
      const started = performance.now();
      const results = await Promise.all(Array.from({ length: n }, () => sandbox.execute(req)));
      const wallMs = performance.now() - started;
      const statuses: Record<string, number> = {};
      for (const r of results) statuses[r.status] = (statuses[r.status] ?? 0) + 1;
      return { runs: n, wallMs, queueMs: results.map((r) => r.metrics.queueMs), statuses };
    },
    { req: request, n: count },
  );
}

/** The engines the page reports (id and version), for the record. */
export async function engineVersions(page: Page): Promise<Record<string, string>> {
  return page.evaluate(async () => {
    const engines = await (globalThis as unknown as SandcellGlobals).sandcell.sandbox.engines();
    return Object.fromEntries(engines.map((e) => [e.id, e.version]));
  });
}
