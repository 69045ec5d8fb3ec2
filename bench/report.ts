/** The figures as Markdown tables; the README's "Measured" section carries the latest ones. */
import type { AnchorFigures, EngineFigures, Results, ThroughputFigures } from './results';
import { ratio, round, type Summary } from './stats';
import { STEADY } from './workloads';

/** A figure as people read it: three significant digits or so (results.json keeps the microseconds). */
export const shown = (value: number): string => String(value >= 100 ? Math.round(value) : round(value, value >= 10 ? 1 : value >= 1 ? 2 : 3));
const ms = (value: number | undefined) => (value === undefined ? '–' : `${shown(value)} ms`);
const pair = (s: Summary | undefined) => (s === undefined ? '–' : `${shown(s.p50)} / ${shown(s.p95)} ms`);
const row = (cells: readonly (string | number)[]) => `| ${cells.join(' | ')} |`;
const header = (cells: readonly string[]) => [row(cells), row(cells.map(() => '---'))];

function enginesTable(engines: Record<string, EngineFigures>): string[] {
  return [
    ...header(['engine', 'cold start', 'warm run at the engine (p50 / p95)', 'warm execute() (p50 / p95)', 'new session: execute() (p50 / p95)', 'new session after a pause: execute() (p50 / p95)', 'no session: execute() (p50 / p95)']),
    ...Object.entries(engines).map(([id, e]) =>
      row([id, ms(e.coldStartMs), pair(e.warmEngine), pair(e.warmExecute), pair(e.newSessionExecute), pair(e.pausedNewSessionExecute),
        e.freshInterpreterExecute ? `${pair(e.freshInterpreterExecute)} (a fresh interpreter)` : pair(e.statelessExecute)]),
    ),
  ];
}

function versus(label: string, ours: number | undefined, theirs: number | undefined): string {
  return row([label, ms(ours), ms(theirs), ours === undefined || theirs === undefined ? '–' : `${ratio(ours, theirs)}×`]);
}

/** How many runs came before the measured ones of a steady-state figure (see STEADY). */
const steadyAfter = (s: Summary | undefined) => (s ? ((s.runs / STEADY.counted) * (STEADY.turns - STEADY.counted)).toLocaleString('en') : '–');

function anchorsTable(engines: Record<string, EngineFigures>, anchors: { pyodide: AnchorFigures; quickjs: AnchorFigures }): string[] {
  const py = engines.cpython!;
  const js = engines.quickjs!;
  const { pyodide, quickjs: bare } = anchors;
  return [
    ...header(['p50 unless noted', 'Sandcell', 'anchor', 'ratio']),
    versus(`Python cold start (vs ${pyodide.version}: loadPyodide + first run)`, py.coldStartMs, pyodide.coldStartMs),
    versus('Python warm run at the engine (vs runPython round trip)', py.warmEngine.p50, pyodide.warmRun.p50),
    versus('Python fresh interpreter at the engine (vs a new loadPyodide + run)', py.freshInterpreterEngine?.p50, pyodide.fresh.p50),
    ...Object.keys(pyodide.workloads).map((w) => versus(`Python ${w} at the engine`, py.workloads?.[w]?.p50, pyodide.workloads[w]!.p50)),
    versus('JavaScript cold start (vs bare quickjs-emscripten worker)', js.coldStartMs, bare.coldStartMs),
    versus('JavaScript warm run at the engine (vs evalCode round trip)', js.warmEngine.p50, bare.warmRun.p50),
    versus(`JavaScript warm run at the engine, steady state (after ${steadyAfter(js.steadyEngine)} runs a side)`, js.steadyEngine?.p50, bare.steadyRun?.p50),
    versus('JavaScript new session at the engine (vs new context + evalCode)', js.newSessionEngine?.p50, bare.fresh.p50),
    versus('JavaScript new session after a pause at the engine (vs new context + evalCode)', js.pausedNewSessionEngine?.p50, bare.fresh.p50),
    ...Object.keys(bare.workloads).map((w) => versus(`JavaScript ${w} at the engine`, js.workloads?.[w]?.p50, bare.workloads[w]!.p50)),
  ];
}

function throughputTable(throughput: Record<string, ThroughputFigures>, whileCodeRuns: Results['mainThreadWhileCodeRuns']): string[] {
  return [
    ...header(['submitted at once', 'runs/s', 'queue wait (p50 / p95)', 'main-thread tasks over 50 ms', 'longest']),
    ...Object.entries(throughput).map(([language, t]) =>
      row([`${t.runs} stateless ${language}`, t.runsPerSecond, pair(t.queueWait), t.longTasks.count, t.longTasks.count ? ms(t.longTasks.longestMs) : 'none']),
    ),
    row(['every window in which code ran', '–', '–', whileCodeRuns.count, whileCodeRuns.count ? ms(whileCodeRuns.longestMs) : 'none']),
  ];
}

/** Where the main thread was blocked, so a missed target points at its cause. */
function longTaskLine({ mainThreadWhileCodeRuns }: Results): string {
  const blocked = Object.entries(mainThreadWhileCodeRuns.windows).filter(([, w]) => w.count > 0);
  if (blocked.length === 0) return 'No main-thread task over 50 ms while code ran.';
  return `Main-thread tasks over 50 ms while code ran: ${blocked.map(([label, w]) => `${label}: ${w.count} (longest ${shown(w.longestMs)} ms)`).join('; ')}.`;
}

function targetsTable(results: Results): string[] {
  return [
    ...header(['target', 'Sandcell', 'anchor', 'ratio', 'limit', 'result']),
    ...results.targets.map((t) =>
      row([t.name, ms(t.value), t.anchor === undefined ? '–' : `${shown(t.anchor)} ms (${t.anchorName})`, t.ratio === undefined ? '–' : `${t.ratio}×`, t.limit, t.pass ? 'pass' : '**miss**']),
    ),
  ];
}

function policyLine({ policy }: Results): string {
  return (
    `Policy analysis on the main thread, p50: JavaScript (${Math.round(policy.inputBytes.javascript / 1024)} KB) ${shown(policy.analyzeJavascript.p50)} ms ` +
    `against acorn's bare parse at ${shown(policy.acornParse.p50)} ms (${policy.javascriptRatioToAcorn}×); ` +
    `Python (${Math.round(policy.inputBytes.python / 1024)} KB) ${shown(policy.analyzePython.p50)} ms (${policy.pythonRatioToAcorn}× acorn on the JavaScript, ` +
    `${policy.pythonRatioToLezer}× Lezer's bare parse of the same Python at ${shown(policy.lezerParsePython.p50)} ms).`
  );
}

/** Where and when: figures from a loaded machine are not comparable with a quiet one's. */
function machineLine({ measuredAt, machine, browser, versions }: Results): string {
  const cpython = versions.cpython ?? 'CPython';
  return (
    `Latest run ${measuredAt.slice(0, 16).replace('T', ' ')} UTC: ${machine.cpus} cores (${machine.cpuModel ?? 'unknown CPU'}), ` +
    `${machine.memoryGb} GB, ${browser}, load average ${machine.loadAverage.join(' / ')} at the start (1 / 5 / 15 min). ` +
    `Sandcell's ${cpython}, ${versions.quickjs}, ${versions['quickjs-ng']}; anchors: ${versions.pyodide}, ${versions.bareQuickjs}.`
  );
}

/** Every table, in the order the README shows them. */
export function markdownReport(results: Results): string {
  return [
    machineLine(results),
    enginesTable(results.engines).join('\n'),
    anchorsTable(results.engines, results.anchors).join('\n'),
    throughputTable(results.throughput, results.mainThreadWhileCodeRuns).join('\n'),
    longTaskLine(results),
    policyLine(results),
    targetsTable(results).join('\n'),
  ].join('\n\n');
}
