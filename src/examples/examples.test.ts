import { describe, expect, it } from 'vitest';
import { analyze, evaluate, isPolicyTier, CATEGORY_IDS } from '../lib/policy';
import { EXAMPLES } from './index';

describe('examples', () => {
  it('are there, with unique ids', () => {
    expect(EXAMPLES.length).toBeGreaterThanOrEqual(15);
    expect(new Set(EXAMPLES.map((e) => e.id)).size).toBe(EXAMPLES.length);
  });

  for (const example of EXAMPLES) {
    it(`${example.id} is well-formed`, () => {
      expect(example.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(example.title.trim()).not.toBe('');
      expect(example.demonstrates.trim()).not.toBe('');
      expect(['beginner', 'intermediate', 'advanced']).toContain(example.level);
      expect(['javascript', 'python']).toContain(example.language);
      expect(isPolicyTier(example.policy)).toBe(true);
      expect(example.code.trim()).not.toBe('');
      if (example.expected.status === 'completed') expect(example.expected.output.length).toBeGreaterThan(0);
      // What the policy decides is static: a blocked example must be blocked, the others allowed.
      const allowed = evaluate(analyze(example.code, example.language), example.policy).allowed;
      expect(allowed).toBe(example.expected.status !== 'blocked');
    });
  }

  it('the showcase covers the eleven threat categories', () => {
    const showcase = EXAMPLES.find((e) => e.id === 'dangerous-scripts')!;
    const found = new Set(analyze(showcase.code, 'javascript').findings.map((f) => f.category));
    expect(CATEGORY_IDS.filter((c) => c !== 'resource' && !found.has(c))).toEqual([]);
  });
});
