/**
 * Runs `steps` in turn, `rounds` times: Sandcell and its anchor take turns, so whatever else
 * loads the machine meanwhile falls on both sides alike instead of on whichever ran second.
 */
export async function alternate(rounds: number, steps: readonly (() => Promise<unknown>)[]): Promise<void> {
  for (let round = 0; round < rounds; round++) {
    for (const step of steps) await step();
  }
}

/** Samples gathered over several turns. */
export class Series {
  readonly total: number[] = [];
  readonly engine: number[] = [];

  add(times: { total: readonly number[]; engine: readonly number[] }): void {
    this.total.push(...times.total);
    this.engine.push(...times.engine);
  }
}
