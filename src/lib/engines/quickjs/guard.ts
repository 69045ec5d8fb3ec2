/** Why the interrupt handler stopped guest code. */
export type StopReason = 'timeout' | 'cancelled' | 'memory';

/** Measures a runtime's memory in bytes (QuickJS's own accounting of live objects, strings and buffers). */
export type MemoryProbe = () => number;

// The interrupt handler runs every few thousand bytecodes; a heap walk costs ~30 µs for an
// empty session and ~15 ms for 100k objects, so walks are spaced by at least this much and
// by at least ten times their own cost.
const MIN_CHECK_INTERVAL_MS = 20;

/**
 * Decides, each time QuickJS polls its interrupt handler, whether guest code must stop:
 * past the deadline, cancelled, or over its memory budget. Also the run's fuel meter.
 *
 * The memory budget is enforced here as well as by `setMemoryLimit` because these wasm
 * builds lack `malloc_usable_size`: QuickJS then counts only per-block overhead, so many
 * large buffers can pass its limit unnoticed. QuickJS polls only every ~10k bytecodes, so
 * HeapGovernor catches bursts of big allocations, and the event loop checks between callbacks.
 */
export class RunGuard {
  fuel = 0;
  peakBytes = 0;
  #stop: StopReason | undefined;
  #deadline: number;
  #nextCheck = 0;
  #lastWasmBytes = 0;
  #halted = false;

  /** `deadline`: performance.now() at which the run is out of time (see runDeadline). */
  constructor(
    deadline: number,
    readonly memoryLimit: number,
    readonly probe: MemoryProbe,
    readonly wasmBytes: () => number,
  ) {
    this.#deadline = deadline;
    this.#lastWasmBytes = wasmBytes();
  }

  get deadline(): number {
    return this.#deadline;
  }

  get stopReason(): StopReason | undefined {
    return this.#stop;
  }

  /** The run is over: anything still queued is stopped, and its output dropped. */
  get halted(): boolean {
    return this.#halted;
  }

  stop(reason: StopReason): void {
    this.#stop ??= reason;
  }

  /** After a run has ended: any guest code still queued is stopped at its first poll. */
  halt(): void {
    this.#halted = true;
  }

  /** The interrupt handler: true stops the guest with an uncatchable "interrupted" error. */
  poll(): boolean {
    this.fuel++;
    if (this.#stop !== undefined || this.#halted) return true;
    const now = performance.now();
    if (now >= this.#deadline) {
      this.#stop = 'timeout';
      return true;
    }
    // Growth of the wasm heap means big allocations: check right away rather than on schedule.
    const wasm = this.wasmBytes();
    if (now >= this.#nextCheck || wasm > this.#lastWasmBytes) {
      this.#lastWasmBytes = wasm;
      if (this.measure() > this.memoryLimit) {
        this.#stop = 'memory';
        return true;
      }
    }
    return false;
  }

  /**
   * The event loop's check between callbacks: QuickJS polls only every ~10k bytecodes, so a
   * short burst of large allocations may never reach \`poll\`.
   */
  checkpoint(): void {
    if (this.#stop !== undefined || this.#halted) return;
    const wasm = this.wasmBytes();
    if (performance.now() < this.#nextCheck && wasm <= this.#lastWasmBytes) return;
    this.#lastWasmBytes = wasm;
    if (this.measure() > this.memoryLimit) this.#stop = 'memory';
  }

  /** Current usage; an unmeasurable heap counts as full. */
  measure(): number {
    const started = performance.now();
    let bytes: number;
    try {
      bytes = this.probe();
    } catch {
      bytes = Number.POSITIVE_INFINITY;
    }
    const cost = performance.now() - started;
    this.#nextCheck = performance.now() + Math.max(MIN_CHECK_INTERVAL_MS, cost * 10);
    if (Number.isFinite(bytes)) this.peakBytes = Math.max(this.peakBytes, bytes);
    return bytes;
  }
}
