/** Percentiles of a benchmark's samples, in ms rounded to the microsecond. */
export interface Summary {
  readonly p50: number;
  readonly p95: number;
  readonly runs: number;
}

/** Rounds to 3 decimals (ms → µs), the precision `performance.now()` gives a page at best. */
export const round = (value: number, decimals = 3): number => Math.round(value * 10 ** decimals) / 10 ** decimals;

/** Nearest-rank p50 and p95. Throws on no samples: an empty series means the benchmark is broken. */
export function summarize(samples: readonly number[]): Summary {
  if (samples.length === 0) throw new Error('no samples to summarize');
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return { p50: round(at(0.5)), p95: round(at(0.95)), runs: samples.length };
}

/** The middle sample (the lower one of an even count). */
export function median(samples: readonly number[]): number {
  return summarize(samples).p50;
}

/** `value / anchor`, to 2 decimals. */
export const ratio = (value: number, anchor: number): number => round(value / anchor, 2);
