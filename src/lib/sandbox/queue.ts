/** Something waiting for a worker. */
export interface Queued {
  readonly priority: number;
  /** Runs of one session start in submission order, whatever their priorities. */
  readonly sessionKey?: string;
}

interface Entry<T> {
  readonly item: T;
  readonly seq: number;
}

/**
 * Waiting runs, highest priority first and first-come within a priority. `take` returns the
 * first entry a caller can start now, so one busy session or engine does not hold up the rest.
 */
export class RunQueue<T extends Queued> {
  #entries: Entry<T>[] = [];
  #seq = 0;

  get size(): number {
    return this.#entries.length;
  }

  push(item: T): void {
    const entry = { item, seq: this.#seq++ };
    // Binary search for the first entry of lower priority; equal priorities keep arrival order.
    let lo = 0;
    let hi = this.#entries.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.#entries[mid]!.item.priority >= item.priority) lo = mid + 1;
      else hi = mid;
    }
    this.#entries.splice(lo, 0, entry);
  }

  /** 1-based position in the order the queue would start things, or 0 when absent. */
  position(item: T): number {
    return this.#entries.findIndex((e) => e.item === item) + 1;
  }

  remove(item: T): boolean {
    const index = this.#entries.findIndex((e) => e.item === item);
    if (index < 0) return false;
    this.#entries.splice(index, 1);
    return true;
  }

  /**
   * Removes and returns the first entry for which `canStart` is true, skipping entries whose
   * session has an earlier entry still waiting (so a session's runs never overtake each other).
   */
  take(canStart: (item: T) => boolean): T | undefined {
    const earliest = new Map<string, number>();
    for (const { item, seq } of this.#entries) {
      if (item.sessionKey === undefined) continue;
      const known = earliest.get(item.sessionKey);
      if (known === undefined || seq < known) earliest.set(item.sessionKey, seq);
    }
    for (let i = 0; i < this.#entries.length; i++) {
      const { item, seq } = this.#entries[i]!;
      if (item.sessionKey !== undefined && earliest.get(item.sessionKey) !== seq) continue;
      if (!canStart(item)) continue;
      this.#entries.splice(i, 1);
      return item;
    }
    return undefined;
  }

  drain(): T[] {
    const items = this.#entries.map((e) => e.item);
    this.#entries = [];
    return items;
  }
}
