import type { Page } from '@playwright/test';

/** Every record of every IndexedDB database of the page's origin: database → store → JSON key → JSON value. */
export type IdbSnapshot = Record<string, Record<string, Record<string, string>>>;

/**
 * Reads every database through the raw IndexedDB API (not the store), so a write the store did
 * not make shows up in a diff of two snapshots.
 */
export function snapshotIdb(page: Page): Promise<IdbSnapshot> {
  return page.evaluate(async () => {
    const json = (v: unknown) => JSON.stringify(v, (_k, x) => (x instanceof Uint8Array ? Array.from(x).join(',') : x instanceof ArrayBuffer ? `buffer:${x.byteLength}` : x));
    const open = (name: string) =>
      new Promise<IDBDatabase>((resolve, reject) => {
        const request = indexedDB.open(name);
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
    const all = <T>(request: IDBRequest<T>) =>
      new Promise<T>((resolve, reject) => {
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
    const out: Record<string, Record<string, Record<string, string>>> = {};
    for (const { name } of await indexedDB.databases()) {
      if (!name) continue;
      const db = await open(name);
      const stores: Record<string, Record<string, string>> = {};
      const names = Array.from(db.objectStoreNames);
      if (names.length) {
        const tx = db.transaction(names, 'readonly');
        for (const storeName of names) {
          const store = tx.objectStore(storeName);
          const [keys, values] = await Promise.all([all(store.getAllKeys()), all(store.getAll())]);
          stores[storeName] = Object.fromEntries(keys.map((k, i) => [json(k), json(values[i])]));
        }
      }
      db.close();
      out[name] = stores;
    }
    return out;
  });
}

export interface IdbChange {
  readonly database: string;
  readonly store: string;
  readonly key: string;
  readonly before?: string;
  readonly after?: string;
}

/** Records added, changed or removed between two snapshots; databases and stores that appeared or went too. */
export function diffIdb(before: IdbSnapshot, after: IdbSnapshot): IdbChange[] {
  const changes: IdbChange[] = [];
  for (const database of new Set([...Object.keys(before), ...Object.keys(after)])) {
    const b = before[database] ?? {};
    const a = after[database] ?? {};
    for (const store of new Set([...Object.keys(b), ...Object.keys(a)])) {
      const bs = b[store] ?? {};
      const as = a[store] ?? {};
      for (const key of new Set([...Object.keys(bs), ...Object.keys(as)])) {
        if (bs[key] !== as[key]) changes.push({ database, store, key, before: bs[key], after: as[key] });
      }
    }
    if (!(database in after) || !(database in before)) changes.push({ database, store: '*', key: '*' });
  }
  return changes;
}
