/**
 * `npm run bench`: Sandcell against its anchors, in one run on one machine with the same page
 * conditions: Pyodide (loadPyodide + runPython in a module worker) and bare quickjs-emscripten in
 * a worker, both served from this origin (bench/fixtures). Sandcell and the anchors take turns
 * (alternate.ts). Writes bench/results.json and prints it with Markdown tables. It reports
 * targets; it fails only when something is broken.
 */
import { test, type Page } from '@playwright/test';
import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { execFileSync } from 'node:child_process';
import type { EngineId, ExecuteRequest } from '../src/lib/sandbox/types';
import { chromiumPath } from '../e2e/chromium';
import { alternate, Series } from './alternate';
import { anchorColdStart, anchorFresh, anchorRuns } from './anchor-page';
import { combine, LongTaskWindows, observeLongTasks } from './long-tasks';
import { analyzeBenchmark } from './policy';
import { markdownReport } from './report';
import { updateReadme } from './readme';
import type { AnchorFigures, EngineFigures, Results, ThroughputFigures } from './results';
import { burst, coldStart, engineVersions, openQuietEngines, timeRuns, type Burst, type RunPlan } from './sandcell-page';
import { median, round, summarize, type Summary } from './stats';
import { evaluateTargets } from './targets';
import { JAVASCRIPT_WORKLOADS, PYTHON_SETUP, PYTHON_WORKLOADS, STEADY, TRIVIAL } from './workloads';

// SANDCELL_BENCH_QUICK=1 divides the counts by 5 and writes neither results.json nor the README: for checking the bench itself, not for figures.
const scale = process.env.SANDCELL_BENCH_QUICK ? 0.2 : 1;
const count = (n: number) => Math.max(2, Math.round(n * scale));
const COLD_STARTS = 3;
/** Runs per turn when Sandcell and an anchor alternate. */
const TURN = 10;
const WARM_TURNS = count(20);
const SESSION_TURNS = count(5);
const FRESH_TURNS = count(5);
const WORKLOAD_RUNS = count(10);
const STEADY_TURN = count(STEADY.runsPerTurn);
/** The pause before each run of the "after a pause" figures. */
const PAUSE_MS = 20;
const BURST = { javascript: count(200), python: count(50) };

const ENGINES: readonly EngineId[] = ['quickjs', 'quickjs-ng', 'cpython'];
const request = (engine: EngineId, code = TRIVIAL): ExecuteRequest => ({ language: engine === 'cpython' ? 'python' : 'javascript', engine, code });
const inSession = (engine: EngineId, code = TRIVIAL): ExecuteRequest => ({ ...request(engine, code), sessionId: `bench-${engine}` });

/** An installed package's version, for the record. */
function packageVersion(name: string): string {
  return (JSON.parse(readFileSync(new URL(`../node_modules/${name}/package.json`, import.meta.url), 'utf8')) as { version: string }).version;
}

test('Sandcell against Pyodide and bare quickjs-emscripten', async ({ browser }) => {
  const loadAverage = os.loadavg().map((load) => round(load, 1));
  const context = await browser.newContext();
  await observeLongTasks(context);
  const app = await context.newPage();
  const pyodide = await context.newPage();
  const bare = await context.newPage();
  // Fill the HTTP cache once so every cold start measures start-up, not the network.
  await coldStart(app, request('cpython'));
  await coldStart(app, request('quickjs'));
  const pyodideVersion = (await anchorColdStart(pyodide, 'pyodide', TRIVIAL)).version;
  const bareVersion = (await anchorColdStart(bare, 'quickjs', TRIVIAL)).version;

  // Cold starts: each engine's first result on a fresh load of the page. The last load (cpython) stays for the rest.
  const cold: Record<EngineId | 'pyodide' | 'bare', number[]> = { quickjs: [], 'quickjs-ng': [], cpython: [], pyodide: [], bare: [] };
  await alternate(COLD_STARTS, [
    ...ENGINES.map((engine) => async () => cold[engine].push(await coldStart(app, inSession(engine)))),
    async () => cold.pyodide.push((await anchorColdStart(pyodide, 'pyodide', TRIVIAL)).ms),
    async () => cold.bare.push((await anchorColdStart(bare, 'quickjs', TRIVIAL)).ms),
  ]);
  // Sub-millisecond figures need the fine clock on every page alike (see playwright.config.ts).
  for (const page of [app, pyodide, bare]) {
    if (!(await page.evaluate(() => crossOriginIsolated))) throw new Error(`${page.url()} is not cross-origin isolated: its clock would count in 100 µs steps`);
  }
  const windows = new LongTaskWindows(app);
  // Runs at the engine are timed on the quiet page, as the anchors' are on theirs; execute() on the app page.
  const quiet = await context.newPage();
  await openQuietEngines(quiet);
  const timed = async (label: string, page: Page, req: ExecuteRequest, runs: number, plan: RunPlan = {}) => {
    const { total } = await windows.during(label, () => timeRuns(page, req, runs, plan));
    const { engine } = await timeRuns(quiet, req, runs, plan);
    return { total, engine };
  };

  // Warm runs in a stateful session / interpreter / context.
  for (const engine of ENGINES) {
    await timeRuns(app, inSession(engine), 5);
    await timeRuns(quiet, inSession(engine), 5);
  }
  await anchorRuns(pyodide, TRIVIAL, 5);
  await anchorRuns(bare, TRIVIAL, 5);
  const warm = Object.fromEntries(ENGINES.map((e) => [e, new Series()])) as Record<EngineId, Series>;
  const anchorWarm = { pyodide: [] as number[], bare: [] as number[] };
  await alternate(WARM_TURNS, [
    ...ENGINES.map((engine) => async () => warm[engine].add(await timed(`${engine} warm runs`, app, inSession(engine), TURN))),
    async () => anchorWarm.pyodide.push(...(await anchorRuns(pyodide, TRIVIAL, TURN))),
    async () => anchorWarm.bare.push(...(await anchorRuns(bare, TRIVIAL, TURN))),
  ]);
  // The same after thousands of runs, when both sides' code is as optimised as it gets.
  const steady = { ours: [] as number[][], bare: [] as number[][] };
  await alternate(STEADY.turns, [
    async () => steady.ours.push((await timeRuns(quiet, inSession('quickjs'), STEADY_TURN)).engine),
    async () => steady.bare.push(await anchorRuns(bare, TRIVIAL, STEADY_TURN)),
  ]);
  const steadyTail = (turns: number[][]) => turns.slice(-STEADY.counted).flat();

  // JavaScript: each run the first of a new session (back to back, and after a pause, as an agent's
  // calls come, in which the engine gets a session ready), and runs without a session; bare: a new context each.
  const newSession = { quickjs: new Series(), 'quickjs-ng': new Series() };
  const pausedNewSession = { quickjs: new Series(), 'quickjs-ng': new Series() };
  const stateless = { quickjs: new Series(), 'quickjs-ng': new Series() };
  const bareFresh: number[] = [];
  await alternate(SESSION_TURNS, [
    ...(['quickjs', 'quickjs-ng'] as const).flatMap((engine) => [
      async () => newSession[engine].add(await timed(`${engine} new sessions`, app, request(engine), TURN, { newSession: true })),
      async () => pausedNewSession[engine].add(await timed(`${engine} new sessions after a pause`, app, request(engine), TURN, { newSession: true, pauseMs: PAUSE_MS })),
      async () => stateless[engine].add(await timed(`${engine} runs without a session`, app, request(engine), TURN)),
    ]),
    async () => bareFresh.push(...(await anchorFresh(bare, TRIVIAL, TURN))),
  ]);

  // Python without a session: a fresh interpreter each run; Pyodide: a new loadPyodide each (slow, so fewer).
  const freshPython = new Series();
  const pyodideFresh: number[] = [];
  await alternate(FRESH_TURNS, [
    async () => freshPython.add(await timed('cpython fresh interpreters', app, request('cpython'), 3)),
    async () => pyodideFresh.push(...(await anchorFresh(pyodide, TRIVIAL, 1))),
  ]);

  // CPU workloads in the warm session, one run each in turn after an untimed one.
  await timeRuns(app, inSession('cpython', PYTHON_SETUP), 1);
  await timeRuns(quiet, inSession('cpython', PYTHON_SETUP), 1);
  await anchorRuns(pyodide, PYTHON_SETUP, 1);
  const workload = async (engine: EngineId, anchorPage: Page, name: string, code: string) => {
    const ours = new Series();
    const theirs: number[] = [];
    await timeRuns(app, inSession(engine, code), 1);
    await timeRuns(quiet, inSession(engine, code), 1);
    await anchorRuns(anchorPage, code, 1);
    await alternate(WORKLOAD_RUNS, [
      async () => ours.add(await timed(`${engine} ${name}`, app, inSession(engine, code), 1)),
      async () => theirs.push(...(await anchorRuns(anchorPage, code, 1))),
    ]);
    return { ours: summarize(ours.engine), theirs: summarize(theirs) };
  };
  const pythonWorkloads: Record<string, { ours: Summary; theirs: Summary }> = {};
  for (const [name, code] of Object.entries(PYTHON_WORKLOADS)) pythonWorkloads[name] = await workload('cpython', pyodide, name, code);
  const jsFib = await workload('quickjs', bare, 'fib25', JAVASCRIPT_WORKLOADS.fib25);

  // Throughput: every run submitted at once.
  const bursts: Record<'javascript' | 'python', Burst> = {
    javascript: await windows.during('quickjs burst', () => burst(app, request('quickjs'), BURST.javascript)),
    python: await windows.during('cpython burst', () => burst(app, request('cpython'), BURST.python)),
  };
  const longTasks = await windows.report();
  const versions = await engineVersions(app);
  const policy = await analyzeBenchmark(app);
  await context.close();

  const engines: Record<string, EngineFigures> = {};
  for (const engine of ENGINES) {
    engines[engine] = { coldStartMs: Math.round(median(cold[engine])), warmEngine: summarize(warm[engine].engine), warmExecute: summarize(warm[engine].total) };
  }
  for (const engine of ['quickjs', 'quickjs-ng'] as const) {
    Object.assign(engines[engine]!, {
      statelessExecute: summarize(stateless[engine].total),
      newSessionEngine: summarize(newSession[engine].engine),
      newSessionExecute: summarize(newSession[engine].total),
      pausedNewSessionEngine: summarize(pausedNewSession[engine].engine),
      pausedNewSessionExecute: summarize(pausedNewSession[engine].total),
    } satisfies Partial<EngineFigures>);
  }
  engines.quickjs!.workloads = { fib25: jsFib.ours };
  engines.quickjs!.steadyEngine = summarize(steadyTail(steady.ours));
  Object.assign(engines.cpython!, {
    freshInterpreterEngine: summarize(freshPython.engine),
    freshInterpreterExecute: summarize(freshPython.total),
    workloads: Object.fromEntries(Object.entries(pythonWorkloads).map(([name, w]) => [name, w.ours])),
  } satisfies Partial<EngineFigures>);
  const anchors: Results['anchors'] = {
    pyodide: {
      version: pyodideVersion,
      coldStartMs: Math.round(median(cold.pyodide)),
      warmRun: summarize(anchorWarm.pyodide),
      fresh: summarize(pyodideFresh),
      workloads: Object.fromEntries(Object.entries(pythonWorkloads).map(([name, w]) => [name, w.theirs])),
    } satisfies AnchorFigures,
    quickjs: {
      version: bareVersion,
      coldStartMs: Math.round(median(cold.bare)),
      warmRun: summarize(anchorWarm.bare),
      steadyRun: summarize(steadyTail(steady.bare)),
      fresh: summarize(bareFresh),
      workloads: { fib25: jsFib.theirs },
    } satisfies AnchorFigures,
  };
  const throughputOf = (b: Burst, label: string): ThroughputFigures => {
    if (b.statuses.completed !== b.runs) throw new Error(`a burst run did not complete: ${JSON.stringify(b.statuses)}`);
    return {
      runs: b.runs,
      wallMs: Math.round(b.wallMs),
      runsPerSecond: round((b.runs * 1000) / b.wallMs, 1),
      queueWait: summarize(b.queueMs),
      statuses: b.statuses,
      longTasks: longTasks[label]!,
    };
  };

  const figures: Omit<Results, 'targets'> = {
    measuredAt: new Date().toISOString(),
    machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, memoryGb: Math.round(os.totalmem() / 2 ** 30), node: process.version, loadAverage },
    browser: execFileSync(chromiumPath(), ['--version']).toString().trim(),
    versions: {
      ...versions,
      pyodide: pyodideVersion,
      bareQuickjs: `${bareVersion} ${packageVersion('quickjs-emscripten-core')} (@jitl/quickjs-wasmfile-release-sync ${packageVersion('@jitl/quickjs-wasmfile-release-sync')})`,
    },
    notes: {
      coldStartMs: `median of ${COLD_STARTS} page loads: navigation start → first result, HTTP cache warm (worker start, wasm compile, interpreter start)`,
      engine: 'a run at the engine: the worker round trip as the pool measures it (durationMs), on a page running only the sandbox (no store, no UI), as the anchors run on theirs; anchors: the same round trip timed on their page',
      execute: 'the whole sandbox.execute() from the page: policy analysis, IndexedDB audit records, the run',
      fresh: 'Sandcell: a run without a session (Python: a fresh interpreter); Pyodide: a new loadPyodide + runPython; bare QuickJS: a new context + evalCode',
      steady: `JavaScript warm runs at the engine after ${STEADY_TURN * (STEADY.turns - STEADY.counted)} on each side (turns of ${STEADY_TURN}, the last ${STEADY.counted} counted)`,
      pausedNewSession: `each run the first of a new session, ${PAUSE_MS} ms after the last result: the QuickJS engine builds a spare session in such gaps`,
      clock: 'every page is cross-origin isolated, so performance.now() counts in 5 µs steps',
      turns: `Sandcell and the anchors take turns (${TURN} runs a turn for trivial runs, 1 for workloads and fresh interpreters), each page open in the same browser`,
      queueWait: 'metrics.queueMs of each run in a burst: submitted to the pool → a worker picked it up',
      mainThread: "PerformanceObserver('longtask') on the app page while guest code ran (policy benchmark and page loads excluded)",
    },
    engines,
    anchors,
    throughput: { javascript: throughputOf(bursts.javascript, 'quickjs burst'), python: throughputOf(bursts.python, 'cpython burst') },
    mainThreadWhileCodeRuns: { ...combine(Object.values(longTasks)), windows: longTasks },
    policy,
  };
  const results: Results = { ...figures, targets: evaluateTargets(figures) };
  console.log(JSON.stringify(results, null, 2));
  const report = markdownReport(results);
  console.log(`\n${report}\n`);
  if (scale === 1) {
    writeFileSync(new URL('./results.json', import.meta.url), `${JSON.stringify(results, null, 2)}\n`);
    updateReadme(report);
  }
});
