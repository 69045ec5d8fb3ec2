import type { IDBPTransaction } from 'idb';
import { MAX_FILE_BYTES, MAX_WORKSPACE_BYTES } from '../engines/paths';
import type { SandcellDatabase } from './db';
import type { StorageManagerLike } from './quota';
import type { SandcellSchema, StoreName } from './schema';
import type { Tabs } from './tabs';

export interface Limits {
  /** Largest single workspace file (engines/paths.ts's MAX_FILE_BYTES). */
  fileBytes: number;
  /** Largest total of one session's files (MAX_WORKSPACE_BYTES). */
  workspaceBytes: number;
}

export const DEFAULT_LIMITS: Limits = { fileBytes: MAX_FILE_BYTES, workspaceBytes: MAX_WORKSPACE_BYTES };

/** What every store module works with; built once by openStore. */
export interface StoreContext {
  readonly db: SandcellDatabase;
  /** The database's name, which also scopes lock names. */
  readonly dbName: string;
  readonly tabs: Tabs;
  readonly storage: StorageManagerLike | undefined;
  readonly limits: Limits;
  /** Refuse session ids that are not UUIDs. */
  readonly uuidOnly: boolean;
  readonly now: () => number;
  /** Result cache entries kept (LRU); 1,000 unless a test says otherwise. */
  readonly cacheCapacity: number;
}

export type WriteTx<S extends StoreName> = IDBPTransaction<SandcellSchema, S[], 'readwrite'>;

/** Keeps a request's rejection from being reported as unhandled; the transaction's `done` carries the error. */
export function quiet(promise: Promise<unknown>): void {
  promise.catch(() => {});
}

/**
 * Runs `body` in one readwrite transaction and resolves once it has committed. `body` may await
 * IndexedDB requests only: any other await (crypto, fetch, a timer) would commit the transaction
 * early. A throw aborts everything `body` wrote.
 */
export async function writeTx<S extends StoreName, T>(
  db: SandcellDatabase,
  stores: readonly S[],
  body: (tx: WriteTx<S>) => Promise<T>,
  durability: IDBTransactionDurability = 'default',
): Promise<T> {
  const tx = db.transaction([...stores], 'readwrite', { durability });
  quiet(tx.done);
  let value: T;
  try {
    value = await body(tx);
  } catch (error) {
    try {
      tx.abort();
    } catch {
      // it already ended; `done` has the reason
    }
    throw error;
  }
  // Without this, the commit waits until the answers to the body's last writes are back in the page.
  try {
    tx.commit();
  } catch {
    // It already finished on its own; `done` says how.
  }
  await tx.done;
  return value;
}

/** Key range of everything a session holds in `files` / `fileData` (keys are `[sessionId, path]`). */
export function sessionRange(sessionId: string): IDBKeyRange {
  // An array sorts after every string, so [id, []] bounds every [id, path].
  return IDBKeyRange.bound([sessionId], [sessionId, []]);
}
