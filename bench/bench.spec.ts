import { test, type Page } from '@playwright/test';
import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { execFileSync } from 'node:child_process';
import type { ExecuteRequest, ExecutionResult } from '../src/lib/sandbox/types';
import { createRequire } from 'node:module';
import { chromiumPath } from '../e2e/chromium';
import { buildSample, parseCorpus } from '../src/lib/policy/corpus/snippets';

const require = createRequire(import.meta.url);
const ANALYZE_RUNS = 30;

const WARM_RUNS = 200;
const FRESH_RUNS = 15;

interface Summary {
  p50: number;
  p95: number;
  runs: number;
}

function summarize(samples: number[]): Summary {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  const round = (ms: number) => Math.round(ms * 1000) / 1000;
  return { p50: round(at(0.5)), p95: round(at(0.95)), runs: samples.length };
}

/** Loads the page and times navigation start → the first result of `request`, in the page's own clock. */
async function coldStart(page: Page, request: ExecuteRequest): Promise<number> {
  await page.goto('/?bench');
  await page.waitForFunction(() => 'sandcell' in globalThis);
  return page.evaluate(async (req) => {
    const { sandbox } = (globalThis as unknown as { sandcell: { sandbox: { execute(r: unknown): Promise<ExecutionResult> } } }).sandcell;
    const result = await sandbox.execute(req);
    if (result.status !== 'completed') throw new Error(`cold run ${result.status}: ${result.error?.message}`);
    return performance.now();
  }, request);
}

/** Times `count` runs of `request` one after another: the whole execute() call and the engine's own duration. */
async function timeRuns(page: Page, request: ExecuteRequest, count: number) {
  return page.evaluate(
    async ({ req, n }) => {
      const { sandbox } = (globalThis as unknown as { sandcell: { sandbox: { execute(r: unknown): Promise<ExecutionResult> } } }).sandcell;
      const total: number[] = [];
      const engine: number[] = [];
      for (let i = 0; i < n; i++) {
        const started = performance.now();
        const result = await sandbox.execute(req);
        total.push(performance.now() - started);
        engine.push(result.durationMs);
        if (result.status !== 'completed') throw new Error(`run ${result.status}: ${result.error?.message}`);
      }
      return { total, engine };
    },
    { req: request, n: count },
  );
}

const TRIVIAL: Record<string, Omit<ExecuteRequest, 'sessionId'>> = {
  quickjs: { language: 'javascript', engine: 'quickjs', code: 'x = 1 + 1' },
  'quickjs-ng': { language: 'javascript', engine: 'quickjs-ng', code: 'x = 1 + 1' },
  cpython: { language: 'python', engine: 'cpython', code: 'x = 1 + 1' },
};

/** `analyze` on 100 KB of each language on the page's main thread, against acorn's bare parse of the same JavaScript. */
async function analyzeBenchmark(page: Page) {
  await page.addScriptTag({ path: require.resolve('acorn') /* the UMD build: sets globalThis.acorn */ });
  const corpus = (['javascript', 'python'] as const).flatMap((language) =>
    parseCorpus(readFileSync(new URL(`../src/lib/policy/corpus/${language}-benign.txt`, import.meta.url), 'utf8'), language, 'benign'),
  );
  const samples = { javascript: buildSample(corpus, 'javascript'), python: buildSample(corpus, 'python') };
  const times = await page.evaluate(
    ({ code, runs }) => {
      const { analyze } = (globalThis as unknown as { sandcell: { policy: { analyze(c: string, l: string): unknown } } }).sandcell.policy;
      const acorn = (globalThis as unknown as { acorn: { parse(c: string, o: object): unknown } }).acorn;
      const time = (fn: () => unknown) => {
        const samples: number[] = [];
        for (let i = 0; i < runs + 3; i++) {
          const started = performance.now();
          fn();
          if (i >= 3) samples.push(performance.now() - started); // the first runs warm the JIT
        }
        return samples;
      };
      return {
        javascript: time(() => analyze(code.javascript, 'javascript')),
        python: time(() => analyze(code.python, 'python')),
        acornParse: time(() => acorn.parse(code.javascript, { ecmaVersion: 'latest', sourceType: 'module', allowAwaitOutsideFunction: true })),
      };
    },
    { code: samples, runs: ANALYZE_RUNS },
  );
  const javascript = summarize(times.javascript);
  const acornParse = summarize(times.acornParse);
  return {
    inputBytes: { javascript: samples.javascript.length, python: samples.python.length },
    analyzeJavascript: javascript,
    analyzePython: summarize(times.python),
    acornParse,
    javascriptRatioToAcorn: Math.round((javascript.p50 / acornParse.p50) * 100) / 100,
  };
}

test('engine benchmarks', async ({ browser }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  // Fill the HTTP cache once so cold starts measure start-up, not the network.
  await coldStart(page, TRIVIAL.cpython!);
  await coldStart(page, TRIVIAL.quickjs!);

  const engines: Record<string, unknown> = {};
  for (const [engine, request] of Object.entries(TRIVIAL)) {
    const coldStartMs = await coldStart(page, { ...request, sessionId: 'bench' });
    await timeRuns(page, { ...request, sessionId: 'bench' }, 5);
    const warm = await timeRuns(page, { ...request, sessionId: 'bench' }, WARM_RUNS);
    const entry: Record<string, unknown> = {
      coldStartMs: Math.round(coldStartMs),
      warmExecute: summarize(warm.total),
      warmEngine: summarize(warm.engine),
    };
    if (engine === 'cpython') {
      const fresh = await timeRuns(page, request, FRESH_RUNS);
      entry.freshInterpreterExecute = summarize(fresh.total);
    } else {
      const fresh = await timeRuns(page, request, 50);
      entry.statelessExecute = summarize(fresh.total);
    }
    engines[engine] = entry;
  }
  const policy = await analyzeBenchmark(page);
  await context.close();

  const results = {
    measuredAt: new Date().toISOString(),
    machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, memoryGb: Math.round(os.totalmem() / 2 ** 30), node: process.version },
    browser: execFileSync(chromiumPath(), ['--version']).toString().trim(),
    notes: {
      coldStartMs: 'page navigation start → first result, HTTP cache warm (includes worker start, wasm compile, interpreter start)',
      warmExecute: 'whole sandbox.execute() from the page, same session, trivial statement',
      warmEngine: 'the run inside the worker as the pool measures it (durationMs)',
    },
    engines,
    policy,
  };
  writeFileSync(new URL('./results.json', import.meta.url), `${JSON.stringify(results, null, 2)}\n`);
  console.log(JSON.stringify(results, null, 2));
  console.log(table(engines as Record<string, Record<string, Summary | number>>));
});

/** The headline figures as a Markdown table (the README carries the latest one). */
function table(engines: Record<string, Record<string, Summary | number>>): string {
  const cell = (value: Summary | number | undefined) =>
    value === undefined ? '–' : typeof value === 'number' ? `${value} ms` : `${value.p50} / ${value.p95} ms`;
  const rows = Object.entries(engines).map(([engine, e]) =>
    `| ${engine} | ${cell(e.coldStartMs)} | ${cell(e.warmEngine)} | ${cell(e.warmExecute)} | ${cell(e.statelessExecute ?? e.freshInterpreterExecute)} |`,
  );
  return [
    '| engine | cold start | warm run at the engine (p50 / p95) | warm execute() (p50 / p95) | no session: execute() (p50 / p95) |',
    '|---|---|---|---|---|',
    ...rows,
  ].join('\n');
}
