import { describe, expect, it } from 'vitest';
import { parseBudgetMs, parsePython } from './parse';

describe('parsePython', () => {
  it('returns the tree within budget', () => {
    expect(parsePython('x = 1\n')?.topNode.name).toBe('Script');
  });

  it('gives up when the budget runs out', () => {
    expect(parsePython('})]'.repeat(5000), 0)).toBeNull();
  });

  it('budgets generously for real code', () => {
    expect(parseBudgetMs('x'.repeat(100 * 1024))).toBe(450);
  });
});
