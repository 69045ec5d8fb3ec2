/** Every rule, by category. Adding a rule means adding it to its category's `rules` list. */

import type { AnyRule } from '../rule';
import type { SiteKind } from '../sites';
import { rules as buffer } from './buffer';
import { rules as codeInjection } from './code-injection';
import { rules as commandExecution } from './command-execution';
import { rules as encoding } from './encoding';
import { rules as environment } from './environment';
import { rules as filesystem } from './filesystem';
import { rules as moduleLoading } from './module-loading';
import { rules as network } from './network';
import { rules as prototypePollution } from './prototype-pollution';
import { rules as resource } from './resource';
import { rules as timers } from './timers';
import { rules as webassembly } from './webassembly';

export const RULES: readonly AnyRule[] = [
  ...commandExecution, ...codeInjection, ...filesystem, ...network, ...prototypePollution, ...moduleLoading,
  ...environment, ...buffer, ...timers, ...webassembly, ...encoding, ...resource,
];

/** Rule ids, for validating custom policies. */
export const RULE_IDS: ReadonlySet<string> = new Set(RULES.map((r) => r.id));

/** Rules grouped by the kind of site they read, so each site only meets its own rules. */
export const RULES_BY_KIND: ReadonlyMap<SiteKind, readonly AnyRule[]> = (() => {
  const map = new Map<SiteKind, AnyRule[]>();
  for (const r of RULES) {
    const list = map.get(r.kind);
    if (list) list.push(r);
    else map.set(r.kind, [r]);
  }
  return map;
})();
