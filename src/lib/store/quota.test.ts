import { describe, expect, it } from 'vitest';
import { isQuotaError, StorageFullError, toStoreError } from './errors';
import { must, openTestStore } from './fixtures/helpers';
import { checkHeadroom, estimate, requestPersistence } from './quota';

describe('storage', () => {
  it('degrades where navigator.storage is missing', async () => {
    expect(await estimate(undefined)).toBeUndefined();
    expect(await requestPersistence(undefined)).toBe(false);
    expect(await checkHeadroom(undefined, 1e12, 'x')).toEqual({ ok: true, value: undefined });
    expect(await estimate({ estimate: async () => ({}) })).toBeUndefined();
    expect(await estimate({ estimate: async () => Promise.reject(new Error('nope')) })).toBeUndefined();
  });

  it('reports usage and persistence, and asks to persist only once granted is unknown', async () => {
    let asked = 0;
    const storage = { estimate: async () => ({ usage: 10, quota: 100 }), persisted: async () => false, persist: async () => (asked++, true) };
    const store = await openTestStore({ storage });
    expect(await store.storage.estimate()).toEqual({ usage: 10, quota: 100, persisted: false });
    expect(await store.storage.persist()).toBe(true);
    expect(asked).toBe(1);
    expect(await requestPersistence({ persisted: async () => true, persist: async () => (asked++, true) })).toBe(true);
    expect(asked).toBe(1);
    await store.close();
  });

  it('refuses a write that the estimate says will not fit, with the figures', async () => {
    const full = await checkHeadroom({ estimate: async () => ({ usage: 99 * 1024 * 1024, quota: 100 * 1024 * 1024 }) }, 10, 'the run');
    expect(full.ok).toBe(false);
    if (!full.ok) expect(full.error.message).toBe(
      "The browser's storage for Sandcell is full (99 MB used of 100 MB), so the run was refused. Delete old sessions or executions, or lower the audit retention, and try again.",
    );
  });

  it('recognises QuotaExceededError however the browser names it', () => {
    expect(isQuotaError(new DOMException('x', 'QuotaExceededError'))).toBe(true);
    expect(isQuotaError({ name: 'NS_ERROR_DOM_QUOTA_REACHED' })).toBe(true);
    expect(isQuotaError(new Error('x'))).toBe(false);
    expect(toStoreError(new DOMException('x', 'QuotaExceededError'))).toBeInstanceOf(StorageFullError);
    expect(toStoreError(new TypeError('bug'))).toBeUndefined(); // bugs are not turned into values
  });

  it('a full disk on a plain file write is a StorageFullError, not a crash', async () => {
    const store = await openTestStore({ storage: { estimate: async () => ({ usage: 1, quota: 2 }) } });
    const s = must(await store.sessions.create());
    const original = IDBObjectStore.prototype.put;
    IDBObjectStore.prototype.put = function () {
      throw new DOMException('quota', 'QuotaExceededError');
    };
    const written = await store.files.write(s.id, 'a.txt', 'x');
    IDBObjectStore.prototype.put = original;
    expect(written.ok === false && written.error).toBeInstanceOf(StorageFullError);
    expect(written.ok === false && written.error.message).toMatch(/\(1 B used of 2 B\), so the write was refused/);
    expect(must(await store.files.list(s.id))).toEqual([]);
    await store.close();
  });
});
