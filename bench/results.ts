/** The shape of bench/results.json. */
import type { LongTasks } from './long-tasks';
import type { PolicyResults } from './policy';
import type { Summary } from './stats';
import type { Target } from './targets';

/** One Sandcell engine. "Engine" figures are the pool's worker round trip (durationMs); "execute" the whole call from the page. */
export interface EngineFigures {
  /** Median of the page loads: navigation start → first result, HTTP cache warm. */
  coldStartMs: number;
  warmEngine: Summary;
  warmExecute: Summary;
  /** JavaScript: runs without a session. */
  statelessExecute?: Summary;
  /** JavaScript: each run the first of a new session. */
  newSessionEngine?: Summary;
  newSessionExecute?: Summary;
  /** JavaScript: the same, each run a pause after the last result (the engine's spare session is ready). */
  pausedNewSessionEngine?: Summary;
  pausedNewSessionExecute?: Summary;
  /** Python: runs without a session, each in a new interpreter. */
  freshInterpreterEngine?: Summary;
  freshInterpreterExecute?: Summary;
  /** JavaScript: warm runs at the engine after thousands of them (see notes.steady). */
  steadyEngine?: Summary;
  /** CPU workloads in a warm session, at the engine. */
  workloads?: Record<string, Summary>;
}

/** Pyodide or bare quickjs-emscripten, each call a worker round trip timed on its page. */
export interface AnchorFigures {
  version: string;
  coldStartMs: number;
  warmRun: Summary;
  /** Bare QuickJS: warm runs after thousands of them (see notes.steady). */
  steadyRun?: Summary;
  /** Pyodide: a new `loadPyodide` plus the run; QuickJS: a new context plus the run. */
  fresh: Summary;
  workloads: Record<string, Summary>;
}

export interface ThroughputFigures {
  runs: number;
  wallMs: number;
  runsPerSecond: number;
  /** ExecutionResult.metrics.queueMs: submitted to the pool → a worker picked it up. */
  queueWait: Summary;
  statuses: Record<string, number>;
  longTasks: LongTasks;
}

export interface Results {
  measuredAt: string;
  machine: {
    cpus: number;
    cpuModel?: string;
    memoryGb: number;
    node: string;
    /** os.loadavg() when the run started: a shared or busy machine shows here. */
    loadAverage: number[];
  };
  browser: string;
  versions: Record<string, string>;
  notes: Record<string, string>;
  engines: Record<string, EngineFigures>;
  anchors: { pyodide: AnchorFigures; quickjs: AnchorFigures };
  throughput: { javascript: ThroughputFigures; python: ThroughputFigures };
  /** Every window in which guest code ran on the app page (warm, new-session, workload and burst runs). */
  mainThreadWhileCodeRuns: LongTasks & { windows: Record<string, LongTasks> };
  policy: PolicyResults;
  targets: Target[];
}
