/**
 * How hard the suite pushes. CI (`npm test`) runs the small counts; `npm run harden` sets
 * SANDCELL_HARDEN=full for the counts issue 8 names. Single counts can be set on their own.
 */
const full = process.env.SANDCELL_HARDEN === 'full';

function count(name: string, ci: number, complete: number): number {
  const raw = process.env[name];
  if (raw !== undefined) {
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a positive integer, got ${JSON.stringify(raw)}`);
    return n;
  }
  return full ? complete : ci;
}

export const SCALE = {
  full,
  /** Consecutive timeouts and memory kills in the soak. */
  soakKills: count('SANDCELL_HARDEN_SOAK', 20, 200),
  /** Malformed postMessage requests sent to the embed. */
  malformedMessages: count('SANDCELL_HARDEN_MESSAGES', 2_000, 10_000),
  /** Runs interrupted by reloads in the durability test. */
  durabilityRuns: count('SANDCELL_HARDEN_RUNS', 50, 50),
  /** Generated inputs for analyze() (Vitest, analyze-fuzz.unit.ts). */
  analyzeInputs: count('SANDCELL_HARDEN_ANALYZE', 1_000, 100_000),
  /** Fixed seed, so a failure in CI reproduces; override to explore. */
  seed: count('SANDCELL_HARDEN_SEED', 20261121, 20261121),
};
