import { describe, expect, it } from 'vitest';
import { LockAbortedError } from './errors';
import { FakeLocks, must, openTestStore, uniqueName } from './fixtures/helpers';
import { openStore } from './store';
import { parseChannelMessage, Tabs, type ChangeEvent } from './tabs';

describe('locks', () => {
  for (const [label, locks] of [['Web Locks', () => new FakeLocks()], ['the in-tab fallback', () => null]] as const) {
    it(`run callers one at a time, in order (${label})`, async () => {
      const tabs = new Tabs({ locks: locks(), channel: null });
      const order: string[] = [];
      const job = (name: string, ms: number) =>
        tabs.withLock('l', async () => {
          order.push(`${name}+`);
          await new Promise((resolve) => setTimeout(resolve, ms));
          order.push(`${name}-`);
        });
      await Promise.all([job('a', 20), job('b', 1), job('c', 5)]);
      expect(order).toEqual(['a+', 'a-', 'b+', 'b-', 'c+', 'c-']);
      tabs.dispose();
    });

    it(`let a waiter give up (${label})`, async () => {
      const tabs = new Tabs({ locks: locks(), channel: null });
      const release = await tabs.acquire('l');
      const controller = new AbortController();
      const waiting = tabs.acquire('l', controller.signal);
      controller.abort();
      await expect(waiting).rejects.toBeInstanceOf(LockAbortedError);
      release();
      const again = await tabs.acquire('l'); // the queue was not jammed by the quitter
      again();
      tabs.dispose();
    });
  }

  it('keep a lingering lock for the next caller in the tab, then let another tab have it', async () => {
    const locks = new FakeLocks();
    let requests = 0;
    const counting = { request: ((...args: Parameters<FakeLocks['request']>) => (requests++, locks.request(...args))) as FakeLocks['request'], query: () => locks.query() };
    const here = new Tabs({ locks: counting, channel: null });
    const there = new Tabs({ locks, channel: null });
    (await here.acquire('s', undefined, { lingerMs: 50 }))();
    expect(here.holdsHere('s')).toBe(true); // parked, still held
    (await here.acquire('s', undefined, { lingerMs: 50 }))(); // handed over without asking the lock manager
    expect(requests).toBe(1);
    const started = Date.now();
    const theirs = await there.acquire('s'); // waits out the linger
    expect(Date.now() - started).toBeGreaterThanOrEqual(40);
    expect(here.holdsHere('s')).toBe(false);
    theirs();
    // A caller here already waiting gets the lock as soon as it is released, linger or not.
    const first = await here.acquire('s', undefined, { lingerMs: 10_000 });
    const queued = here.acquire('s', undefined, { lingerMs: 10_000 });
    const handedOver = Date.now();
    first();
    (await queued)();
    expect(Date.now() - handedOver).toBeLessThan(1_000);
    here.dispose(); // lets a parked lock go at once
    (await there.acquire('s'))();
    there.dispose();
  });

  it('fall back to in-tab ordering when Web Locks refuse (opaque origin)', async () => {
    const refusing = { request: () => Promise.reject(new DOMException('no', 'SecurityError')) };
    const tabs = new Tabs({ locks: refusing, channel: null });
    const release = await tabs.acquire('l');
    expect(tabs.crossTabLocks).toBe(false);
    let second = false;
    const waiting = tabs.acquire('l').then((r) => ((second = true), r));
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(second).toBe(false);
    release();
    (await waiting)();
    tabs.dispose();
  });
});

describe('change notices', () => {
  it('ignore malformed messages from other app versions', () => {
    expect(parseChannelMessage(null)).toBeUndefined();
    expect(parseChannelMessage({ v: 2, from: 'x', change: { kind: 'settings' } })).toBeUndefined();
    expect(parseChannelMessage({ v: 1, from: 'x', change: { kind: 'files', sessionId: 's' } })).toBeUndefined();
    expect(parseChannelMessage({ v: 1, from: 'x', change: { kind: 'session', sessionId: 's', action: 'explode' } })).toBeUndefined();
    expect(parseChannelMessage({ v: 1, from: 'x', change: { kind: 'files', sessionId: 's', revision: 3 } })).toEqual({ v: 1, from: 'x', change: { kind: 'files', sessionId: 's', revision: 3 } });
  });

  it('reach other tabs over BroadcastChannel, and local listeners at once', async () => {
    const name = uniqueName();
    const options = { name, locks: null, storage: null, autoMaintain: false } as const;
    const a = must(await openStore(options));
    const b = must(await openStore(options));
    const heardA: ChangeEvent[] = [];
    const heardB: ChangeEvent[] = [];
    a.onChange((e) => heardA.push(e));
    b.onChange((e) => heardB.push(e));
    const s = must(await a.sessions.create());
    must(await a.files.write(s.id, 'x', 'y'));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(heardA.map((e) => [e.origin, e.change.kind])).toEqual([['local', 'session'], ['local', 'files']]);
    expect(heardB).toEqual([
      { origin: 'remote', change: { kind: 'session', sessionId: s.id, action: 'created' } },
      { origin: 'remote', change: { kind: 'files', sessionId: s.id, revision: 1 } },
    ]);
    await a.close();
    await b.close();
  });

  it('a throwing listener does not stop the others', async () => {
    const store = await openTestStore();
    const heard: string[] = [];
    store.onChange(() => {
      throw new Error('listener bug');
    });
    store.onChange((e) => heard.push(e.change.kind));
    const original = console.error;
    console.error = () => {};
    must(await store.sessions.create());
    console.error = original;
    expect(heard).toEqual(['session']);
    await store.close();
  });
});
