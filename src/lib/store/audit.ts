import { ChainVerifier, checkpointData, hashAuditRecord, type ChainAnchor, type VerifyResult } from './chain';
import { quiet, writeTx, type StoreContext, type WriteTx } from './context';
import { InvalidArgumentError, StoreWriteError } from './errors';
import { GENESIS_HASH } from './hash';
import { isJsonObject, toJson, type JsonObject } from './json';
import type { AuditEvent, AuditRecord, StoreName } from './schema';
import { LOCKS } from './tabs';

/** An audit record before it has a place in the chain. */
export interface AuditDraft {
  executionId: string | null;
  sessionId: string | null;
  event: AuditEvent;
  data: JsonObject;
  codeSha256: string | null;
}

export interface ChainHead {
  seq: number;
  hash: string;
}

const PAGE = 500;
const MIN_RETAINED = 100;

async function readHead(ctx: StoreContext): Promise<ChainHead> {
  const cursor = await ctx.db.transaction('audit').store.openCursor(null, 'prev');
  return cursor ? { seq: cursor.value.seq, hash: cursor.value.hash } : { seq: 0, hash: GENESIS_HASH };
}

/** Links drafts onto `head`. Async (hashing), so it runs before the write transaction opens. */
async function link(head: ChainHead, drafts: readonly AuditDraft[], ts: string): Promise<AuditRecord[]> {
  const records: AuditRecord[] = [];
  let prev = head;
  for (const draft of drafts) {
    // Through JSON once, so what is hashed is exactly what canonicalJson gives after any round trip (NaN → null).
    const data = toJson(draft.data);
    const unhashed = { ...draft, data: isJsonObject(data) ? data : {}, seq: prev.seq + 1, ts, prevHash: prev.hash };
    const record: AuditRecord = { ...unhashed, hash: await hashAuditRecord(unhashed) };
    records.push(record);
    prev = record;
  }
  return records;
}

/**
 * Appends drafts to the chain and runs `body` in the same strict-durability transaction, so the
 * audit records and whatever they describe land together or not at all. Holds the audit lock
 * across tabs while it reads the head, hashes and writes; inside the transaction it re-reads the
 * head and starts over if another writer (a browser without Web Locks) got in first, so `seq`
 * stays gapless and unique.
 */
export async function appendAudit<S extends StoreName, T>(
  ctx: StoreContext,
  drafts: readonly AuditDraft[],
  stores: readonly S[],
  body: (tx: WriteTx<S | 'audit'>) => Promise<T>,
): Promise<{ records: AuditRecord[]; value: T }> {
  const outcome = await ctx.tabs.withLock(LOCKS.audit(ctx.dbName), async () => {
    for (let attempt = 0; attempt < 20; attempt++) {
      // Lost a race to another tab (no Web Locks): back off a random while so one of us gets through.
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(50, 2 ** attempt)));
      const head = await readHead(ctx);
      const records = await link(head, drafts, new Date(ctx.now()).toISOString());
      const stale = Symbol('stale');
      const result = await writeTx(
        ctx.db,
        ['audit', ...stores],
        async (tx): Promise<T | typeof stale> => {
          const audit = tx.objectStore('audit');
          const current = await audit.openCursor(null, 'prev');
          if ((current?.value.hash ?? GENESIS_HASH) !== head.hash) return stale;
          for (const record of records) quiet(audit.add(record));
          return body(tx);
        },
        'strict',
      );
      if (result !== stale) return { records, value: result as T };
    }
    throw new StoreWriteError('the audit log kept changing under this tab; try again');
  });
  const last = outcome.records.at(-1);
  if (last) ctx.tabs.publish({ kind: 'audit', seq: last.seq });
  return outcome;
}

/** The newest record's seq and hash: what the UI shows and every export carries. */
export function auditHead(ctx: StoreContext): Promise<ChainHead> {
  return readHead(ctx);
}

/**
 * Checks the whole chain: every hash, every link, no gaps, a start vouched for by genesis or by
 * the newest checkpoint, and (given an anchor from an export or the UI) no cut-off tail.
 */
export async function verifyAudit(ctx: StoreContext, anchor?: ChainAnchor): Promise<VerifyResult> {
  const checkpointCursor = await ctx.db.transaction('audit').store.index('by-event').openCursor(IDBKeyRange.only('checkpoint'), 'prev');
  // The index orders equal keys by primary key, so `prev` gives the newest checkpoint.
  const verifier = new ChainVerifier({ checkpoint: checkpointCursor?.value, anchor });
  let after = 0;
  for (;;) {
    // A page per transaction: hashing between pages would commit a longer one anyway.
    const page = await ctx.db.getAll('audit', IDBKeyRange.lowerBound(after, true), PAGE);
    for (const record of page) if (!(await verifier.push(record))) return verifier.finish();
    if (page.length < PAGE) return verifier.finish();
    after = page[page.length - 1]!.seq;
  }
}

/** An execution's audit records, in order. */
export function auditFor(ctx: StoreContext, executionId: string): Promise<AuditRecord[]> {
  return ctx.db.getAllFromIndex('audit', 'by-execution', executionId);
}

/** Records with `from <= seq <= to`, in order. */
export function auditRange(ctx: StoreContext, from = 1, to = Number.MAX_SAFE_INTEGER): Promise<AuditRecord[]> {
  return ctx.db.getAll('audit', IDBKeyRange.bound(from, to));
}

export interface AuditPruneResult {
  prunedCount: number;
  /** The checkpoint left in their place, when anything was pruned. */
  checkpoint?: AuditRecord;
}

/**
 * Keeps the newest `keep` records (the checkpoint included): deletes the oldest and appends a
 * checkpoint carrying the last deleted record's hash, in one transaction, so what is left still
 * verifies. Refuses to prune a chain that does not verify, which would launder the tampering.
 */
export async function pruneAudit(ctx: StoreContext, keep: number): Promise<AuditPruneResult> {
  if (!Number.isSafeInteger(keep) || keep < MIN_RETAINED) throw new InvalidArgumentError(`audit retention must be a whole number of at least ${MIN_RETAINED} records`);
  const count = await ctx.db.count('audit');
  if (count <= keep) return { prunedCount: 0 };
  const check = await verifyAudit(ctx);
  if (!check.ok) throw new StoreWriteError(`the audit trail does not verify (first bad record ${check.firstBadSeq}: ${check.reason}); it was not pruned`);

  const remove = count - keep + 1;
  const keys = await ctx.db.getAllKeys('audit', null, remove);
  const from = keys[0]!;
  const through = keys[keys.length - 1]!;
  const last = await ctx.db.get('audit', through);
  if (!last) throw new StoreWriteError('the audit trail changed while pruning; try again');
  const data = { prunedFromSeq: from, prunedThroughSeq: through, prunedCount: keys.length, prunedHead: last.hash, reason: 'retention' };
  const { records } = await appendAudit(
    ctx,
    [{ executionId: null, sessionId: null, event: 'checkpoint', data, codeSha256: null }],
    [],
    async (tx) => {
      // Another tab pruned meanwhile: its checkpoint already covers these.
      const first = await tx.objectStore('audit').openCursor();
      if (first?.value.seq !== from) throw new StoreWriteError('the audit trail was pruned by another tab meanwhile');
      quiet(tx.objectStore('audit').delete(IDBKeyRange.bound(from, through)));
    },
  );
  return { prunedCount: keys.length, checkpoint: records[0] };
}

export { checkpointData };
