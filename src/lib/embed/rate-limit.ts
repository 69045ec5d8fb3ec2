/** A sliding-window limit per key (an embedding origin): at most `max` requests in any `windowMs`. */
export class RateLimiter {
  readonly #windowMs: number;
  readonly #max: number;
  readonly #now: () => number;
  readonly #hits = new Map<string, number[]>();

  constructor(options: { windowMs: number; max: number }, now: () => number = Date.now) {
    this.#windowMs = options.windowMs;
    this.#max = options.max;
    this.#now = now;
  }

  /** Counts a request; `{ ok: false, retryAfterMs }` when it is over the limit (and then it is not counted). */
  take(key: string): { ok: true; remaining: number } | { ok: false; retryAfterMs: number } {
    const now = this.#now();
    const recent = (this.#hits.get(key) ?? []).filter((at) => now - at < this.#windowMs);
    if (recent.length >= this.#max) {
      this.#hits.set(key, recent);
      return { ok: false, retryAfterMs: this.#windowMs - (now - recent[0]!) };
    }
    recent.push(now);
    this.#hits.set(key, recent);
    return { ok: true, remaining: this.#max - recent.length };
  }
}
