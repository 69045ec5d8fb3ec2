import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/lib/policy';
import { CORPUS } from '../../src/lib/policy/corpus/corpus';
import { MAX_FINDINGS_PER_RULE, MAX_IDENTIFIERS } from '../../src/lib/policy/limits';
import type { DangerAnalysis } from '../../src/lib/policy/types';
import { analyzeInput } from './analyze-inputs';
import { SCALE } from './scale';

/**
 * A hang guard, not a speed target (that is `npm run bench`): far above any honest analysis of
 * these small inputs, even on a loaded machine (2.1 s was seen for a 5 KB input whose Lezer parse
 * ran out of its 250 ms budget while six test suites shared two cores), and far below a
 * catastrophic backtrack or an unbounded parse.
 */
const HANG_MS = 10_000;

/** What analyze() promises to stay within, whatever the input: the bounds of its output. */
function overBudget(a: DangerAnalysis): string | null {
  const perRule = new Map<string, number>();
  for (const f of a.findings) perRule.set(f.rule, (perRule.get(f.rule) ?? 0) + 1);
  for (const [rule, n] of perRule) if (n > MAX_FINDINGS_PER_RULE) return `${n} findings for ${rule}`;
  if (a.telemetry.accessedIdentifiers.length > MAX_IDENTIFIERS) return `${a.telemetry.accessedIdentifiers.length} identifiers`;
  if (!Number.isFinite(a.score) || a.score < 0) return `score ${a.score}`;
  if (a.telemetry.degraded?.reason === 'internal-error') return `a collector threw: ${a.telemetry.degraded.message}`;
  return null;
}

describe('analyze() under fuzzing (issue 8)', () => {
  it(`never throws and stays within its bounds on ${SCALE.analyzeInputs} generated inputs (seed ${SCALE.seed})`, () => {
    const corpus = CORPUS.map((s) => s.code);
    let slowest = 0;
    let total = 0;
    let outOfTime = 0;
    fc.assert(
      fc.property(analyzeInput(corpus), ([code, language]) => {
        const started = performance.now();
        const analysis = analyze(code, language);
        const took = performance.now() - started;
        slowest = Math.max(slowest, took);
        total += took;
        if (analysis.telemetry.degraded?.reason === 'too-slow') outOfTime++;
        const problem = overBudget(analysis) ?? (took > HANG_MS ? `took ${Math.round(took)} ms` : null);
        if (problem) throw new Error(`${problem} (${language}, ${code.length} characters)`);
      }),
      { numRuns: SCALE.analyzeInputs, seed: SCALE.seed, endOnFailure: true },
    );
    console.log(`analyze fuzz: ${SCALE.analyzeInputs} inputs, mean ${(total / SCALE.analyzeInputs).toFixed(2)} ms, slowest ${slowest.toFixed(0)} ms, ${outOfTime} parses cut at their budget`);
    expect(slowest).toBeLessThan(HANG_MS);
  }, Math.max(60_000, SCALE.analyzeInputs * 10));
});
