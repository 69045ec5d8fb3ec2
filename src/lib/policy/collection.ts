import { MAX_IDENTIFIERS } from './limits';
import type { Site } from './sites';

/** What a collector gathers in one pass, whatever the parser: sites for the rules, facts for telemetry. */
export class Collection {
  readonly sites: Site[] = [];
  readonly identifiers = new Set<string>();
  readonly imports = new Set<string>();
  readonly flags = { eval: false, require: false, process: false, dynamicImport: false, import: false };
  nodeCount = 0;
  maxDepth = 0;
  loopCount = 0;
  functionCount = 0;
  /** Offset of the first syntax error the parser recovered from (Lezer), or null. */
  errorAt: number | null = null;
  /** Parts of the tree were too deep to walk; their sites are missing. */
  truncated = false;

  add(site: Site): void {
    this.sites.push(site);
  }

  identifier(name: string): void {
    if (this.identifiers.size < MAX_IDENTIFIERS) this.identifiers.add(name);
  }

  node(depth: number): void {
    this.nodeCount++;
    if (depth > this.maxDepth) this.maxDepth = depth;
  }
}
