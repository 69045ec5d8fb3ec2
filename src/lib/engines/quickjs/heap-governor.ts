const PAGE = 64 * 1024;

/**
 * Limits how far guest code can grow the wasm heap while it runs.
 *
 * QuickJS polls its interrupt handler only every ~10k bytecodes, so a loop allocating big
 * strings or buffers can grow the heap to the wasm maximum (2 GB) before `RunGuard` gets a
 * look. Emscripten grows memory by calling `memory.grow()` from JS, so replacing `grow` on the
 * module's Memory lets us refuse growth past the running guest's budget: malloc then fails
 * inside QuickJS, which throws a clean, catchable "out of memory".
 *
 * Growth is refused only while guest code runs and not inside a host function: the
 * quickjs-emscripten glue does not check malloc on the host side (a refused 10 MB buffer would
 * be written at address 0), so host work is never limited here.
 */
export class HeapGovernor {
  #memory: WebAssembly.Memory | undefined;
  #limit = Number.POSITIVE_INFINITY;
  #guestDepth = 0;
  #hostDepth = 0;

  get heapBytes(): number {
    return this.#memory?.buffer.byteLength ?? 0;
  }

  install(memory: WebAssembly.Memory): void {
    this.#memory = memory;
    const grow = memory.grow.bind(memory);
    Object.defineProperty(memory, 'grow', {
      configurable: true,
      value: (pages: number) => {
        if (this.#guestDepth > 0 && this.#hostDepth === 0 && memory.buffer.byteLength + pages * PAGE > this.#limit) {
          // Emscripten retries with less and, when all fail, malloc returns NULL.
          throw new RangeError('heap budget exceeded');
        }
        return grow(pages);
      },
    });
  }

  /** Runs guest code that may grow the heap by at most `budgetBytes`. */
  guest<T>(budgetBytes: number, run: () => T): T {
    const outer = this.#limit;
    const outerHost = this.#hostDepth;
    if (this.#guestDepth === 0) this.#limit = this.heapBytes + budgetBytes;
    this.#guestDepth++;
    // Guest code reached from a host function is guest code again.
    this.#hostDepth = 0;
    try {
      return run();
    } finally {
      this.#guestDepth--;
      this.#hostDepth = outerHost;
      this.#limit = outer;
    }
  }

  /** Runs host work (a host function the guest called): never limited. */
  host<T>(run: () => T): T {
    this.#hostDepth++;
    try {
      return run();
    } finally {
      this.#hostDepth--;
    }
  }
}
