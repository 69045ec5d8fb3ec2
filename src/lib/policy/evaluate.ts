import type { CustomPolicy } from './custom-policy';
import { rank } from './score';
import { TIERS, type PolicyTier } from './tiers';
import type { DangerAnalysis, Evaluation, Finding, Severity } from './types';

/**
 * Whether a tier or custom policy lets analysed code run. A finding blocks when its severity
 * reaches the policy's block level (strict: high; the others: critical) or, for custom policies,
 * when its category is listed in `blockCategories`; `allowRules` excuses non-critical findings.
 * Critical findings block under every policy.
 */
export function evaluate(analysis: DangerAnalysis, policy: PolicyTier | CustomPolicy): Evaluation {
  const custom = typeof policy === 'string' ? null : policy;
  const name = custom ? `custom policy "${custom.name}"` : `${policy as PolicyTier} policy`;
  const blockLevel: Severity = custom ? custom.blockLevel : TIERS[policy as PolicyTier].blockLevel;
  const violations: string[] = [];
  for (const f of analysis.findings) {
    const reason = blockReason(f, blockLevel, custom);
    if (reason !== null) violations.push(sentence(f, name, reason));
  }
  if (custom?.maxScore != null && analysis.score > custom.maxScore) {
    violations.push(`Risk score ${analysis.score} (${analysis.level}) exceeds the ${name}'s maximum of ${custom.maxScore}.`);
  }
  return { allowed: violations.length === 0, violations };
}

function blockReason(f: Finding, blockLevel: Severity, custom: CustomPolicy | null): string | null {
  if (f.severity === 'critical') return 'every policy blocks critical findings';
  if (custom?.allowRules.includes(f.rule)) return null;
  if (rank(f.severity) >= rank(blockLevel)) return `it blocks ${blockLevel} findings and worse`;
  if (custom?.blockCategories.includes(f.category)) return `it blocks every ${f.category} finding`;
  return null;
}

/** "Line 3: eval() runs a string as code. (code-injection/eval, high; the strict policy blocks high findings and worse)" */
function sentence(f: Finding, policy: string, reason: string): string {
  const message = f.message.endsWith('.') ? f.message.slice(0, -1) : f.message;
  return `Line ${f.line}: ${message} (rule ${f.rule}, ${f.severity}); the ${policy} refuses it because ${reason}.`;
}
