import { StorageFullError, isQuotaError } from './errors';
import { fail, ok, type Result } from './result';

/** The part of `navigator.storage` the store uses; tests pass a fake. */
export interface StorageManagerLike {
  estimate?(): Promise<{ usage?: number; quota?: number }>;
  persist?(): Promise<boolean>;
  persisted?(): Promise<boolean>;
}

export interface StorageEstimate {
  usage: number;
  quota: number;
  /** Whether the browser promised not to evict Sandcell's data under storage pressure. */
  persisted: boolean | undefined;
}

/** Below this much free space a run is refused before it starts, rather than failing to record its end. */
export const MIN_FREE_BYTES = 2 * 1024 * 1024;

export function defaultStorage(): StorageManagerLike | undefined {
  return typeof navigator === 'object' && navigator.storage ? navigator.storage : undefined;
}

/** Usage and quota for the dashboards, or undefined where the browser does not say. */
export async function estimate(storage: StorageManagerLike | undefined): Promise<StorageEstimate | undefined> {
  if (!storage?.estimate) return undefined;
  try {
    const { usage, quota } = await storage.estimate();
    if (typeof usage !== 'number' || typeof quota !== 'number') return undefined;
    const persisted = storage.persisted ? await storage.persisted().catch(() => undefined) : undefined;
    return { usage, quota, persisted };
  } catch {
    return undefined;
  }
}

/**
 * Asks the browser to keep Sandcell's data under storage pressure. Resolves to whether it agreed;
 * false where the API is missing. Browsers may prompt or decide from engagement.
 */
export async function requestPersistence(storage: StorageManagerLike | undefined): Promise<boolean> {
  if (!storage?.persist) return false;
  try {
    if (storage.persisted && (await storage.persisted())) return true;
    return await storage.persist();
  } catch {
    return false;
  }
}

/**
 * Refuses a write up front when the estimate says it cannot fit: a run is refused before it
 * starts rather than left unaudited. Where there is no estimate, the write is tried and a
 * QuotaExceededError from IndexedDB gives the same error.
 */
export async function checkHeadroom(storage: StorageManagerLike | undefined, bytes: number, what: string): Promise<Result<void>> {
  const current = await recentEstimate(storage);
  if (!current) return ok(undefined);
  if (current.quota - current.usage < bytes + MIN_FREE_BYTES) return fail(new StorageFullError(current.usage, current.quota, what));
  current.usage += bytes; // counted as used until the next estimate says what really was
  return ok(undefined);
}

/** How long an estimate answers headroom checks: asking the browser costs a round trip per run. */
export const ESTIMATE_REUSE_MS = 2_000;

const recent = new WeakMap<StorageManagerLike, { at: number; usage: number; quota: number }>();

/** An estimate at most {@link ESTIMATE_REUSE_MS} old, plus the bytes checks since then allowed for. */
async function recentEstimate(storage: StorageManagerLike | undefined): Promise<{ usage: number; quota: number } | undefined> {
  if (!storage?.estimate) return undefined;
  const now = Date.now();
  const kept = recent.get(storage);
  if (kept && now - kept.at >= 0 && now - kept.at < ESTIMATE_REUSE_MS) return kept;
  try {
    const { usage, quota } = await storage.estimate();
    if (typeof usage !== 'number' || typeof quota !== 'number') return undefined;
    const fresh = { at: now, usage, quota };
    recent.set(storage, fresh);
    return fresh;
  } catch {
    return undefined;
  }
}

/** A StorageFullError for a QuotaExceededError from IndexedDB, with the usage figures when the browser gives them. */
export async function quotaError(error: unknown, storage: StorageManagerLike | undefined, what: string): Promise<StorageFullError | undefined> {
  if (!isQuotaError(error) && !(error instanceof StorageFullError)) return undefined;
  const current = await estimate(storage);
  return new StorageFullError(current?.usage, current?.quota, what);
}
