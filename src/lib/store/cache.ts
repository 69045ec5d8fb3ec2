import type { ExecutionResult } from '../sandbox/types';
import type { ExecuteRequest } from './schema';
import { DEFAULT_ENGINE } from '../sandbox/engine-catalog';
import type { PolicyTier } from '../policy/tiers';
import { quiet, type WriteTx } from './context';
import { sha256Hex } from './hash';
import { canonicalJson } from './json';
import type { CacheRecord, StoreName } from './schema';

/** Entries kept; the least recently used go first. */
export const CACHE_CAPACITY = 1_000;
/** Results whose written files total more than this are not cached. */
export const CACHE_MAX_FILE_BYTES = 1024 * 1024;

const CACHEABLE = new Set<ExecutionResult['status']>(['completed', 'error']);

/**
 * The cache key: a hash of everything that decides a stateless run's output (code, language,
 * engine, policy, context, stdin, limits and input files). Undefined for session runs, which
 * depend on state the key cannot see.
 */
export async function cacheKey(request: ExecuteRequest, policy: PolicyTier): Promise<string | undefined> {
  if (request.sessionId !== undefined) return undefined;
  const files: Array<[string, string]> = [];
  for (const [path, content] of Object.entries(request.files ?? {}).sort(([a], [b]) => (a < b ? -1 : 1))) {
    files.push([path, await sha256Hex(content)]);
  }
  return sha256Hex(
    canonicalJson({
      v: 1,
      code: request.code,
      language: request.language,
      engine: request.engine ?? DEFAULT_ENGINE[request.language],
      policy,
      customPolicy: request.customPolicy ?? null,
      context: request.context ?? null,
      stdin: request.stdin ?? null,
      timeout: request.timeout ?? null,
      memory: request.memory ?? null,
      outputLimit: request.outputLimit ?? null,
      files,
    }),
  );
}

/** Whether a finished result may be served again for an identical request. */
export function isCacheable(result: ExecutionResult): boolean {
  if (!CACHEABLE.has(result.status) || result.sessionId !== undefined) return false;
  const fileBytes = Object.values(result.files ?? {}).reduce((sum, bytes) => sum + bytes.byteLength, 0);
  return fileBytes <= CACHE_MAX_FILE_BYTES;
}

/** A use stamp above every other, so recency is strict even within one millisecond. */
async function nextStamp<S extends StoreName>(tx: WriteTx<S | 'cache'>, now: number): Promise<number> {
  const newest = await tx.objectStore('cache').index('by-used').openCursor(null, 'prev');
  return Math.max(now, (newest?.value.lastUsed ?? 0) + 1);
}

/** Stores a result and evicts the least recently used entries past the capacity, inside `tx`. */
export async function putCached<S extends StoreName>(tx: WriteTx<S | 'cache'>, key: string, executionId: string, result: ExecutionResult, now: number, capacity = CACHE_CAPACITY): Promise<void> {
  const store = tx.objectStore('cache');
  const record: CacheRecord = { key, executionId, result, createdAt: now, lastUsed: await nextStamp(tx, now), hits: 0 };
  await store.put(record);
  let excess = (await store.count()) - capacity;
  for (let cursor = await store.index('by-used').openCursor(); cursor && excess > 0; cursor = await cursor.continue()) {
    quiet(cursor.delete());
    excess--;
  }
}

/** Marks an entry as just used (LRU), inside `tx`. */
export async function touchCached<S extends StoreName>(tx: WriteTx<S | 'cache'>, record: CacheRecord, now: number): Promise<void> {
  const lastUsed = await nextStamp(tx, now);
  quiet(tx.objectStore('cache').put({ ...record, lastUsed, hits: record.hits + 1 }));
}
