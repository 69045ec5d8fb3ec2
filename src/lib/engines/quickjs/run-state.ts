import type { QuickJSDeferredPromise, QuickJSHandle } from 'quickjs-emscripten-core';
import type { OutputChunk, OutputStream, Permissions, RunHooks, RunJob } from '../protocol';
import { OutputCollector } from '../output';
import { runDeadline } from '../deadline';
import { RunGuard, type MemoryProbe } from './guard';
import { InputQueue } from './input';

/**
 * The state of one run: a guard with the job's limits, output through the host's hook,
 * input from stdin then the hook. `probe` measures whichever session the run ends up in.
 */
export function createRunState(job: RunJob, hooks: RunHooks, probe: MemoryProbe, wasmBytes: () => number): RunState {
  const guard = new RunGuard(runDeadline(job), job.memoryBytes, probe, wasmBytes);
  const output = new OutputCollector(job.outputLimitBytes, safeOutput(hooks));
  const input = new InputQueue({
    stdin: job.stdin,
    interactive: job.interactive,
    ask: (prompt) => hooks.input(prompt),
    echo: (text) => run.write('stdout', text),
  });
  const run = new RunState(job, guard, output, input);
  return run;
}

/** In a Worker the hook is a Comlink proxy returning a promise; a closed port must not surface as an unhandled rejection. */
function safeOutput(hooks: RunHooks): (chunks: OutputChunk[]) => void {
  return (chunks) => {
    try {
      void Promise.resolve(hooks.output(chunks) as unknown).catch(() => undefined);
    } catch {
      // The host went away; output is still collected for the outcome.
    }
  };
}

/**
 * Everything one run owns while it executes in a session: its limits, output, input, the
 * host operations it waits for, and the first uncaught error reported from a microtask.
 */
export class RunState {
  /** Host operations (input requests) the event loop waits for. */
  pending = 0;
  /** Owned handle to the first error thrown by a microtask; the run ends with it. */
  fatal: QuickJSHandle | undefined;
  readonly deferreds = new Set<QuickJSDeferredPromise>();
  #wake: (() => void) | undefined;

  constructor(
    readonly job: RunJob,
    readonly guard: RunGuard,
    readonly output: OutputCollector,
    readonly input: InputQueue,
  ) {}

  get permissions(): Permissions {
    return this.job.permissions;
  }

  /** Output after the run has ended (jobs drained after a timeout, say) is dropped. */
  write(stream: OutputStream, text: string): void {
    if (!this.guard.halted) this.output.write(stream, text);
  }

  /** Waits on a real host timer so the worker keeps receiving messages; `wake` ends it early. */
  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      // Host timers overflow past 2^31-1 ms and would fire at once.
      const timer = setTimeout(done, Math.min(Math.max(0, ms), 2 ** 31 - 1));
      this.#wake = done;
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
    });
  }

  wake(): void {
    const wake = this.#wake;
    this.#wake = undefined;
    wake?.();
  }

  /** Releases what the guest never settled: unanswered input promises and a pending fatal error. */
  release(): void {
    for (const deferred of this.deferreds) deferred.dispose();
    this.deferreds.clear();
    this.fatal?.dispose();
    this.fatal = undefined;
  }
}
