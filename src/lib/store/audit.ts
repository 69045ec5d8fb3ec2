import { ChainVerifier, checkpointData, hashAuditRecordSync, type ChainAnchor, type VerifyResult } from './chain';
import { quiet, writeTx, type StoreContext, type WriteTx } from './context';
import { InvalidArgumentError, StoreWriteError } from './errors';
import { GENESIS_HASH } from './hash';
import { isJsonObject, toJson, type JsonObject } from './json';
import type { AuditEvent, AuditRecord, StoreName } from './schema';

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

/** Links a draft onto `head`. */
function link(head: ChainHead, draft: AuditDraft, ts: string): AuditRecord {
  // Through JSON once, so what is hashed is exactly what canonicalJson gives after any round trip (NaN → null).
  const data = toJson(draft.data);
  const unhashed = { ...draft, data: isJsonObject(data) ? data : {}, seq: head.seq + 1, ts, prevHash: head.hash };
  return { ...unhashed, hash: hashAuditRecordSync(unhashed) };
}

export interface AppendOptions {
  /** False when the caller's own notice carries the new head (an execution step's `auditSeq`): one notice per step, not two. */
  announce?: boolean;
}

/** Appends drafts to the audit chain from inside the transaction `appendAudit` opened; returns their records. */
export type AuditLog = (drafts: readonly AuditDraft[]) => Promise<AuditRecord[]>;

/**
 * Runs `body` in one write transaction over `stores` and the audit log, so the audit records it
 * appends (through `log`) and whatever they describe land together or not at all. The chain's head
 * is read, and the records linked and hashed (synchronously), inside that same transaction:
 * IndexedDB runs write transactions over one store one at a time, across tabs too, so `seq` stays
 * gapless and unique without a lock. Durability is `relaxed`; see README.md ("Durability").
 */
export async function appendAudit<S extends StoreName, T>(
  ctx: StoreContext,
  stores: readonly S[],
  body: (tx: WriteTx<S | 'audit'>, log: AuditLog) => Promise<T>,
  options: AppendOptions = {},
): Promise<{ records: AuditRecord[]; value: T }> {
  const ts = new Date(ctx.now()).toISOString();
  const records: AuditRecord[] = [];
  const value = await writeTx(
    ctx.db,
    ['audit', ...stores],
    (tx) => {
      const audit = tx.objectStore('audit');
      // Asked at once, so it travels with the body's first reads.
      const newest = audit.openCursor(null, 'prev');
      const read = newest.then((cursor) => (cursor ? { seq: cursor.value.seq, hash: cursor.value.hash } : { seq: 0, hash: GENESIS_HASH }));
      quiet(read); // a failed read also fails the transaction, which is what reports it
      let head: Promise<ChainHead> | ChainHead = read;
      const log: AuditLog = async (drafts) => {
        let prev = await head;
        const linked: AuditRecord[] = [];
        for (const draft of drafts) {
          const record = link(prev, draft, ts);
          linked.push(record);
          quiet(audit.add(record));
          prev = record;
        }
        head = prev;
        records.push(...linked);
        return linked;
      };
      return body(tx, log);
    },
    'relaxed',
  );
  const last = records.at(-1);
  if (last && options.announce !== false) ctx.tabs.publish({ kind: 'audit', seq: last.seq });
  return { records, value };
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
  const { records } = await appendAudit(ctx, [], async (tx, log) => {
    // Another tab pruned meanwhile: its checkpoint already covers these.
    const first = await tx.objectStore('audit').openCursor();
    if (first?.value.seq !== from) throw new StoreWriteError('the audit trail was pruned by another tab meanwhile');
    quiet(tx.objectStore('audit').delete(IDBKeyRange.bound(from, through)));
    await log([{ executionId: null, sessionId: null, event: 'checkpoint', data, codeSha256: null }]);
  });
  return { prunedCount: keys.length, checkpoint: records[0] };
}

export { checkpointData };
