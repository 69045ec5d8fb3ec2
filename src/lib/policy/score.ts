import type { Finding, RiskLevel, Severity } from './types';

export const SEVERITIES: readonly Severity[] = ['low', 'medium', 'high', 'critical'];

/** The weight a finding of each severity adds: the bottom of its level's band. */
export const SEVERITY_WEIGHT: Readonly<Record<Severity, number>> = { low: 1, medium: 4, high: 7, critical: 10 };

const RANK: Readonly<Record<RiskLevel, number>> = { safe: 0, low: 1, medium: 2, high: 3, critical: 4 };

/** Highest score each band allows; critical has no ceiling. */
const CEILING: Readonly<Record<Severity, number>> = { low: 3, medium: 6, high: 9, critical: Infinity };

export function isSeverity(value: unknown): value is Severity {
  return typeof value === 'string' && (SEVERITIES as readonly string[]).includes(value);
}

/** Orders levels and severities: `safe` < `low` < `medium` < `high` < `critical`. */
export function rank(level: RiskLevel): number {
  return RANK[level];
}

/** SandboxAI's bands: safe 0, low 1–3, medium 4–6, high 7–9, critical 10+. */
export function levelFor(score: number): RiskLevel {
  if (score <= 0) return 'safe';
  if (score <= 3) return 'low';
  if (score <= 6) return 'medium';
  if (score <= 9) return 'high';
  return 'critical';
}

/**
 * Sum of weights with two changes, so the level always equals the worst finding's severity:
 * a rule counts once however often it fires (twenty `require`s are one habit, not twenty threats),
 * and the sum stops at the ceiling of the worst severity's band (many medium findings never block
 * a script that a single high finding would not).
 */
export function scoreFindings(findings: readonly Finding[]): number {
  const perRule = new Map<string, number>();
  let worst: Severity | null = null;
  for (const f of findings) {
    perRule.set(f.rule, Math.max(perRule.get(f.rule) ?? 0, f.weight));
    if (worst === null || RANK[f.severity] > RANK[worst]) worst = f.severity;
  }
  if (worst === null) return 0;
  let sum = 0;
  for (const weight of perRule.values()) sum += weight;
  return Math.min(sum, CEILING[worst]);
}
