/** Shared by the rule tests: one table of true positives and one of traps per category. */

import { describe, expect, it } from 'vitest';
import { analyze } from './analyze';
import type { Positive, Trap } from './rules/cases';
import type { Category } from './types';

/** Each positive must produce its rule (at its severity, when given); each trap nothing in the category. */
export function ruleTable(category: Category, positives: readonly Positive[], traps: readonly Trap[]): void {
  describe(category, () => {
    it.each(positives)('$lang: $code → $rule', ({ lang, code, rule, severity }) => {
      const a = analyze(code, lang);
      expect(a.telemetry.isValid, `parse error: ${a.telemetry.parseError?.message}`).toBe(true);
      const hit = a.findings.find((f) => f.rule === rule);
      expect(hit, `findings: ${a.findings.map((f) => `${f.rule}:${f.severity}`).join(', ') || 'none'}`).toBeDefined();
      expect(hit!.category).toBe(category);
      if (severity) expect(hit!.severity).toBe(severity);
    });
    it.each(traps)('$lang: $code → nothing', ({ lang, code }) => {
      const a = analyze(code, lang);
      expect(a.findings.filter((f) => f.category === category).map((f) => `${f.rule}: ${f.message}`)).toEqual([]);
    });
  });
}
