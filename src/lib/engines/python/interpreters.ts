/**
 * Where interpreters come from. Starting CPython costs 100–200 ms (the very first start in a
 * worker far more, while V8 compiles the functions it touches), so under JSPI one started,
 * parked spare waits for the next fresh run or new session; without JSPI a throwaway run at
 * load time at least pays the first-start cost before anyone is waiting.
 */
import { Interpreter, pagesFor } from './interpreter';
import type { Jspi } from './jspi';
import type { PythonModule } from './module-loader';
import { WsDir, Volume } from './wasi-fs';
import { SCRATCH_LIMITS } from './workspace';

/** The memory limit a spare is started with before any job has said otherwise. */
const DEFAULT_SPARE_BYTES = 64 * 1024 * 1024;

export class Interpreters {
  readonly module: PythonModule;
  readonly jspi: Jspi | null;
  #spare: Interpreter | null = null;
  /** The limit of the last interpreter handed out: the next spare gets the same. */
  #lastPages: number;
  #disposed = false;

  constructor(module: PythonModule, jspi: Jspi | null) {
    this.module = module;
    this.jspi = jspi;
    this.#lastPages = pagesFor(DEFAULT_SPARE_BYTES, module.memory.minPages);
  }

  pagesFor(memoryBytes: number): number {
    return pagesFor(memoryBytes, this.module.memory.minPages);
  }

  /**
   * An interpreter for `maxPages` with `workspace` at /app (null: no /app at all, which only
   * a freshly created interpreter can offer). Throws when one cannot be created.
   */
  async acquire(maxPages: number, workspace: WsDir | null): Promise<Interpreter> {
    this.#lastPages = maxPages;
    const spare = this.#spare;
    if (spare && spare.maxPages === maxPages && spare.alive && workspace) {
      this.#spare = null;
      spare.mount(workspace);
      return spare;
    }
    return Interpreter.create({ module: this.module, maxPages, jspi: this.jspi, workspace, scratchLimits: SCRATCH_LIMITS });
  }

  /** Whether prepare() has work to do: no spare for the limit last asked for (JSPI only). */
  get needsSpare(): boolean {
    const spare = this.#spare;
    return !this.#disposed && this.jspi !== null && !(spare?.alive && spare.maxPages === this.#lastPages);
  }

  /**
   * Makes sure a warm interpreter is ready (JSPI), or warms V8 and the driver's bytecode cache
   * with a throwaway run (no JSPI). Failures only mean the next run starts cold.
   */
  async prepare(): Promise<void> {
    if (this.#disposed) return;
    const maxPages = this.#lastPages;
    if (this.#spare?.alive && this.#spare.maxPages === maxPages) return;
    this.#spare?.dispose();
    this.#spare = null;
    try {
      // Placeholder workspace, hidden: the run that takes the spare mounts its own.
      const placeholder = new WsDir(new Volume({ fileBytes: 0, totalBytes: 0 }, 'none'));
      const interpreter = await Interpreter.create({ module: this.module, maxPages, jspi: this.jspi, workspace: placeholder, scratchLimits: SCRATCH_LIMITS });
      if (this.jspi) {
        if ((await interpreter.warm()) && !this.#disposed) this.#spare = interpreter;
        else interpreter.dispose();
      } else {
        await interpreter.warmUp();
        interpreter.dispose();
      }
    } catch {
      // Starting cold next time is the whole cost.
    }
  }

  dispose(): void {
    this.#disposed = true;
    this.#spare?.dispose();
    this.#spare = null;
  }
}
