/**
 * `npm run bench`: Sandcell against its anchors, in one run on one machine with the same page
 * conditions: Pyodide (loadPyodide + runPython in a module worker) and bare quickjs-emscripten in
 * a worker, both served from this origin (bench/fixtures). Writes bench/results.json and prints
 * it with Markdown tables. It reports targets; it fails only when something is broken.
 */
import { test, type Page } from '@playwright/test';
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import { execFileSync } from 'node:child_process';
import type { ExecuteRequest } from '../src/lib/sandbox/types';
import { chromiumPath } from '../e2e/chromium';
import { anchorColdStart, anchorFresh, anchorRuns, type AnchorName } from './anchor-page';
import { combine, duringWork, observeLongTasks, type LongTasks } from './long-tasks';
import { analyzeBenchmark } from './policy';
import { markdownReport } from './report';
import type { AnchorFigures, EngineFigures, Results, ThroughputFigures } from './results';
import { burst, coldStart, engineVersions, timeRuns } from './sandcell-page';
import { median, round, summarize, type Summary } from './stats';
import { evaluateTargets } from './targets';
import { JAVASCRIPT_WORKLOADS, PYTHON_SETUP, PYTHON_WORKLOADS, TRIVIAL } from './workloads';

// SANDCELL_BENCH_QUICK=1 divides the counts by 5: for checking the bench itself, not for figures.
const scale = process.env.SANDCELL_BENCH_QUICK ? 0.2 : 1;
const count = (n: number) => Math.max(3, Math.round(n * scale));
const COLD_STARTS = 3;
const WARM_RUNS = count(200);
const STATELESS_RUNS = count(50);
const NEW_SESSIONS = count(50);
const FRESH_INTERPRETERS = count(15);
const PYODIDE_FRESH = count(5);
const WORKLOAD_RUNS = count(10);
const BURST = { javascript: count(200), python: count(50) };

const TRIVIAL_REQUEST: Record<string, ExecuteRequest> = {
  quickjs: { language: 'javascript', engine: 'quickjs', code: TRIVIAL },
  'quickjs-ng': { language: 'javascript', engine: 'quickjs-ng', code: TRIVIAL },
  cpython: { language: 'python', engine: 'cpython', code: TRIVIAL },
};

test('Sandcell against Pyodide and bare quickjs-emscripten', async ({ browser }) => {
  const page = await browser.newPage();
  await observeLongTasks(page);
  // Fill the HTTP cache once so every cold start measures start-up, not the network.
  await coldStart(page, TRIVIAL_REQUEST.cpython!);
  await coldStart(page, TRIVIAL_REQUEST.quickjs!);
  await anchorColdStart(page, 'pyodide', TRIVIAL);
  await anchorColdStart(page, 'quickjs', TRIVIAL);

  const codeWindows: Record<string, LongTasks> = {};
  const whileCodeRuns = async <T>(label: string, work: () => Promise<T>): Promise<T> => {
    const { value, longTasks } = await duringWork(page, work);
    codeWindows[label] = longTasks;
    return value;
  };

  /** Engine round trips of `code` in a warm session, after one untimed run. */
  const sandcellWorkload = async (label: string, request: ExecuteRequest, code: string): Promise<Summary> => {
    await timeRuns(page, { ...request, code }, 1);
    return summarize((await whileCodeRuns(label, () => timeRuns(page, { ...request, code }, WORKLOAD_RUNS))).engine);
  };

  const engines: Record<string, EngineFigures> = {};
  for (const [engine, request] of Object.entries(TRIVIAL_REQUEST)) {
    const session = { ...request, sessionId: `bench-${engine}` };
    const cold: number[] = [];
    // The last load stays open for the warm runs.
    for (let i = 0; i < COLD_STARTS; i++) cold.push(await coldStart(page, session));
    await timeRuns(page, session, 5);
    const warm = await whileCodeRuns(`${engine} warm runs`, () => timeRuns(page, session, WARM_RUNS));
    const figures: EngineFigures = { coldStartMs: Math.round(median(cold)), warmEngine: summarize(warm.engine), warmExecute: summarize(warm.total) };
    if (request.language === 'javascript') {
      figures.statelessExecute = summarize((await whileCodeRuns(`${engine} runs without a session`, () => timeRuns(page, request, STATELESS_RUNS))).total);
      const fresh = await whileCodeRuns(`${engine} new sessions`, () => timeRuns(page, request, NEW_SESSIONS, true));
      figures.newSessionEngine = summarize(fresh.engine);
      figures.newSessionExecute = summarize(fresh.total);
      if (engine === 'quickjs') figures.workloads = { fib25: await sandcellWorkload(`${engine} fib25`, session, JAVASCRIPT_WORKLOADS.fib25) };
    } else {
      const fresh = await whileCodeRuns(`${engine} fresh interpreters`, () => timeRuns(page, request, FRESH_INTERPRETERS));
      figures.freshInterpreterEngine = summarize(fresh.engine);
      figures.freshInterpreterExecute = summarize(fresh.total);
      await timeRuns(page, { ...session, code: PYTHON_SETUP }, 1);
      figures.workloads = {};
      for (const [name, code] of Object.entries(PYTHON_WORKLOADS)) figures.workloads[name] = await sandcellWorkload(`${engine} ${name}`, session, code);
    }
    engines[engine] = figures;
  }

  const versions = await engineVersions(page);
  const throughputOf = async (request: ExecuteRequest, runs: number): Promise<ThroughputFigures> => {
    const { value, longTasks } = await duringWork(page, () => burst(page, request, runs));
    codeWindows[`${request.engine} burst of ${runs}`] = longTasks;
    if (value.statuses.completed !== runs) throw new Error(`a burst run did not complete: ${JSON.stringify(value.statuses)}`);
    return {
      runs,
      wallMs: Math.round(value.wallMs),
      runsPerSecond: round((runs * 1000) / value.wallMs, 1),
      queueWait: summarize(value.queueMs),
      statuses: value.statuses,
      longTasks,
    };
  };
  const throughput = {
    javascript: await throughputOf(TRIVIAL_REQUEST.quickjs!, BURST.javascript),
    python: await throughputOf(TRIVIAL_REQUEST.cpython!, BURST.python),
  };
  const policy = await analyzeBenchmark(page);

  const pyodide = await measureAnchor(page, 'pyodide', PYTHON_SETUP, PYTHON_WORKLOADS, PYODIDE_FRESH);
  const quickjs = await measureAnchor(page, 'quickjs', undefined, JAVASCRIPT_WORKLOADS, NEW_SESSIONS);
  await page.close();

  const figures: Omit<Results, 'targets'> = {
    measuredAt: new Date().toISOString(),
    machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, memoryGb: Math.round(os.totalmem() / 2 ** 30), node: process.version },
    browser: execFileSync(chromiumPath(), ['--version']).toString().trim(),
    versions: { ...versions, pyodide: pyodide.version, bareQuickjs: quickjs.version },
    notes: {
      coldStartMs: `median of ${COLD_STARTS} page loads: navigation start → first result, HTTP cache warm (worker start, wasm compile, interpreter start)`,
      engine: 'a run at the engine: the worker round trip as the pool measures it (durationMs); anchors: the same round trip timed on their page',
      execute: 'the whole sandbox.execute() from the page: policy analysis, IndexedDB audit records, the run',
      fresh: 'Sandcell: a run without a session (Python: a fresh interpreter); Pyodide: a new loadPyodide + runPython; bare QuickJS: a new context + evalCode',
      queueWait: 'metrics.queueMs of each run in a burst: submitted to the pool → a worker picked it up',
      mainThread: "PerformanceObserver('longtask') on the app page while guest code ran (policy benchmark and page loads excluded)",
    },
    engines,
    anchors: { pyodide, quickjs },
    throughput,
    mainThreadWhileCodeRuns: { ...combine(Object.values(codeWindows)), windows: codeWindows },
    policy,
  };
  const results: Results = { ...figures, targets: evaluateTargets(figures) };
  writeFileSync(new URL('./results.json', import.meta.url), `${JSON.stringify(results, null, 2)}\n`);
  console.log(JSON.stringify(results, null, 2));
  console.log(`\n${markdownReport(results)}\n`);
});

/** An anchor page: median cold start, warm runs, fresh interpreters or contexts, workloads after `setup`. */
async function measureAnchor(page: Page, name: AnchorName, setup: string | undefined, workloads: Record<string, string>, freshRuns: number): Promise<AnchorFigures> {
  const cold: { ms: number; version: string }[] = [];
  for (let i = 0; i < COLD_STARTS; i++) cold.push(await anchorColdStart(page, name, TRIVIAL));
  await anchorRuns(page, TRIVIAL, 5);
  const warmRun = summarize(await anchorRuns(page, TRIVIAL, WARM_RUNS));
  const fresh = summarize(await anchorFresh(page, TRIVIAL, freshRuns));
  if (setup) await anchorRuns(page, setup, 1);
  const timed: Record<string, Summary> = {};
  for (const [workload, code] of Object.entries(workloads)) {
    await anchorRuns(page, code, 1);
    timed[workload] = summarize(await anchorRuns(page, code, WORKLOAD_RUNS));
  }
  return { version: cold[0]!.version, coldStartMs: Math.round(median(cold.map((c) => c.ms))), warmRun, fresh, workloads: timed };
}
