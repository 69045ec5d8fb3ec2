import type { ExecutionSummary, Store, StoreStats } from '../../lib/store';
import type { PoolStats, Sandbox } from '../../lib/sandbox';
import { reloadOnChanges } from '../reload-on-changes';

export const BUCKET_MS = 3_600_000;

export interface RuleCount {
  rule: string;
  category: string;
  count: number;
}

/** The dashboards' figures: the store's stats, recent executions for rules and threats, the live pool. */
export class Dashboard {
  stats: StoreStats | undefined = $state();
  recent: ExecutionSummary[] = $state([]);
  pool: PoolStats | undefined = $state();
  problem: string | undefined = $state();
  readonly #store: Store | undefined;
  readonly #sandbox: Sandbox;

  constructor(store: Store | undefined, sandbox: Sandbox) {
    this.#store = store;
    this.#sandbox = sandbox;
  }

  /** Top rules over the recent executions, most frequent first. */
  readonly topRules: RuleCount[] = $derived.by(() => {
    const counts = new Map<string, RuleCount>();
    for (const run of this.recent) {
      for (const f of run.risk?.findings ?? []) {
        const entry = counts.get(f.rule) ?? { rule: f.rule, category: f.category, count: 0 };
        entry.count++;
        counts.set(f.rule, entry);
      }
    }
    return [...counts.values()].sort((a, b) => b.count - a.count).slice(0, 10);
  });

  /** Blocked or high-risk executions, newest first. */
  readonly threats: ExecutionSummary[] = $derived(
    this.recent.filter((r) => r.decision === 'block' || r.risk?.level === 'high' || r.risk?.level === 'critical').slice(0, 15),
  );

  async load(): Promise<void> {
    this.pool = this.#sandbox.stats();
    if (!this.#store) return;
    const [stats, recent] = await Promise.all([
      this.#store.stats({ bucketMs: BUCKET_MS, maxBuckets: 48 }),
      this.#store.executions.list({ limit: 500 }),
    ]);
    if (stats.ok) this.stats = stats.value;
    else this.problem = stats.error.message;
    if (recent.ok) this.recent = recent.value.items;
  }

  /** Polls the live pool figures; returns the stop. */
  poll(ms = 1000): () => void {
    const timer = setInterval(() => (this.pool = this.#sandbox.stats()), ms);
    return () => clearInterval(timer);
  }

  /** Reloads after store changes, once per burst; returns the unsubscribe. */
  watch(): () => void {
    return this.#store ? reloadOnChanges(this.#store, () => this.load(), 250) : () => {};
  }
}
