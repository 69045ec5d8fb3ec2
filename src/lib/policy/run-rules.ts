import { MAX_FINDINGS_PER_RULE } from './limits';
import type { LineIndex } from './positions';
import type { AnyRule, Match } from './rule';
import { RULES } from './rules/index';
import { SEVERITY_WEIGHT } from './score';
import type { Site, SiteKind } from './sites';
import type { Finding, Language } from './types';

type Check = (site: Site, language: Language) => Match | null;

interface Dispatch {
  /** Rules with `roots`, by root. */
  readonly byRoot: ReadonlyMap<string, readonly AnyRule[]>;
  /** Rules that can match any site of their kind. */
  readonly anywhere: readonly AnyRule[];
}

/** Rules by language and site kind (and, for calls and accesses, by root), built once. */
const TABLE: Readonly<Record<Language, ReadonlyMap<SiteKind, Dispatch>>> = {
  javascript: dispatchFor('javascript'),
  python: dispatchFor('python'),
};

function dispatchFor(language: Language): Map<SiteKind, Dispatch> {
  const map = new Map<SiteKind, { byRoot: Map<string, AnyRule[]>; anywhere: AnyRule[] }>();
  for (const r of RULES) {
    if (r.languages && !r.languages.includes(language)) continue;
    let d = map.get(r.kind);
    if (!d) map.set(r.kind, (d = { byRoot: new Map(), anywhere: [] }));
    if (!r.roots || (r.kind !== 'call' && r.kind !== 'access')) d.anywhere.push(r);
    else for (const root of r.roots) d.byRoot.set(root, [...(d.byRoot.get(root) ?? []), r]);
  }
  return map;
}

/** First segment of a path: `child_process` of `child_process.exec`, `Path` of `Path().open`. */
function rootOf(path: string): string {
  for (let i = 0; i < path.length; i++) {
    const c = path.charCodeAt(i);
    if (c === 46 /* . */ || c === 40 /* ( */) return path.slice(0, i);
  }
  return path;
}

const NONE: readonly AnyRule[] = [];

/**
 * Every rule against every site it could match; one finding per rule and span, at most a few dozen
 * per rule. `indexed: false` skips the root index (tests use it to check the roots are complete).
 */
export function runRules(sites: readonly Site[], language: Language, lines: LineIndex, indexed = true): Finding[] {
  const table = TABLE[language];
  const findings: Finding[] = [];
  const seen = new Set<string>();
  const perRule = new Map<string, number>();
  const apply = (rule: AnyRule, site: Site): void => {
    const m = (rule.check as Check)(site, language);
    if (!m) return;
    const key = `${rule.id}@${site.from}:${site.to}`;
    if (seen.has(key)) return;
    seen.add(key);
    const count = perRule.get(rule.id) ?? 0;
    if (count >= MAX_FINDINGS_PER_RULE) return;
    perRule.set(rule.id, count + 1);
    findings.push(toFinding(rule, m, site, lines));
  };
  for (const site of sites) {
    const d = table.get(site.kind);
    if (!d) continue;
    for (const rule of d.anywhere) apply(rule, site);
    if (indexed) {
      const path = site.kind === 'call' ? site.callee : site.kind === 'access' ? site.path : null;
      const rooted = path === null ? NONE : d.byRoot.get(rootOf(path)) ?? NONE;
      for (const rule of rooted) apply(rule, site);
    } else {
      const all = new Set<AnyRule>();
      for (const list of d.byRoot.values()) for (const rule of list) all.add(rule);
      for (const rule of all) apply(rule, site);
    }
  }
  return findings;
}

export function toFinding(rule: { id: string; category: Finding['category'] }, m: Match, span: { from: number; to: number }, lines: LineIndex): Finding {
  const start = lines.position(span.from);
  const end = lines.position(span.to);
  return {
    category: rule.category,
    rule: rule.id,
    severity: m.severity,
    weight: SEVERITY_WEIGHT[m.severity],
    message: m.message,
    line: start.line,
    column: start.column,
    endLine: end.line,
    endColumn: end.column,
    snippet: lines.snippet(span.from, span.to),
    from: span.from,
    to: span.to,
  };
}
