import { openDB, type IDBPDatabase } from 'idb';
import { describe, expect, it, vi } from 'vitest';
import { hashAuditRecord } from './chain';
import { must, openTestStore, openTwoTabs, request, result, runOnce, uniqueName } from './fixtures/helpers';
import { GENESIS_HASH } from './hash';
import type { AuditRecord, SandcellSchema } from './schema';
import { openStore } from './store';
import { verifyAuditExport } from './export';

async function storeWithRuns(runs: number) {
  const name = uniqueName();
  const store = await openTestStore({ name });
  for (let i = 0; i < runs; i++) await runOnce(store, request({ code: `print(${i})` }));
  const raw = (await openDB<SandcellSchema>(name)) as IDBPDatabase<SandcellSchema>;
  return { store, raw };
}

async function all(raw: IDBPDatabase<SandcellSchema>): Promise<AuditRecord[]> {
  return raw.getAll('audit');
}

/** Rewrites records from `fromSeq` on with fresh hashes, as an attacker who can run code in the page would. */
async function rehashFrom(raw: IDBPDatabase<SandcellSchema>, fromSeq: number) {
  const records = await all(raw);
  let prev = records.find((r) => r.seq === fromSeq - 1)?.hash ?? GENESIS_HASH;
  for (const record of records.filter((r) => r.seq >= fromSeq)) {
    const { hash: _old, ...rest } = { ...record, prevHash: prev };
    const hash = await hashAuditRecord(rest);
    await raw.put('audit', { ...rest, hash });
    prev = hash;
  }
}

describe('the audit chain', () => {
  it('records requested → policy → started → finished per run, gapless, and verifies', async () => {
    const { store, raw } = await storeWithRuns(3);
    const records = await all(raw);
    expect(records.map((r) => r.seq)).toEqual([...Array(12).keys()].map((i) => i + 1));
    expect(records.slice(0, 4).map((r) => r.event)).toEqual(['requested', 'policy', 'started', 'finished']);
    expect(records[0]!.prevHash).toBe(GENESIS_HASH);
    for (let i = 1; i < records.length; i++) expect(records[i]!.prevHash).toBe(records[i - 1]!.hash);
    expect(records[3]!.data).toMatchObject({ status: 'completed', outputBytes: 2 });
    const head = must(await store.audit.head());
    expect(must(await store.audit.verify(head))).toEqual({ ok: true, count: 12, head: head.hash, seq: 12 });
    await store.close();
  });

  it('detects a flipped byte in a record', async () => {
    const { store, raw } = await storeWithRuns(2);
    const record = (await raw.get('audit', 6))!;
    await raw.put('audit', { ...record, data: { ...record.data, tier: 'agent' } });
    expect(must(await store.audit.verify())).toMatchObject({ ok: false, firstBadSeq: 6 });
    await store.close();
  });

  it('detects a flipped byte in a stored hash', async () => {
    const { store, raw } = await storeWithRuns(2);
    const record = (await raw.get('audit', 3))!;
    const flipped = (record.hash[0] === '0' ? '1' : '0') + record.hash.slice(1);
    await raw.put('audit', { ...record, hash: flipped });
    expect(must(await store.audit.verify())).toMatchObject({ ok: false, firstBadSeq: 3 });
    await store.close();
  });

  it('detects a deleted record in the middle, at the start and at the end (against the head)', async () => {
    for (const [seq, expected] of [[5, 5], [1, 1]] as const) {
      const { store, raw } = await storeWithRuns(2);
      await raw.delete('audit', seq);
      expect(must(await store.audit.verify())).toMatchObject({ ok: false, firstBadSeq: expected });
      await store.close();
    }
    const { store, raw } = await storeWithRuns(2);
    const head = must(await store.audit.head());
    await raw.delete('audit', 8);
    await raw.delete('audit', 7);
    // Without the head the shorter chain is self-consistent; with it, the cut shows.
    expect(must(await store.audit.verify())).toMatchObject({ ok: true, count: 6 });
    expect(must(await store.audit.verify(head))).toMatchObject({ ok: false, firstBadSeq: 7 });
    await store.close();
  });

  it('detects reordered records', async () => {
    const { store, raw } = await storeWithRuns(2);
    const a = (await raw.get('audit', 3))!;
    const b = (await raw.get('audit', 4))!;
    await raw.put('audit', { ...b, seq: 3 });
    await raw.put('audit', { ...a, seq: 4 });
    expect(must(await store.audit.verify())).toMatchObject({ ok: false, firstBadSeq: 3 });
    await store.close();
  });

  it('detects an inserted record, and a rewritten tail against the exported head', async () => {
    const { store, raw } = await storeWithRuns(2);
    const head = must(await store.audit.head());
    const records = await all(raw);
    // Insert a forged record after 4, shifting the rest up by one.
    for (const record of records.filter((r) => r.seq > 4).reverse()) await raw.put('audit', { ...record, seq: record.seq + 1 });
    const forged = { ...records[3]!, seq: 5, event: 'finished' as const, data: { status: 'completed', forged: true }, prevHash: records[3]!.hash };
    const { hash: _h, ...unhashed } = forged;
    await raw.put('audit', { ...unhashed, hash: await hashAuditRecord(unhashed) });
    expect(must(await store.audit.verify())).toMatchObject({ ok: false, firstBadSeq: 6 });

    // Rehashing everything after it makes the chain self-consistent: only the exported head catches it.
    await rehashFrom(raw, 6);
    expect(must(await store.audit.verify())).toMatchObject({ ok: true });
    expect(must(await store.audit.verify(head))).toMatchObject({ ok: false, firstBadSeq: head.seq });
    await store.close();
  });

  it('detects a malformed record', async () => {
    const { store, raw } = await storeWithRuns(1);
    const record = (await raw.get('audit', 2))!;
    await raw.put('audit', { ...record, hash: 'not-a-hash' });
    expect(must(await store.audit.verify())).toMatchObject({ ok: false, firstBadSeq: 2 });
    await store.close();
  });

  it('appends in one relaxed-durability transaction per step, each record hashed over what it stores', async () => {
    const name = uniqueName();
    const store = await openTestStore({ name });
    const raw = await openDB<SandcellSchema>(name);
    const spy = vi.spyOn(IDBDatabase.prototype, 'transaction');
    await runOnce(store);
    const auditWrites = spy.mock.calls.filter(([stores, mode]) => mode === 'readwrite' && [stores].flat().includes('audit'));
    expect(auditWrites).toHaveLength(3); // begin, started, finish
    for (const call of auditWrites) expect(call[2]).toEqual({ durability: 'relaxed' }); // see README.md, Durability
    spy.mockRestore();
    // The hash is exactly SHA-256(prevHash + canonical JSON of the rest).
    for (const record of await raw.getAll('audit')) {
      const { hash, ...rest } = record;
      expect(await hashAuditRecord(rest)).toBe(hash);
    }
    await store.close();
  });
});

describe('a deferred start', () => {
  it('goes into the finish transaction when the run ends first, and is written alone when it does not', async () => {
    const name = uniqueName();
    const store = await openTestStore({ name });
    const raw = await openDB<SandcellSchema>(name);
    const spy = vi.spyOn(IDBDatabase.prototype, 'transaction');
    const quick = must(await store.beginExecution({ request: request() }));
    const started = store.markStarted(quick.executionId, { deferMs: 10_000 });
    must(await store.finishExecution(quick.executionId, result(quick.executionId)));
    must(await started);
    const auditWrites = () => spy.mock.calls.filter(([stores, mode]) => mode === 'readwrite' && [stores].flat().includes('audit')).length;
    expect(auditWrites()).toBe(2); // begin, finish (with started)
    const slow = must(await store.beginExecution({ request: request() }));
    const slowStart = store.markStarted(slow.executionId, { deferMs: 1 });
    must(await slowStart);
    expect((await raw.get('executions', slow.executionId))?.state).toBe('started');
    must(await store.finishExecution(slow.executionId, result(slow.executionId)));
    expect(auditWrites()).toBe(5); // + begin, started, finish
    spy.mockRestore();
    const events = (await raw.getAll('audit')).map((r) => r.event);
    expect(events).toEqual(['requested', 'policy', 'started', 'finished', 'requested', 'policy', 'started', 'finished']);
    expect((await raw.get('executions', quick.executionId))?.startedAt).toBeTypeOf('number');
    expect(must(await store.audit.verify())).toMatchObject({ ok: true, count: 8 });
    await store.close();
  });
});

describe('pruning', () => {
  it('leaves a checkpoint so the rest still verifies, across several prunes', async () => {
    const { store, raw } = await storeWithRuns(30); // 120 records
    const before = must(await store.audit.head());
    const first = must(await store.audit.prune(100));
    expect(first.prunedCount).toBe(21);
    expect(first.checkpoint).toMatchObject({ seq: 121, event: 'checkpoint', data: { prunedFromSeq: 1, prunedThroughSeq: 21, prunedCount: 21 } });
    expect(await raw.count('audit')).toBe(100);
    expect(must(await store.audit.verify(before))).toMatchObject({ ok: true, count: 100, seq: 121 });

    for (let i = 0; i < 10; i++) await runOnce(store);
    const second = must(await store.audit.prune(100));
    expect(second.checkpoint!.data).toMatchObject({ prunedFromSeq: 22, prunedThroughSeq: 62 });
    const head = must(await store.audit.head());
    expect(must(await store.audit.verify(head))).toMatchObject({ ok: true, count: 100 });
    // An anchor older than what is kept cannot be checked, and says so.
    expect(must(await store.audit.verify({ seq: 5, hash: 'f'.repeat(64) }))).toMatchObject({ ok: true, anchorPruned: true });
    await store.close();
  });

  it('still catches deletions at the start, and a removed checkpoint', async () => {
    const { store, raw } = await storeWithRuns(30);
    const { checkpoint } = must(await store.audit.prune(100));
    await raw.delete('audit', 22); // the oldest kept record
    expect(must(await store.audit.verify())).toMatchObject({ ok: false, firstBadSeq: 22 });
    await raw.put('audit', (await all(raw))[0]!); // no-op write to keep the connection busy
    await raw.delete('audit', checkpoint!.seq);
    expect(must(await store.audit.verify())).toMatchObject({ ok: false, firstBadSeq: 1 });
    await store.close();
  });

  it('refuses to prune a chain that does not verify', async () => {
    const { store, raw } = await storeWithRuns(30);
    const record = (await raw.get('audit', 50))!;
    await raw.put('audit', { ...record, ts: '2000-01-01T00:00:00.000Z' });
    const pruned = await store.audit.prune(100);
    expect(pruned.ok).toBe(false);
    if (!pruned.ok) expect(pruned.error.message).toMatch(/does not verify \(first bad record 50/);
    await store.close();
  });

  it('runs from maintain() past the retention setting, with some slack', async () => {
    const { store, raw } = await storeWithRuns(28); // 112 records
    must(await store.settings.setRetention({ auditRecords: 100 }));
    expect(must(await store.maintain()).audit.prunedCount).toBe(13);
    expect(await raw.count('audit')).toBe(100);
    expect(must(await store.maintain()).audit.prunedCount).toBe(0);
    expect(must(await store.audit.verify())).toMatchObject({ ok: true });
    await store.close();
  });
});

describe('two tabs', () => {
  it('keep seq gapless and the chain whole when appending at once (Web Locks)', async () => {
    const { name, tabs: [a, b] } = await openTwoTabs();
    await Promise.all([...Array(10)].flatMap(() => [runOnce(a), runOnce(b)]));
    const raw = await openDB<SandcellSchema>(name);
    expect((await raw.getAllKeys('audit'))).toEqual([...Array(80).keys()].map((i) => i + 1));
    expect(must(await a.audit.verify())).toMatchObject({ ok: true, count: 80 });
    await a.close();
    await b.close();
  });

  it('keep seq gapless without Web Locks too (the head is read inside the write transaction)', async () => {
    const { tabs: [a, b] } = await openTwoTabs(null);
    await Promise.all([...Array(10)].flatMap(() => [runOnce(a), runOnce(b)]));
    expect(must(await b.audit.verify())).toMatchObject({ ok: true, count: 80, seq: 80 });
    await a.close();
    await b.close();
  });
});

describe('exports', () => {
  it('write one JSONL file per day plus the head, and verify offline; tampering shows', async () => {
    let now = Date.UTC(2025, 0, 1, 23, 59, 59);
    const name = uniqueName();
    const store = await openTestStore({ name, now: () => now });
    await runOnce(store);
    now += 2_000; // the next day
    await runOnce(store);
    const files = must(await store.audit.exportFiles());
    expect(files.map((f) => f.name)).toEqual(['audit-2025-01-01.jsonl', 'audit-2025-01-02.jsonl', 'audit-head.json']);
    const manifest = JSON.parse(files[2]!.text);
    expect(manifest).toMatchObject({ format: 'sandcell-audit', head: { seq: 8 }, count: 8, verified: { ok: true } });
    const texts = files.slice(0, 2).map((f) => f.text);
    expect(texts[0]!.trim().split('\n')).toHaveLength(4);
    expect(await verifyAuditExport(texts, manifest.head)).toMatchObject({ ok: true, count: 8 });
    // A day file dropped: the tail is cut.
    expect(await verifyAuditExport(texts.slice(0, 1), manifest.head)).toMatchObject({ ok: false, firstBadSeq: 5 });
    // A line edited.
    const edited = texts[1]!.replace('"completed"', '"error"');
    expect(await verifyAuditExport([texts[0]!, edited], manifest.head)).toMatchObject({ ok: false, firstBadSeq: 8 });
    // The second day alone verifies as a partial export.
    expect(await verifyAuditExport(texts.slice(1), manifest.head, true)).toMatchObject({ ok: true, count: 4 });
    expect(must(await store.audit.exportZip()).byteLength).toBeGreaterThan(100);
    await store.close();
  });
});
