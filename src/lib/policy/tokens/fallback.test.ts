import { describe, expect, it } from 'vitest';
import { analyze } from '../analyze';
import { ALL_CASES } from '../rules/all-cases';
import type { Language } from '../types';
import { FALLBACK_KNOWN_FAILURES } from './fallback.known-failures';

/** The same code with a syntax error after it, so only the token scan (JS) or a recovered tree plus tokens (Python) sees it. */
function broken(code: string, lang: Language): string {
  return lang === 'javascript' ? `${code}\n}}}` : `${code}\ndef (:`;
}

const positives = Object.values(ALL_CASES).flatMap((c) => c.positives);
const traps = Object.entries(ALL_CASES).flatMap(([category, c]) => c.traps.map((t) => ({ ...t, category })));

describe('code that does not parse gets the same rules', () => {
  it.each(positives)('$lang: $code → $rule', ({ lang, code, rule }) => {
    const a = analyze(broken(code, lang), lang);
    expect(a.telemetry.isValid).toBe(false);
    const found = a.findings.some((f) => f.rule === rule);
    const known = FALLBACK_KNOWN_FAILURES[code];
    if (known) expect(found, `listed as a known failure (${known}) but found: remove it from the list`).toBe(false);
    else expect(found, `findings: ${a.findings.map((f) => f.rule).join(', ') || 'none'}`).toBe(true);
  });

  it.each(traps)('$lang: $code → nothing in $category', ({ lang, code, category }) => {
    const a = analyze(broken(code, lang), lang);
    expect(a.findings.filter((f) => f.category === category).map((f) => `${f.rule}: ${f.message}`)).toEqual([]);
  });
});
