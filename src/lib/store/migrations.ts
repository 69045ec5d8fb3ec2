import type { IDBPDatabase, IDBPTransaction } from 'idb';
import { DEFAULT_RETENTION, type SandcellSchema, type StoreName } from './schema';

type Db = IDBPDatabase<SandcellSchema>;
type UpgradeTx = IDBPTransaction<SandcellSchema, StoreName[], 'versionchange'>;

/**
 * Version 1: sessions, files with their bytes inline, executions, execution data and the audit
 * chain. Kept as it shipped: a fresh install runs this and then every later step, so the
 * migrations are exercised on every install, not only on upgrades.
 */
export function createV1(db: Db): void {
  const sessions = db.createObjectStore('sessions', { keyPath: 'id' });
  sessions.createIndex('by-updated', 'updatedAt');
  db.createObjectStore('files', { keyPath: ['sessionId', 'path'] });
  const executions = db.createObjectStore('executions', { keyPath: 'id' });
  executions.createIndex('by-requested', 'requestedAt');
  db.createObjectStore('executionData', { keyPath: 'id' });
  const audit = db.createObjectStore('audit', { keyPath: 'seq' });
  audit.createIndex('by-execution', 'executionId');
}

interface V1File {
  sessionId: string;
  path: string;
  data: Uint8Array;
  mtime: number;
}

function isV1File(value: unknown): value is V1File {
  return typeof value === 'object' && value !== null && 'data' in value && value.data instanceof Uint8Array;
}

/**
 * Version 2: file bytes move to `fileData` so listing a workspace loads no bytes; sessions gain
 * `revision`, `bytes` and `fileCount`; executions get tie-free and per-session indexes and a
 * `cached` flag; the audit log an index by event (for checkpoints); the result cache and settings.
 */
export async function upgradeToV2(db: Db, tx: UpgradeTx): Promise<void> {
  db.createObjectStore('fileData', { keyPath: ['sessionId', 'path'] });
  const totals = new Map<string, { bytes: number; count: number }>();
  const fileData = tx.objectStore('fileData');
  for (let cursor = await tx.objectStore('files').openCursor(); cursor; cursor = await cursor.continue()) {
    const old: unknown = cursor.value;
    if (!isV1File(old)) continue; // already in the new shape
    void fileData.put({ sessionId: old.sessionId, path: old.path, bytes: old.data });
    void cursor.update({ sessionId: old.sessionId, path: old.path, size: old.data.byteLength, mtime: old.mtime });
    const total = totals.get(old.sessionId) ?? { bytes: 0, count: 0 };
    total.bytes += old.data.byteLength;
    total.count++;
    totals.set(old.sessionId, total);
  }
  for (let cursor = await tx.objectStore('sessions').openCursor(); cursor; cursor = await cursor.continue()) {
    const total = totals.get(cursor.value.id) ?? { bytes: 0, count: 0 };
    void cursor.update({ ...cursor.value, revision: cursor.value.revision ?? 0, bytes: total.bytes, fileCount: total.count });
  }

  const executions = tx.objectStore('executions');
  executions.deleteIndex('by-requested');
  executions.createIndex('by-requested', ['requestedAt', 'id']);
  executions.createIndex('by-session', ['sessionId', 'requestedAt', 'id']);
  for (let cursor = await executions.openCursor(); cursor; cursor = await cursor.continue()) {
    if (cursor.value.cached === undefined) void cursor.update({ ...cursor.value, cached: false });
  }

  tx.objectStore('audit').createIndex('by-event', 'event');
  db.createObjectStore('cache', { keyPath: 'key' }).createIndex('by-used', 'lastUsed');
  db.createObjectStore('settings', { keyPath: 'id' });
  void tx.objectStore('settings').put({ id: 'settings', retention: { ...DEFAULT_RETENTION } });
}

/** Brings a database from `oldVersion` to the current one, one step per version, inside the upgrade transaction. */
export async function migrate(db: Db, oldVersion: number, tx: UpgradeTx): Promise<void> {
  switch (oldVersion) {
    case 0:
      createV1(db);
    // falls through
    case 1:
      await upgradeToV2(db, tx);
  }
}
