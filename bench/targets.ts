/**
 * Issue 8's targets, each stated against its anchor from the same run. A missed target is a
 * figure in the report, never a failed benchmark.
 */
import type { Results } from './results';
import { ratio } from './stats';

export interface Target {
  readonly name: string;
  /** Sandcell's figure, ms. */
  readonly value: number;
  /** The anchor's figure, ms, and value / anchor. */
  readonly anchor?: number;
  readonly anchorName?: string;
  readonly ratio?: number;
  readonly limit: string;
  readonly pass: boolean;
}

type Figures = Omit<Results, 'targets'>;

function against(name: string, value: number, anchorName: string, anchor: number, limit: string, pass: (ratio: number) => boolean): Target {
  const r = ratio(value, anchor);
  return { name, value, anchor, anchorName, ratio: r, limit, pass: pass(r) };
}

export function evaluateTargets(f: Figures): Target[] {
  const cpython = f.engines.cpython!;
  const quickjs = f.engines.quickjs!;
  const { pyodide, quickjs: bare } = f.anchors;
  const main = f.mainThreadWhileCodeRuns;
  return [
    against('Python warm run at the engine, p50', cpython.warmEngine.p50, 'Pyodide runPython round trip', pyodide.warmRun.p50,
      '≤ 1.5× and < 1 ms', (r) => r <= 1.5 && cpython.warmEngine.p50 < 1),
    against('JavaScript warm run at the engine, p50', quickjs.warmEngine.p50, 'bare quickjs-emscripten round trip', bare.warmRun.p50,
      '≤ 1.5× and < 1 ms', (r) => r <= 1.5 && quickjs.warmEngine.p50 < 1),
    against('Python warm execute(), p50', cpython.warmExecute.p50, 'Pyodide runPython round trip', pyodide.warmRun.p50,
      '< 5 ms', () => cpython.warmExecute.p50 < 5),
    against('JavaScript warm execute(), p50', quickjs.warmExecute.p50, 'bare quickjs-emscripten round trip', bare.warmRun.p50,
      '< 5 ms', () => quickjs.warmExecute.p50 < 5),
    against('Python cold start', cpython.coldStartMs, 'Pyodide loadPyodide + first run', pyodide.coldStartMs,
      '≤ 0.5×', (r) => r <= 0.5),
    against('JavaScript new session at the engine, p50', quickjs.newSessionEngine!.p50, 'bare new context + run', bare.fresh.p50,
      '< 5 ms', () => quickjs.newSessionEngine!.p50 < 5),
    against('analyze 100 KB JavaScript, p50', f.policy.analyzeJavascript.p50, 'acorn bare parse', f.policy.acornParse.p50,
      '≤ 3×', (r) => r <= 3),
    against('analyze 100 KB Python, p50', f.policy.analyzePython.p50, 'acorn bare parse of the JavaScript sample', f.policy.acornParse.p50,
      '≤ 3×', (r) => r <= 3),
    { name: `longest main-thread task while code runs (${main.count} over 50 ms)`, value: main.longestMs, limit: 'none over 50 ms', pass: main.count === 0 },
  ];
}
