import { describe, expect, it } from 'vitest';
import { levelFor, scoreFindings } from './score';
import type { Finding, Severity } from './types';

const finding = (rule: string, severity: Severity): Finding => ({
  category: 'code-injection', rule, severity, weight: { low: 1, medium: 4, high: 7, critical: 10 }[severity],
  message: 'm', line: 1, column: 1, endLine: 1, endColumn: 1, snippet: '', from: 0, to: 0,
});

describe('score', () => {
  it.each([[0, 'safe'], [1, 'low'], [3, 'low'], [4, 'medium'], [6, 'medium'], [7, 'high'], [9, 'high'], [10, 'critical'], [99, 'critical']] as const)(
    'levels SandboxAI bands: %d is %s', (score, level) => expect(levelFor(score)).toBe(level),
  );

  it('counts a rule once however often it fires', () => {
    expect(scoreFindings([finding('a/x', 'low'), finding('a/x', 'low'), finding('a/x', 'low')])).toBe(1);
    expect(scoreFindings([finding('a/x', 'low'), finding('a/y', 'low')])).toBe(2);
  });

  it('stops at the ceiling of the worst severity', () => {
    expect(scoreFindings([finding('a/x', 'medium'), finding('a/y', 'medium'), finding('a/z', 'medium')])).toBe(6);
    expect(scoreFindings([finding('a/x', 'high'), finding('a/y', 'high')])).toBe(9);
    expect(scoreFindings([finding('a/x', 'critical'), finding('a/y', 'high')])).toBe(17);
    expect(scoreFindings([])).toBe(0);
  });
});
