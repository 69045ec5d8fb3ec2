import { openDB } from 'idb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openDatabase } from './db';
import { StoreBlockedError, StoreClosedError, StoreUnavailableError } from './errors';
import { must, openTestStore, runOnce, uniqueName } from './fixtures/helpers';
import { createV1Database, V1_SESSION } from './fixtures/v1';
import { DB_VERSION } from './schema';
import { openStore } from './store';


afterEach(() => vi.unstubAllGlobals());

describe('opening and migrating', () => {
  it('creates every store at the current version', async () => {
    const name = uniqueName();
    const db = must(await openDatabase({ name }));
    expect(db.version).toBe(DB_VERSION);
    expect([...db.objectStoreNames].sort()).toEqual(['audit', 'cache', 'executionData', 'executions', 'fileData', 'files', 'sessions', 'settings']);
    expect([...db.transaction('executions').store.indexNames].sort()).toEqual(['by-requested', 'by-session']);
    expect(await db.get('settings', 'settings')).toMatchObject({ retention: { auditRecords: 10_000 } });
    db.close();
  });

  it('upgrades a version-1 database: file bytes move out, sessions gain totals, executions their indexes', async () => {
    const name = uniqueName();
    await createV1Database(name);
    const store = must(await openStore({ name, locks: null, channel: null, storage: null, autoMaintain: false }));

    const session = must(await store.sessions.get(V1_SESSION.id));
    expect(session).toMatchObject({ name: 'Old session', revision: 0, bytes: 107, fileCount: 2 });
    expect(must(await store.files.list(V1_SESSION.id))).toEqual([
      { path: 'data.json', size: 7, mtime: 1_700_000_050_000 },
      { path: 'lib/util.py', size: 100, mtime: 1_700_000_060_000 },
    ]);
    expect(new TextDecoder().decode(must(await store.files.read(V1_SESSION.id, 'data.json')))).toBe('{"a":1}');

    const page = must(await store.executions.list({ sessionId: V1_SESSION.id }));
    expect(page.items.map((e) => [e.id, e.cached, e.phase])).toEqual([['exec_0123456789ab', false, 'finished']]);

    // The upgraded database works as a new one: runs append to the audit chain and files can be written.
    await runOnce(store, { code: 'print(2)', language: 'python', sessionId: V1_SESSION.id });
    must(await store.files.write(V1_SESSION.id, 'new.txt', 'hi'));
    expect(must(await store.sessions.get(V1_SESSION.id))).toMatchObject({ fileCount: 3, bytes: 109 });
    expect(must(await store.audit.verify())).toMatchObject({ ok: true, count: 4 });
    await store.close();
  });

  it('reports IndexedDB missing instead of throwing', async () => {
    vi.stubGlobal('indexedDB', undefined);
    const opened = await openStore({ name: uniqueName() });
    expect(opened.ok).toBe(false);
    if (!opened.ok) expect(opened.error).toBeInstanceOf(StoreUnavailableError);
  });

  it('says the database is newer than the app rather than hanging', async () => {
    const name = uniqueName();
    (await openDB(name, DB_VERSION + 5)).close();
    const opened = await openDatabase({ name });
    expect(opened.ok).toBe(false);
    if (!opened.ok) expect(opened.error.message).toMatch(/newer version of the app/);
  });

  it('gives StoreBlockedError when an old tab will not let go, and closes the late connection', async () => {
    const name = uniqueName();
    await createV1Database(name);
    const oldTab = await openDB(name, 1); // no `blocking` handler: it never closes
    const opened = await openDatabase({ name, blockedTimeoutMs: 50 });
    expect(opened.ok).toBe(false);
    if (!opened.ok) {
      expect(opened.error).toBeInstanceOf(StoreBlockedError);
      expect(opened.error.message).toMatch(/another tab/);
    }
    oldTab.close(); // the pending upgrade now completes; its connection must be closed, not leaked
    await new Promise((resolve) => setTimeout(resolve, 50));
    const again = must(await openDatabase({ name }));
    expect(again.version).toBe(DB_VERSION);
    again.close();
  });

  it('lets go when a newer version opens elsewhere, and then answers StoreClosedError', async () => {
    const name = uniqueName();
    const onClose = vi.fn();
    const store = await openTestStore({ name, onClose });
    const newer = await openDB(name, DB_VERSION + 1); // would hang if the store did not close
    expect(onClose).toHaveBeenCalledWith(expect.any(StoreClosedError));
    const listed = await store.sessions.list();
    expect(listed.ok).toBe(false);
    if (!listed.ok) expect(listed.error.message).toMatch(/newer version of Sandcell opened in another tab/);
    newer.close();
  });

  it('aborts a failed migration so nothing is half-upgraded', async () => {
    const name = uniqueName();
    // A damaged version-1 database: the executions index the upgrade replaces is missing.
    const db = await openDB(name, 1, {
      upgrade(database) {
        database.createObjectStore('sessions', { keyPath: 'id' }).createIndex('by-updated', 'updatedAt');
        database.createObjectStore('files', { keyPath: ['sessionId', 'path'] });
        database.createObjectStore('executions', { keyPath: 'id' });
        database.createObjectStore('executionData', { keyPath: 'id' });
        database.createObjectStore('audit', { keyPath: 'seq' }).createIndex('by-execution', 'executionId');
      },
    });
    await db.put('files', { sessionId: 's', path: 'a.txt', data: new Uint8Array(3), mtime: 1 });
    db.close();

    const opened = await openDatabase({ name });
    expect(opened.ok).toBe(false);
    if (!opened.ok) expect(opened.error.message).toMatch(/Upgrading Sandcell's database failed, nothing was changed/);

    const after = await openDB(name);
    expect(after.version).toBe(1);
    expect([...after.objectStoreNames]).not.toContain('fileData');
    expect(await after.get('files', ['s', 'a.txt'])).toMatchObject({ data: new Uint8Array(3) });
    after.close();
  });
});
