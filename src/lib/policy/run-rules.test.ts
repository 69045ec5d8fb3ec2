import { describe, expect, it } from 'vitest';
import type { Collection } from './collection';
import { CORPUS } from './corpus/corpus';
import { collectJs } from './js/collect';
import { parseJs } from './js/parse';
import { LineIndex } from './positions';
import { collectPython } from './python/collect';
import { parsePython } from './python/parse';
import { ALL_CASES } from './rules/all-cases';
import { RULES } from './rules/index';
import { runRules } from './run-rules';
import { collectTokens } from './tokens/collect';
import { tokenize } from './tokens/tokenize';
import type { Language } from './types';

function collections(code: string, language: Language): Collection[] {
  const out = [collectTokens(code, tokenize(code, language), language)];
  if (language === 'python') out.push(collectPython(parsePython(code)!, code));
  else {
    const parsed = parseJs(code);
    if (parsed.ok) out.push(collectJs(parsed.program, code));
  }
  return out;
}

const samples = [
  ...Object.values(ALL_CASES).flatMap((c) => [...c.positives, ...c.traps]).map((c) => ({ code: c.code, language: c.lang })),
  ...CORPUS.map((s) => ({ code: s.code, language: s.language })),
];

describe('rule dispatch', () => {
  it('gives every rule a unique id under its own category', () => {
    const ids = RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const r of RULES) expect(r.id.startsWith(`${r.category}/`), r.id).toBe(true);
  });

  it('finds the same with the root index as without it (the declared roots are complete)', () => {
    for (const { code, language } of samples) {
      const lines = new LineIndex(code);
      for (const c of collections(code, language)) {
        const indexed = runRules(c.sites, language, lines).map((f) => `${f.rule}@${f.from}`).sort();
        const all = runRules(c.sites, language, lines, false).map((f) => `${f.rule}@${f.from}`).sort();
        expect(indexed, code).toEqual(all);
      }
    }
  });
});
