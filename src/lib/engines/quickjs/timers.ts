import type { QuickJSHandle } from 'quickjs-emscripten-core';

/** Guest timers alive at once; past this, setTimeout throws rather than growing without bound. */
export const MAX_TIMERS = 10_000;
// Node's limits: delays below 1 or above 2^31-1 ms become 1.
const MAX_DELAY = 2 ** 31 - 1;

export interface Timer {
  readonly id: number;
  /** Owned handle to the guest callback; disposed when the timer is cleared or done. */
  readonly callback: QuickJSHandle;
  readonly delay: number;
  readonly repeat: boolean;
  due: number;
  seq: number;
  ref: boolean;
  /** Cleared by guest code while its callback was running. */
  cleared?: boolean;
}

/** A session's guest timers, ordered by due time then creation, as Node fires them. */
export class TimerQueue {
  readonly #timers = new Map<number, Timer>();
  // Timers whose callback is running: their handle must outlive the call.
  readonly #firing = new Map<number, Timer>();
  #nextId = 1;
  #seq = 0;

  get size(): number {
    return this.#timers.size;
  }

  /** Takes ownership of `callback`. */
  add(callback: QuickJSHandle, delay: number, repeat: boolean, now: number): number {
    if (this.#timers.size >= MAX_TIMERS) {
      callback.dispose();
      throw new RangeError(`too many timers: at most ${MAX_TIMERS} can be pending at once`);
    }
    const ms = delay >= 1 && delay <= MAX_DELAY ? Math.floor(delay) : 1;
    const id = this.#nextId++;
    this.#timers.set(id, { id, callback, delay: ms, repeat, due: now + ms, seq: this.#seq++, ref: true });
    return id;
  }

  clear(id: number): void {
    const firing = this.#firing.get(id);
    if (firing) firing.cleared = true;
    const timer = this.#timers.get(id);
    if (!timer) return;
    this.#timers.delete(id);
    timer.callback.dispose();
  }

  /** Sets or reads whether a timer keeps the run alive (Node's ref/unref). */
  ref(id: number, value?: boolean): boolean {
    const timer = this.#timers.get(id) ?? this.#firing.get(id);
    if (!timer) return false;
    if (value !== undefined) timer.ref = value;
    return timer.ref;
  }

  refresh(id: number, now: number): void {
    const timer = this.#timers.get(id) ?? this.#firing.get(id);
    if (!timer) return;
    timer.due = now + timer.delay;
    timer.seq = this.#seq++;
  }

  /** Whether any timer still keeps the run alive. */
  get hasRef(): boolean {
    for (const timer of this.#timers.values()) if (timer.ref) return true;
    return false;
  }

  /** The timer to fire next: earliest due, then oldest. */
  peek(): Timer | undefined {
    let best: Timer | undefined;
    for (const timer of this.#timers.values()) {
      if (!best || timer.due < best.due || (timer.due === best.due && timer.seq < best.seq)) best = timer;
    }
    return best;
  }

  /** Moves a due timer aside while its callback runs; `finish` must follow. */
  take(timer: Timer): void {
    this.#timers.delete(timer.id);
    this.#firing.set(timer.id, timer);
  }

  /** After the callback: an interval not cleared meanwhile is queued again, anything else released. */
  finish(timer: Timer, now: number): void {
    this.#firing.delete(timer.id);
    if (timer.repeat && !timer.cleared && this.#timers.size < MAX_TIMERS) {
      timer.due = now + timer.delay;
      timer.seq = this.#seq++;
      this.#timers.set(timer.id, timer);
    } else {
      timer.callback.dispose();
    }
  }

  clearAll(): void {
    for (const timer of this.#timers.values()) timer.callback.dispose();
    this.#timers.clear();
    for (const timer of this.#firing.values()) timer.cleared = true;
  }
}
