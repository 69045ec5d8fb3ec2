import { describe, expect, it } from 'vitest';
import type { Severity } from '../types';
import { CORPUS } from './corpus';
import { measure } from './measure';

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

describe('labelled corpus', () => {
  it('has at least 150 snippets, both labels, both languages, unique names', () => {
    expect(CORPUS.length).toBeGreaterThanOrEqual(150);
    for (const language of ['javascript', 'python'] as const) {
      for (const label of ['malicious', 'benign'] as const) expect(CORPUS.filter((s) => s.language === language && s.label === label).length).toBeGreaterThanOrEqual(35);
    }
    const names = CORPUS.map((s) => `${s.language}/${s.label}/${s.name}`);
    expect(new Set(names).size).toBe(names.length);
    for (const s of CORPUS) if (s.label === 'malicious') expect(s.categories.length, s.name).toBeGreaterThan(0);
  });

  it.each([
    ['medium', 0.9, 0.1],
    ['high', 0.75, 0.05],
  ] as const)('flagged at %s or worse: recall and false-positive rate', (threshold: Severity, minRecall, maxFpr) => {
    const all = measure(CORPUS, threshold);
    const js = measure(CORPUS.filter((s) => s.language === 'javascript'), threshold);
    const py = measure(CORPUS.filter((s) => s.language === 'python'), threshold);
    console.log(
      `corpus, flagged at ${threshold}+: ${all.malicious} malicious, ${all.benign} benign\n` +
        `  recall ${pct(all.recall)} (JavaScript ${pct(js.recall)}, Python ${pct(py.recall)})\n` +
        `  false-positive rate ${pct(all.falsePositiveRate)} (JavaScript ${pct(js.falsePositiveRate)}, Python ${pct(py.falsePositiveRate)})\n` +
        `  right category ${pct(all.categoryAccuracy)}\n` +
        (all.missed.length ? `  missed: ${all.missed.join('; ')}\n` : '') +
        (all.falseAlarms.length ? `  false alarms: ${all.falseAlarms.join('; ')}\n` : ''),
    );
    expect(all.recall).toBeGreaterThanOrEqual(minRecall);
    expect(all.falsePositiveRate).toBeLessThanOrEqual(maxFpr);
  });

  it('parses every snippet it labels valid', () => {
    // A snippet that stopped parsing would quietly test the token scan instead of the tree walk.
    const invalid = CORPUS.filter((s) => s.name !== 'coding-utf7').map((s) => ({ s, a: analyzeValid(s.code, s.language) })).filter((x) => !x.a).map((x) => `${x.s.language}/${x.s.name}`);
    expect(invalid).toEqual([]);
  });
});

import { analyze } from '../analyze';
function analyzeValid(code: string, language: 'javascript' | 'python'): boolean {
  return analyze(code, language).telemetry.isValid;
}
