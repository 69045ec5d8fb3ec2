import { GENESIS_HASH, sha256Hex, sha256HexSync } from './hash';
import { canonicalJson, isJsonObject } from './json';
import type { AuditEvent, AuditRecord } from './schema';

const EVENTS: readonly AuditEvent[] = ['requested', 'policy', 'started', 'finished', 'blocked', 'checkpoint'];
const HEX64 = /^[0-9a-f]{64}$/;

/** A point of the chain to check against: the head an export or the UI showed. */
export interface ChainAnchor {
  seq: number;
  hash: string;
}

export interface VerifyResult {
  /** True when every record follows from the one before and the anchor (if any) matches. */
  ok: boolean;
  /** Records checked. */
  count: number;
  /** Hash of the last record checked (the genesis hash for an empty log). */
  head: string;
  /** Seq of the last record checked (0 for an empty log). */
  seq: number;
  /**
   * The lowest seq at which the stored chain is known to differ from the true one: a changed
   * record, the first missing one, or for a cut tail the first seq after what is left.
   */
  firstBadSeq?: number;
  /** What went wrong, for people. */
  reason?: string;
  /** The anchor was older than the oldest record kept (pruned); it could not be checked. */
  anchorPruned?: boolean;
}

/** What a record's hash covers: `prevHash` followed by the canonical JSON of every field but `hash`. */
function hashedText(record: Omit<AuditRecord, 'hash'>): string {
  const { seq, ts, executionId, sessionId, event, data, codeSha256, prevHash } = record;
  return prevHash + canonicalJson({ seq, ts, executionId, sessionId, event, data, codeSha256, prevHash });
}

/** The hash of a record: SHA-256 of `prevHash` followed by the canonical JSON of every field but `hash`. */
export function hashAuditRecord(record: Omit<AuditRecord, 'hash'>): Promise<string> {
  return sha256Hex(hashedText(record));
}

/** The same hash, synchronously: for linking records inside the write transaction that stores them. */
export function hashAuditRecordSync(record: Omit<AuditRecord, 'hash'>): string {
  return sha256HexSync(hashedText(record));
}

export function isAuditRecord(value: unknown): value is AuditRecord {
  if (typeof value !== 'object' || value === null) return false;
  const r = value as Record<string, unknown>;
  return (
    Number.isSafeInteger(r.seq) && (r.seq as number) > 0 &&
    typeof r.ts === 'string' &&
    (r.executionId === null || typeof r.executionId === 'string') &&
    (r.sessionId === null || typeof r.sessionId === 'string') &&
    EVENTS.includes(r.event as AuditEvent) &&
    isJsonObject(r.data) &&
    (r.codeSha256 === null || (typeof r.codeSha256 === 'string' && HEX64.test(r.codeSha256))) &&
    typeof r.prevHash === 'string' && HEX64.test(r.prevHash) &&
    typeof r.hash === 'string' && HEX64.test(r.hash)
  );
}

/** What a checkpoint record's `data` says about the records it replaced. */
export interface CheckpointData {
  prunedFromSeq: number;
  prunedThroughSeq: number;
  prunedCount: number;
  /** Hash of the last pruned record: the `prevHash` of the first one kept. */
  prunedHead: string;
}

export function checkpointData(record: AuditRecord): CheckpointData | undefined {
  if (record.event !== 'checkpoint') return undefined;
  const { prunedFromSeq, prunedThroughSeq, prunedCount, prunedHead } = record.data;
  if (typeof prunedFromSeq !== 'number' || typeof prunedThroughSeq !== 'number' || typeof prunedCount !== 'number') return undefined;
  if (typeof prunedHead !== 'string' || !HEX64.test(prunedHead)) return undefined;
  return { prunedFromSeq, prunedThroughSeq, prunedCount, prunedHead };
}

export interface VerifierOptions {
  /**
   * The newest checkpoint record, found before the walk (an index lookup, or a scan of an
   * export): it vouches for where the kept records start. It must then appear in the chain.
   */
  checkpoint?: AuditRecord;
  anchor?: ChainAnchor;
  /** Accept the first record's `prevHash` as given (an export of some days only). */
  partial?: boolean;
}

/** Walks records in seq order and reports the first break. Feed with `push`, then call `finish`. */
export class ChainVerifier {
  readonly #options: VerifierOptions;
  #count = 0;
  #first: AuditRecord | undefined;
  #last: AuditRecord | undefined;
  #bad: { seq: number; reason: string } | undefined;
  #checkpointSeen = false;
  #anchorHash: string | undefined;

  constructor(options: VerifierOptions = {}) {
    this.#options = options;
  }

  /** False once a break is found; the caller may stop feeding. */
  get intact(): boolean {
    return this.#bad === undefined;
  }

  async push(value: unknown): Promise<boolean> {
    if (this.#bad) return false;
    const expectedSeq = this.#last ? this.#last.seq + 1 : undefined;
    if (!isAuditRecord(value)) {
      const seq = typeof value === 'object' && value !== null && Number.isSafeInteger((value as { seq?: unknown }).seq) ? (value as { seq: number }).seq : undefined;
      return this.#fail(Math.min(seq ?? Infinity, expectedSeq ?? Infinity, this.#last ? Infinity : 1), 'a record is malformed');
    }
    const record = value;
    if (!this.#last) {
      const start = this.#checkStart(record);
      if (start) return this.#fail(start.seq, start.reason);
      this.#first = record;
    } else {
      if (record.seq !== expectedSeq) {
        return record.seq > expectedSeq!
          ? this.#fail(expectedSeq!, `record ${expectedSeq} is missing`)
          : this.#fail(record.seq, `record ${record.seq} is out of order`);
      }
      if (record.prevHash !== this.#last.hash) return this.#fail(record.seq, `record ${record.seq} does not link to record ${this.#last.seq}`);
    }
    if ((await hashAuditRecord(record)) !== record.hash) return this.#fail(record.seq, `record ${record.seq} was altered`);
    const cp = this.#options.checkpoint;
    if (cp && record.seq === cp.seq && record.hash === cp.hash) this.#checkpointSeen = true;
    if (this.#options.anchor?.seq === record.seq) this.#anchorHash = record.hash;
    this.#count++;
    this.#last = record;
    return true;
  }

  finish(): VerifyResult {
    const head = this.#last?.hash ?? GENESIS_HASH;
    const seq = this.#last?.seq ?? 0;
    const base = { count: this.#count, head, seq };
    if (this.#bad) return { ...base, ok: false, firstBadSeq: this.#bad.seq, reason: this.#bad.reason };
    const cp = this.#options.checkpoint;
    if (cp && this.#first && this.#first.seq > 1 && !this.#checkpointSeen) {
      return { ...base, ok: false, firstBadSeq: cp.seq, reason: `the checkpoint ${cp.seq} that vouches for the start is not in the chain` };
    }
    const anchor = this.#options.anchor;
    if (anchor) {
      if (anchor.seq > seq) return { ...base, ok: false, firstBadSeq: seq + 1, reason: `records after ${seq} are missing (the exported head is record ${anchor.seq})` };
      if (this.#first && anchor.seq < this.#first.seq) {
        const pruned = cp ? checkpointData(cp) : undefined;
        if (pruned && anchor.seq === pruned.prunedThroughSeq && anchor.hash !== pruned.prunedHead) {
          return { ...base, ok: false, firstBadSeq: anchor.seq, reason: `record ${anchor.seq} differs from the exported head` };
        }
        return { ...base, ok: true, anchorPruned: true };
      }
      if (anchor.seq > 0 && this.#anchorHash !== anchor.hash) {
        return { ...base, ok: false, firstBadSeq: anchor.seq, reason: `record ${anchor.seq} differs from the exported head` };
      }
    }
    return { ...base, ok: true };
  }

  #checkStart(record: AuditRecord): { seq: number; reason: string } | undefined {
    if (record.seq === 1) return record.prevHash === GENESIS_HASH ? undefined : { seq: 1, reason: 'record 1 does not start from the genesis hash' };
    if (this.#options.partial) return undefined;
    const cp = this.#options.checkpoint ? checkpointData(this.#options.checkpoint) : undefined;
    if (!cp) return { seq: 1, reason: `records 1–${record.seq - 1} are missing and no checkpoint accounts for them` };
    if (cp.prunedThroughSeq !== record.seq - 1) {
      return { seq: cp.prunedThroughSeq + 1, reason: `record ${cp.prunedThroughSeq + 1} is missing (the last checkpoint pruned up to ${cp.prunedThroughSeq})` };
    }
    if (cp.prunedHead !== record.prevHash) return { seq: record.seq, reason: `record ${record.seq} does not link to the pruned head the checkpoint carries` };
    return undefined;
  }

  #fail(seq: number, reason: string): false {
    this.#bad = { seq, reason };
    return false;
  }
}

/** Verifies records already in memory (an export), finding the newest checkpoint first. */
export async function verifyRecords(records: readonly unknown[], options: Omit<VerifierOptions, 'checkpoint'> = {}): Promise<VerifyResult> {
  let checkpoint: AuditRecord | undefined;
  for (const record of records) if (isAuditRecord(record) && record.event === 'checkpoint') checkpoint = record;
  const verifier = new ChainVerifier({ ...options, checkpoint });
  for (const record of records) if (!(await verifier.push(record))) break;
  return verifier.finish();
}
