import type { Category, Language, Severity } from './types';
import type { SiteKind, SiteOf } from './sites';

/** What a rule says about a site it matches. */
export interface Match {
  readonly severity: Severity;
  readonly message: string;
}

/** A rule: a pure function from one kind of site to a match or null. */
export interface Rule<K extends SiteKind> {
  /** `<category>/<name>`. */
  readonly id: string;
  readonly category: Category;
  readonly kind: K;
  /** Both when omitted. */
  readonly languages?: readonly Language[];
  /**
   * Call and access rules: the first segments (`child_process`, `os`, `eval`) of the callees or
   * paths the rule can match, so a site only meets the rules that could care. Omitted: any path.
   */
  readonly roots?: readonly string[];
  readonly check: (site: SiteOf<K>, language: Language) => Match | null;
}

/** A rule of any kind, as the registry holds them. */
export type AnyRule = { [K in SiteKind]: Rule<K> }[SiteKind];

/** Declare a rule; keeps `check` typed for its site kind. */
export function defineRule<K extends SiteKind>(rule: Rule<K>): AnyRule {
  return rule as unknown as AnyRule;
}

export function match(severity: Severity, message: string): Match {
  return { severity, message };
}
