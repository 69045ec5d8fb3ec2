import { openDB, type IDBPDatabase } from 'idb';
import { StoreBlockedError, StoreClosedError, StoreUnavailableError } from './errors';
import { migrate } from './migrations';
import { fail, ok, type Result } from './result';
import { DB_NAME, DB_VERSION, type SandcellSchema } from './schema';

export type SandcellDatabase = IDBPDatabase<SandcellSchema>;

export interface OpenDatabaseOptions {
  name?: string;
  /** How long to wait for other tabs to let go of an older version before reporting StoreBlockedError. */
  blockedTimeoutMs?: number;
  /** Called once when the connection is lost after opening (a newer version elsewhere, or the browser closed it). */
  onClose?: (error: StoreClosedError) => void;
}

/** Whether this realm has IndexedDB at all (Node without fake-indexeddb, some private modes). */
export function hasIndexedDb(): boolean {
  return typeof indexedDB === 'object' && indexedDB !== null;
}

/**
 * Opens (creating or migrating) Sandcell's database. Never hangs on another tab: a blocked
 * upgrade gives StoreBlockedError after `blockedTimeoutMs`, and this connection closes itself
 * as soon as it blocks a newer version elsewhere.
 */
export function openDatabase(options: OpenDatabaseOptions = {}): Promise<Result<SandcellDatabase>> {
  const name = options.name ?? DB_NAME;
  if (!hasIndexedDb()) {
    return Promise.resolve(fail(new StoreUnavailableError('IndexedDB is not available in this browser context, so nothing can be saved.')));
  }
  return new Promise((resolve) => {
    let settled = false;
    let blockedTimer: ReturnType<typeof setTimeout> | undefined;
    let migrationError: unknown;
    let db: SandcellDatabase | undefined;
    let closed = false;
    const lose = (error: StoreClosedError) => {
      if (closed) return;
      closed = true;
      db?.close();
      options.onClose?.(error);
    };
    const settle = (result: Result<SandcellDatabase>) => {
      clearTimeout(blockedTimer);
      if (settled) return;
      settled = true;
      resolve(result);
    };

    let opening: Promise<SandcellDatabase>;
    try {
      opening = openDB<SandcellSchema>(name, DB_VERSION, {
        upgrade(database, oldVersion, _newVersion, tx) {
          tx.done.catch(() => {}); // an aborted upgrade is reported through the open request
          // A failed step must abort the whole upgrade, or the version would be bumped over half-migrated data.
          migrate(database, oldVersion, tx).catch((error: unknown) => {
            migrationError = error;
            try {
              tx.abort();
            } catch {
              // already finished or aborted
            }
          });
        },
        blocked(currentVersion) {
          blockedTimer ??= setTimeout(() => settle(fail(new StoreBlockedError(currentVersion, DB_VERSION))), options.blockedTimeoutMs ?? 4_000);
        },
        // Another tab wants a newer version: let go at once so it is not blocked, and say why.
        blocking: () => lose(new StoreClosedError('versionchange')),
        terminated: () => lose(new StoreClosedError('terminated')),
      });
    } catch (error) {
      settle(fail(new StoreUnavailableError(`IndexedDB refused to open: ${describe(error)}`)));
      return;
    }
    opening.then(
      (database) => {
        db = database;
        // Gave up waiting (blocked) before it opened: nobody will use this connection.
        if (settled) database.close();
        else settle(ok(database));
      },
      (error: unknown) => {
        if (migrationError !== undefined) {
          settle(fail(new StoreUnavailableError(`Upgrading Sandcell's database failed, nothing was changed: ${describe(migrationError)}`)));
        } else if (errorName(error) === 'VersionError') {
          settle(fail(new StoreUnavailableError(`Sandcell's database was created by a newer version of the app than this tab runs. Reload to update.`)));
        } else settle(fail(new StoreUnavailableError(`IndexedDB refused to open: ${describe(error)}`)));
      },
    );
  });
}

function errorName(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'name' in error && typeof error.name === 'string' ? error.name : undefined;
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
