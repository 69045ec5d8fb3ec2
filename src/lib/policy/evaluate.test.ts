import { describe, expect, it } from 'vitest';
import { analyze } from './analyze';
import { validateCustomPolicy, type CustomPolicy } from './custom-policy';
import { evaluate } from './evaluate';
import { POLICY_TIERS, TIERS } from './tiers';

const high = analyze('eval("1 + 1")', 'javascript'); // code-injection/eval, high
const critical = analyze('require("child_process").exec("id")', 'javascript');
const medium = analyze('const key = process.env.KEY', 'javascript');
const safe = analyze('console.log(1 + 1)', 'javascript');

function custom(json: unknown): CustomPolicy {
  const v = validateCustomPolicy(json);
  if (!v.ok) throw new Error(v.errors.join('\n'));
  return v.value;
}

describe('evaluate', () => {
  it('lets safe code run under every tier', () => {
    for (const tier of POLICY_TIERS) expect(evaluate(safe, tier)).toEqual({ allowed: true, violations: [] });
  });

  it('blocks high findings under strict only', () => {
    expect(evaluate(high, 'strict').allowed).toBe(false);
    for (const tier of ['standard', 'extended', 'agent'] as const) expect(evaluate(high, tier).allowed).toBe(true);
  });

  it('blocks critical findings under every tier', () => {
    for (const tier of POLICY_TIERS) expect(evaluate(critical, tier).allowed, tier).toBe(false);
  });

  it('lets medium findings through everywhere (they are warnings)', () => {
    for (const tier of POLICY_TIERS) expect(evaluate(medium, tier).allowed).toBe(true);
  });

  it('writes one sentence per blocking finding, naming the rule and the line', () => {
    const { violations } = evaluate(analyze('const a = 1;\neval(a)', 'javascript'), 'strict');
    expect(violations).toEqual([
      'Line 2: eval() runs a string as code (rule code-injection/eval, high); the strict policy refuses it because it blocks high findings and worse.',
    ]);
    const critical = evaluate(analyze('import os\nos.system("id")', 'python'), 'agent').violations;
    expect(critical).toHaveLength(1);
    expect(critical[0]).toMatch(/^Line 2: .*\(rule command-execution\/os-command, critical\); the agent policy refuses it because every policy blocks critical findings\.$/);
  });

  it('matches the tier table', () => {
    expect(TIERS.strict.blockLevel).toBe('high');
    for (const tier of ['standard', 'extended', 'agent'] as const) expect(TIERS[tier].blockLevel).toBe('critical');
  });

  it('applies a custom policy: block level, categories, allowed rules, score ceiling', () => {
    expect(evaluate(medium, custom({ name: 'tight', blockLevel: 'medium' })).allowed).toBe(false);
    expect(evaluate(medium, custom({ name: 'no-env', blockCategories: ['environment'] })).violations[0]).toContain('blocks every environment finding');
    expect(evaluate(high, custom({ name: 'evals-ok', base: 'strict', allowRules: ['code-injection/eval'] })).allowed).toBe(true);
    expect(evaluate(critical, custom({ name: 'lax', allowRules: ['command-execution/child-process'] })).allowed).toBe(false);
    const capped = evaluate(medium, custom({ name: 'capped', maxScore: 3 }));
    expect(capped.violations).toEqual(['Risk score 4 (medium) exceeds the custom policy "capped"\'s maximum of 3.']);
  });
});
