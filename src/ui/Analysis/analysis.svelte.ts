import { evaluate, POLICY_TIERS, type DangerAnalysis, type Evaluation, type PolicyTier } from '../../lib/policy';
import type { Language } from '../../lib/engines/protocol';
import { analyzeForEditor } from '../background-analysis';

/** Past this the live preview is not worth its worker time; the run itself is still analysed in full. */
const MAX_LIVE_CHARS = 256 * 1024;

export interface Preview {
  analysis: DangerAnalysis;
  /** The decision the chosen policy would take if Run were pressed now. */
  evaluation: Evaluation;
}

/** Analyses code against a policy, as the sandbox will before running it. */
export async function preview(code: string, language: Language, policy: PolicyTier): Promise<Preview | undefined> {
  if (!code.trim() || code.length > MAX_LIVE_CHARS) return undefined;
  const analysis = await analyzeForEditor(code, language);
  return { analysis, evaluation: evaluate(analysis, policy) };
}

/** The lowest tier above `policy` that would let the analysed code run, if any does. */
export function higherTierAllowing(analysis: DangerAnalysis, policy: PolicyTier): PolicyTier | undefined {
  return POLICY_TIERS.slice(POLICY_TIERS.indexOf(policy) + 1).find((tier) => evaluate(analysis, tier).allowed);
}
