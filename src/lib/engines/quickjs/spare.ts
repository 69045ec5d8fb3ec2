import type { RunJob } from '../protocol';
import { createRunState, type RunState } from './run-state';
import type { Session } from './session';

/** What the spare needs of its engine. */
export interface SpareHost {
  /** Builds a session for `run`, or undefined when the engine cannot (not loaded, disposed). */
  build(run: RunState): Session | undefined;
  /** Frees a session the engine no longer needs. */
  release(session: Session): void;
  /** True when no run is in progress: the spare's work must not land in the middle of one. */
  idle(): boolean;
  /** The wasm heap's size in bytes, for the setup run's guard. */
  wasmBytes(): number;
}

// Building the prelude is trusted host work; these bound it only in case of a bug.
const SETUP_TIMEOUT_MS = 10_000;
const SETUP_MEMORY_BYTES = 64 * 1024 * 1024;

const SETUP_JOB: RunJob = {
  id: 'sandcell-spare-session',
  code: '',
  timeoutMs: SETUP_TIMEOUT_MS,
  memoryBytes: SETUP_MEMORY_BYTES,
  outputLimitBytes: 0,
  permissions: { tier: 'setup', fs: 'none', eval: false, modules: [] },
  workspace: { replace: true, files: {}, deleted: [] },
  interactive: false,
};

/**
 * Keeps one new session ready for the next run that needs one. Building a session (runtime,
 * context, prelude) is nearly all of a stateless run's engine time; built in the gap after a
 * run, while the page records its result, the next new session starts ready. Disposing a
 * stateless run's session waits for that gap too, or for the next run, whichever comes first.
 */
export class SpareSession {
  readonly #host: SpareHost;
  #spare: Session | undefined;
  #retired: Session[] = [];
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(host: SpareHost) {
    this.#host = host;
  }

  /** The ready session, now `run`'s, or undefined when there is none. */
  take(run: RunState): Session | undefined {
    const spare = this.#spare;
    this.#spare = undefined;
    // The wasm module crashed since it was built: the engine marked it dead and forgot it.
    if (!spare || spare.dead) return undefined;
    spare.run = run;
    return spare;
  }

  /** A stateless run's session, freed in the next gap. */
  retire(session: Session): void {
    this.#retired.push(session);
  }

  /** Frees retired sessions now: a run is about to start and may need their memory. */
  flush(): void {
    for (const session of this.#retired.splice(0)) this.#host.release(session);
  }

  /** After a run: in a task of its own, once the result has gone, free what was retired and build a spare. */
  afterRun(): void {
    // The usual case after a run in a session: nothing to do, and a timer per run costs a few µs.
    if (!this.#retired.length && this.#spare && !this.#spare.dead) return;
    this.#timer ??= setTimeout(() => {
      this.#timer = undefined;
      // The run in progress calls this again when it ends.
      if (!this.#host.idle()) return;
      this.flush();
      if (!this.#spare || this.#spare.dead) this.#spare = this.#host.build(this.#setupRun());
    }, 0);
  }

  /** Everything this holds, for the engine to free; nothing is built afterwards. */
  drain(): Session[] {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    const held = this.#retired.splice(0);
    if (this.#spare) held.push(this.#spare);
    this.#spare = undefined;
    return held;
  }

  #setupRun(): RunState {
    const hooks = { output: () => {}, input: async () => null };
    return createRunState(SETUP_JOB, hooks, () => 0, () => this.#host.wasmBytes());
  }
}
