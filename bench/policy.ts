/** `analyze` on 100 KB of each language on the app page's main thread, against the bare parsers it builds on. */
import type { Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { buildSample, parseCorpus } from '../src/lib/policy/corpus/snippets';
import type { SandcellGlobals } from './sandcell-page';
import { ratio, summarize, type Summary } from './stats';

const RUNS = 30;
/** Runs before timing, so the JIT has tiered up. */
const WARMUP = 3;

export interface PolicyResults {
  readonly inputBytes: { javascript: number; python: number };
  readonly analyzeJavascript: Summary;
  readonly analyzePython: Summary;
  /** acorn.parse of the same JavaScript: the anchor for both languages. */
  readonly acornParse: Summary;
  /** Lezer's bare parse of the same Python, which the Python analysis builds on. */
  readonly lezerParsePython: Summary;
  readonly javascriptRatioToAcorn: number;
  readonly pythonRatioToAcorn: number;
  readonly pythonRatioToLezer: number;
}

type ParserGlobals = { benchParsers: { acorn(code: string): unknown; lezerPython(code: string): unknown } };

/** Expects the app page to be open. Adds bench/fixtures/parsers.ts's build to it. */
export async function analyzeBenchmark(page: Page): Promise<PolicyResults> {
  await page.addScriptTag({ url: '/bench/parsers.js', type: 'module' });
  await page.waitForFunction(() => 'benchParsers' in globalThis);
  const corpus = (['javascript', 'python'] as const).flatMap((language) =>
    parseCorpus(readFileSync(new URL(`../src/lib/policy/corpus/${language}-benign.txt`, import.meta.url), 'utf8'), language, 'benign'),
  );
  const code = { javascript: buildSample(corpus, 'javascript'), python: buildSample(corpus, 'python') };
  const times = await page.evaluate(
    ({ code, runs, warmup }) => {
      const { analyze } = (globalThis as unknown as SandcellGlobals).sandcell.policy;
      const parsers = (globalThis as unknown as ParserGlobals).benchParsers;
      const time = (fn: () => unknown) => {
        const samples: number[] = [];
        for (let i = 0; i < runs + warmup; i++) {
          const started = performance.now();
          fn();
          if (i >= warmup) samples.push(performance.now() - started);
        }
        return samples;
      };
      return {
        javascript: time(() => analyze(code.javascript, 'javascript')),
        python: time(() => analyze(code.python, 'python')),
        acorn: time(() => parsers.acorn(code.javascript)),
        lezer: time(() => parsers.lezerPython(code.python)),
      };
    },
    { code, runs: RUNS, warmup: WARMUP },
  );
  const analyzeJavascript = summarize(times.javascript);
  const analyzePython = summarize(times.python);
  const acornParse = summarize(times.acorn);
  const lezerParsePython = summarize(times.lezer);
  return {
    inputBytes: { javascript: code.javascript.length, python: code.python.length },
    analyzeJavascript,
    analyzePython,
    acornParse,
    lezerParsePython,
    javascriptRatioToAcorn: ratio(analyzeJavascript.p50, acornParse.p50),
    pythonRatioToAcorn: ratio(analyzePython.p50, acornParse.p50),
    pythonRatioToLezer: ratio(analyzePython.p50, lezerParsePython.p50),
  };
}
