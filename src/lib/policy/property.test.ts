import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyze } from './analyze';
import { CATEGORY_IDS } from './categories';
import { ALL_CASES } from './rules/all-cases';
import { levelFor, rank, SEVERITY_WEIGHT } from './score';
import type { DangerAnalysis, Language } from './types';

const SEED = 20_240_611;
const LANGUAGES: readonly Language[] = ['javascript', 'python'];

/** Every invariant a caller may rely on; returns the first broken one. */
function problem(a: DangerAnalysis, code: string): string | null {
  if (!Number.isFinite(a.score) || a.score < 0) return `score ${a.score}`;
  if (a.level !== levelFor(a.score)) return `level ${a.level} for score ${a.score}`;
  let worst = 0;
  let previous = -1;
  for (const f of a.findings) {
    if (!CATEGORY_IDS.includes(f.category)) return `category ${f.category}`;
    if (!f.rule.startsWith(`${f.category}/`)) return `rule ${f.rule}`;
    if (f.weight !== SEVERITY_WEIGHT[f.severity]) return `weight ${f.weight} for ${f.severity}`;
    if (!(f.line >= 1 && f.column >= 1 && (f.endLine > f.line || (f.endLine === f.line && f.endColumn >= f.column)))) return `position ${JSON.stringify(f)}`;
    if (!(f.from >= 0 && f.from <= f.to && f.to <= code.length)) return `offsets ${f.from}-${f.to} of ${code.length}`;
    if (typeof f.snippet !== 'string' || f.snippet.length > 80 || f.snippet.includes('\n')) return `snippet ${JSON.stringify(f.snippet)}`;
    if (typeof f.message !== 'string' || f.message === '') return 'message';
    if (f.from < previous) return 'findings out of order';
    previous = f.from;
    worst = Math.max(worst, rank(f.severity));
  }
  if (rank(a.level) !== worst) return `level ${a.level} but worst finding rank ${worst}`;
  const t = a.telemetry;
  if (t.degraded?.reason === 'internal-error') return t.degraded.message; // a collector threw: a bug the fallback hid
  if (typeof t.isValid !== 'boolean') return 'isValid';
  if (!t.isValid && !t.parseError) return 'invalid without parseError';
  if (!Array.isArray(t.accessedIdentifiers) || !Array.isArray(t.imports)) return 'telemetry arrays';
  for (const [k, v] of Object.entries(t.metrics)) if (!Number.isInteger(v) || v < 0) return `metric ${k}=${v}`;
  for (const [k, v] of Object.entries(t.flags)) if (typeof v !== 'boolean') return `flag ${k}`;
  return null;
}

function check(code: string, lang: Language): void {
  const a = analyze(code, lang);
  const p = problem(a, code);
  if (p) throw new Error(`${p}\nfor ${lang}: ${JSON.stringify(code.slice(0, 200))}`);
}

const realCode = Object.values(ALL_CASES).flatMap((c) => [...c.positives, ...c.traps]);

/** Splices: at a position, delete a few characters and insert a short string. */
const edits = fc.array(fc.tuple(fc.nat(), fc.nat({ max: 8 }), fc.string({ maxLength: 6, unit: fc.constantFrom('(', ')', '[', ']', '{', '}', '"', "'", '`', '\\', '#', '/', '*', '.', ',', ':', '\n', ' ', 'e', 'x', '0', 'é', '\u0301', '\uD800') })), { maxLength: 6 });

function mutate(code: string, changes: readonly [number, number, string][]): string {
  let out = code;
  for (const [at, del, ins] of changes) {
    const i = out.length === 0 ? 0 : at % (out.length + 1);
    out = out.slice(0, i) + ins + out.slice(i + del);
  }
  return out;
}

const TOKENS = [
  'eval', 'exec', 'import', 'from', 'os', 'require', '(', ')', '[', ']', '{', '}', '.', ',', ';', ':', '=', '+', '**', '"ev"', "'al'", '`x${', '}`',
  '\n', '    ', 'while', 'True', 'true', 'def', 'function', '=>', 'getattr', '__builtins__', 'globalThis', 'atob', 'chr', '10', '1e9', '#', '//', '/*', '*/', '\\u0065', 'ｅval',
];

describe('analyze, on any input', () => {
  for (const lang of LANGUAGES) {
    it(`never throws and is well-formed on arbitrary strings (${lang})`, () => {
      fc.assert(fc.property(fc.string({ maxLength: 400, unit: 'binary' }), (s) => check(s, lang)), { seed: Number(process.env.POLICY_SEED ?? SEED), numRuns: Number(process.env.POLICY_RUNS ?? 300) });
    });

    it(`never throws and is well-formed on token soup (${lang})`, () => {
      fc.assert(fc.property(fc.array(fc.constantFrom(...TOKENS), { maxLength: 120 }), (ts) => check(ts.join(' '), lang)), { seed: Number(process.env.POLICY_SEED ?? SEED), numRuns: Number(process.env.POLICY_RUNS ?? 300) });
    });

    it(`never throws and is well-formed on mutated real code (${lang})`, () => {
      const pool = realCode.filter((c) => c.lang === lang).map((c) => c.code);
      fc.assert(fc.property(fc.constantFrom(...pool), edits, (code, changes) => check(mutate(code, changes), lang)), { seed: Number(process.env.POLICY_SEED ?? SEED), numRuns: Number(process.env.POLICY_RUNS ?? 400) });
    });
  }

  it('is deterministic', () => {
    fc.assert(fc.property(fc.constantFrom(...realCode), ({ code, lang }) => {
      expect(analyze(code, lang)).toEqual(analyze(code, lang));
    }), { seed: SEED, numRuns: 100 });
  });
});
