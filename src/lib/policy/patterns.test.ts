import { checkSync } from 'recheck';
import { describe, expect, it } from 'vitest';
import { PATTERNS } from './patterns';

describe('scanner regexes', () => {
  it.each(Object.entries(PATTERNS))('%s cannot backtrack catastrophically', (_name, pattern) => {
    const result = checkSync(pattern.source, pattern.flags);
    expect(result.status, JSON.stringify(result)).toBe('safe');
  });

  it('match what they are for', () => {
    expect(PATTERNS.codingCookie.exec('# -*- coding: utf-7 -*-')?.[1]).toBe('utf-7');
    expect(PATTERNS.codingCookie.exec('# vim: set fileencoding=latin-1 :')?.[1]).toBe('latin-1');
    expect(PATTERNS.codingCookie.test('x = 1  # coding: utf-7')).toBe(false);
    for (const p of ['/etc/passwd', '../x', 'a/../../b', '~/.ssh/id_rsa', 'C:\\Windows', '/proc/self/environ']) expect(PATTERNS.sensitivePath.test(p), p).toBe(true);
    for (const p of ['data.csv', 'out/report.txt', './a.json', 'etc/passwd.txt.bak'.replace('passwd', 'notes')]) expect(PATTERNS.sensitivePath.test(p), p).toBe(false);
    expect(PATTERNS.ruleId.test('code-injection/eval')).toBe(true);
    expect(PATTERNS.moduleName.test('os.path')).toBe(true);
    expect(PATTERNS.moduleName.test('@scope/pkg')).toBe(true);
    expect(PATTERNS.moduleName.test('a b')).toBe(false);
  });
});
