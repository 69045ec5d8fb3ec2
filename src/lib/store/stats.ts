import type { ExecutionSummary } from './history';

export interface DurationStats {
  count: number;
  avgMs: number;
  /** Median, nearest rank. */
  p50Ms: number;
  p95Ms: number;
}

export interface BlockedBucket {
  /** Start of the bucket, ms since the epoch (UTC-aligned). */
  start: number;
  blocked: number;
  total: number;
}

export interface StoreStats {
  total: number;
  /** completed, error, blocked, timeout, memory, cancelled, plus `interrupted` and `running` (requested or started). */
  byStatus: Record<string, number>;
  /** Served from the result cache. */
  cached: number;
  /** Runs per engine (cached ones included). */
  engines: Record<string, number>;
  /** Durations per engine, of runs that reached an engine (not cached, not blocked). */
  durations: Record<string, DurationStats>;
  findings: { total: number; byCategory: Record<string, number>; bySeverity: Record<string, number> };
  /** Blocked and total runs per bucket, oldest first, without gaps. */
  blockedOverTime: BlockedBucket[];
  from?: number;
  to: number;
}

export interface StatsOptions {
  /** Only executions requested at or after this time (ms since the epoch). */
  since?: number;
  /** Bucket size for `blockedOverTime`; default a day. */
  bucketMs?: number;
  /** At most this many buckets, the newest kept; default 90. */
  maxBuckets?: number;
}

const DAY_MS = 86_400_000;

/** Nearest-rank percentile of sorted values. */
export function percentile(sorted: readonly number[], p: number): number {
  if (!sorted.length) return 0;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

function bump(record: Record<string, number>, key: string, by = 1): void {
  record[key] = (record[key] ?? 0) + by;
}

/** Figures for the dashboards and the embedding API, from execution summaries. */
export function computeStats(executions: readonly ExecutionSummary[], now: number, options: StatsOptions = {}): StoreStats {
  const bucketMs = options.bucketMs ?? DAY_MS;
  const stats: StoreStats = {
    total: 0, byStatus: {}, cached: 0, engines: {}, durations: {},
    findings: { total: 0, byCategory: {}, bySeverity: {} }, blockedOverTime: [], to: now,
  };
  if (options.since !== undefined) stats.from = options.since;
  const durations = new Map<string, number[]>();
  const buckets = new Map<number, BlockedBucket>();
  for (const execution of executions) {
    if (options.since !== undefined && execution.requestedAt < options.since) continue;
    stats.total++;
    const status = execution.phase === 'finished' ? (execution.status ?? 'error') : execution.phase === 'interrupted' ? 'interrupted' : 'running';
    bump(stats.byStatus, status);
    bump(stats.engines, execution.engine);
    if (execution.cached) stats.cached++;
    else if (execution.phase === 'finished' && status !== 'blocked' && execution.durationMs !== undefined) {
      const list = durations.get(execution.engine) ?? [];
      list.push(execution.durationMs);
      durations.set(execution.engine, list);
    }
    for (const finding of execution.risk?.findings ?? []) {
      stats.findings.total++;
      bump(stats.findings.byCategory, finding.category);
      bump(stats.findings.bySeverity, finding.severity);
    }
    const start = Math.floor(execution.requestedAt / bucketMs) * bucketMs;
    const bucket = buckets.get(start) ?? { start, blocked: 0, total: 0 };
    bucket.total++;
    if (status === 'blocked') bucket.blocked++;
    buckets.set(start, bucket);
  }
  for (const [engine, list] of durations) {
    list.sort((a, b) => a - b);
    stats.durations[engine] = {
      count: list.length,
      avgMs: list.reduce((sum, ms) => sum + ms, 0) / list.length,
      p50Ms: percentile(list, 50),
      p95Ms: percentile(list, 95),
    };
  }
  if (buckets.size) {
    const starts = [...buckets.keys()];
    const last = Math.max(...starts);
    const first = Math.max(Math.min(...starts), last - ((options.maxBuckets ?? 90) - 1) * bucketMs);
    for (let start = first; start <= last; start += bucketMs) stats.blockedOverTime.push(buckets.get(start) ?? { start, blocked: 0, total: 0 });
  }
  return stats;
}
