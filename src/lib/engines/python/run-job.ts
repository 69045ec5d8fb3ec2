/**
 * Everything one run needs around the interpreter: the output collector, the deadline and
 * cancel signal, the command for the driver, and the outcome at the end.
 */
import type { OutputChunk, RunHooks, RunJob, RunOutcome, WorkspaceChanges } from '../protocol';
import { runDeadline } from '../deadline';
import { OutputCollector } from '../output';
import type { RunCommand } from './control';
import type { RunEnd, RunIO } from './interpreter';
import { buildOutcome, EngineErrors, refusedOutcome, type AbortReason } from './outcome';

/** Calls a host callback that may be a Comlink proxy: its failures must not reach the guest. */
export function callHost<A extends unknown[]>(fn: ((...args: A) => unknown) | undefined, ...args: A): void {
  try {
    const result = fn?.(...args);
    if (result instanceof Promise) result.catch(() => {});
  } catch {
    // The host went away or threw; the run carries on.
  }
}

export class JobRun {
  readonly job: RunJob;
  readonly collector: OutputCollector;
  /** Input can reach the host: JSPI and an input hook. */
  readonly interactive: boolean;
  readonly #hooks: RunHooks;
  readonly #controller = new AbortController();
  readonly #started = performance.now();
  readonly #deadline: number;
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(job: RunJob, hooks: RunHooks, jspi: boolean) {
    this.job = job;
    this.#hooks = hooks;
    this.interactive = jspi && job.interactive;
    this.collector = new OutputCollector(job.outputLimitBytes, (chunks: OutputChunk[]) => callHost(hooks.output, chunks));
    this.#deadline = runDeadline(job);
  }

  /**
   * Arms the deadline timer, the first time the guest waits (input, sleep): it matters only then,
   * since busy guests are the host's to terminate, and most runs never wait, so they skip the timer.
   */
  watchDeadline(): void {
    if (this.#timer !== undefined || this.aborted) return;
    // Clamped: setTimeout fires at once for delays past 2^31 - 1 ms.
    this.#timer = setTimeout(() => this.abort('timeout'), Math.min(Math.max(0, this.#deadline - performance.now()), 2 ** 31 - 1));
  }

  get aborted(): AbortReason | null {
    return this.#controller.signal.aborted ? (this.#controller.signal.reason as AbortReason) : null;
  }

  abort(reason: AbortReason): void {
    if (!this.#controller.signal.aborted) this.#controller.abort(reason);
  }

  elapsed(): number {
    return performance.now() - this.#started;
  }

  /** The command for the driver, or an error when the context cannot be sent. */
  command(sitePaths: readonly string[]): { ok: true; value: RunCommand } | { ok: false; error: string } {
    const { job } = this;
    let context = '{}';
    if (job.context !== undefined) {
      if (typeof job.context !== 'object' || job.context === null || Array.isArray(job.context)) return { ok: false, error: 'context must be a JSON object' };
      try {
        context = JSON.stringify(job.context);
      } catch (error) {
        return { ok: false, error: `context is not JSON: ${error instanceof Error ? error.message : String(error)}` };
      }
    }
    const { permissions } = job;
    return {
      ok: true,
      value: {
        t: 'run',
        code: job.code,
        context,
        tier: permissions.tier,
        fs: permissions.fs,
        eval: permissions.eval,
        modules: permissions.modules,
        interactive: this.interactive,
        paths: sitePaths,
        // Set per interpreter when the command is sent.
        stdinUsed: false,
        workspaceChanged: true,
      },
    };
  }

  io(): RunIO {
    const hooks = this.#hooks;
    return {
      stdout: (text) => this.collector.write('stdout', text),
      stderr: (text) => this.collector.write('stderr', text),
      stdin: {
        text: this.job.stdin ?? '',
        ask: this.interactive ? (prompt) => Promise.resolve(hooks.input(prompt)) : null,
      },
      signal: this.#controller.signal,
      deadline: this.#deadline,
      expire: () => this.abort('timeout'),
      watchDeadline: () => this.watchDeadline(),
    };
  }

  finish(facts: { end: RunEnd; changes: WorkspaceChanges; memoryBytes: number; maxMemoryBytes: number; stateful: boolean; stateLost: boolean }): RunOutcome {
    return buildOutcome({ ...facts, aborted: this.aborted, timeoutMs: this.job.timeoutMs, output: this.collector.finish(), runMs: this.elapsed() });
  }

  /** An outcome for a run stopped before guest code ran; `stateful`: a live session interpreter is untouched. */
  refuse(name: (typeof EngineErrors)[keyof typeof EngineErrors], message: string, facts: { stateLost?: boolean; stateful?: boolean } = {}): RunOutcome {
    const outcome = refusedOutcome(name, message, this.collector.finish(), this.elapsed(), facts.stateful ?? false);
    return facts.stateLost ? { ...outcome, stateLost: true } : outcome;
  }

  /** A run cancelled before it started. */
  cancelled(stateful = false): RunOutcome {
    return { ...this.refuse(EngineErrors.cancelled, 'The run was cancelled', { stateful }), status: 'cancelled' };
  }

  dispose(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }
}
