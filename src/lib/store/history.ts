import { auditFor } from './audit';
import type { StoreContext } from './context';
import { ExecutionNotFoundError, InvalidArgumentError } from './errors';
import type { JsonValue } from './json';
import type { AuditRecord, ExecutionRecord, StoredRequest, StoredResult } from './schema';
import { LOCKS } from './tabs';

/** Where an execution is, as shown: `interrupted` is requested or started with no tab still holding it. */
export type ExecutionPhase = 'requested' | 'started' | 'finished' | 'interrupted';

export type ExecutionSummary = ExecutionRecord & { phase: ExecutionPhase };

export interface ExecutionPage {
  items: ExecutionSummary[];
  /** Pass back as `cursor` for the next (older) page; absent on the last page. */
  nextCursor?: string;
}

export interface ExecutionDetail {
  summary: ExecutionSummary;
  request: StoredRequest;
  analysis?: JsonValue;
  result?: StoredResult;
  audit: AuditRecord[];
}

export interface ListQuery {
  sessionId?: string;
  /** 1–500; default 50. */
  limit?: number;
  cursor?: string;
}

/** Without Web Locks another tab's run cannot be seen; past this age an unfinished one is taken as interrupted. */
const STALE_MS = 10 * 60_000;

/** Whether this tab is running an execution (ExecutionLog.isLiveHere). */
export type LiveHere = (executionId: string) => boolean;

/** Adds the shown phase: an unfinished run nobody holds any more was interrupted (its tab closed or crashed). */
export async function withPhase(ctx: StoreContext, records: readonly ExecutionRecord[], liveHere: LiveHere): Promise<ExecutionSummary[]> {
  const unfinished = records.some((r) => r.state !== 'finished');
  const held = unfinished ? await ctx.tabs.heldLocks() : undefined;
  const now = ctx.now();
  return records.map((record) => {
    if (record.state === 'finished') return { ...record, phase: 'finished' };
    let live: boolean;
    if (liveHere(record.id)) live = true;
    else if (record.tabId === ctx.tabs.tabId) live = false; // this tab knows its own runs
    else if (held) live = held.has(LOCKS.tab(ctx.dbName, record.tabId));
    else live = now - record.requestedAt < STALE_MS;
    return { ...record, phase: live ? record.state : 'interrupted' };
  });
}

function parseCursor(cursor: string): [number, string] {
  try {
    const value: unknown = JSON.parse(cursor);
    if (Array.isArray(value) && value.length === 2 && typeof value[0] === 'number' && typeof value[1] === 'string') return [value[0], value[1]];
  } catch {
    // fall through
  }
  throw new InvalidArgumentError('the page cursor is not one this store gave out');
}

/** Executions newest first, all or one session's, a page at a time. */
export async function listExecutions(ctx: StoreContext, query: ListQuery, liveHere: LiveHere): Promise<ExecutionPage> {
  const limit = Math.min(Math.max(1, Math.floor(query.limit ?? 50)), 500);
  const after = query.cursor === undefined ? undefined : parseCursor(query.cursor);
  const items: ExecutionRecord[] = [];
  const index = ctx.db.transaction('executions').store.index(query.sessionId === undefined ? 'by-requested' : 'by-session');
  let range: IDBKeyRange | null;
  if (query.sessionId === undefined) range = after ? IDBKeyRange.upperBound(after, true) : null;
  // [id] sorts before every [id, time, exec]; [id, []] after them.
  else range = IDBKeyRange.bound([query.sessionId], after ? [query.sessionId, ...after] : [query.sessionId, []], false, after !== undefined);
  for (let cursor = await index.openCursor(range, 'prev'); cursor && items.length < limit; cursor = await cursor.continue()) items.push(cursor.value);
  const page: ExecutionPage = { items: await withPhase(ctx, items, liveHere) };
  const last = items.at(-1);
  if (items.length === limit && last) page.nextCursor = JSON.stringify([last.requestedAt, last.id]);
  return page;
}

/** One execution with its request, analysis, result and audit records. */
export async function getExecution(ctx: StoreContext, executionId: string, liveHere: LiveHere): Promise<ExecutionDetail> {
  const tx = ctx.db.transaction(['executions', 'executionData']);
  const record = await tx.objectStore('executions').get(executionId);
  const data = await tx.objectStore('executionData').get(executionId);
  if (!record || !data) throw new ExecutionNotFoundError(executionId);
  const [summary] = await withPhase(ctx, [record], liveHere);
  const detail: ExecutionDetail = { summary: summary!, request: data.request, audit: await auditFor(ctx, executionId) };
  if (data.analysis !== undefined) detail.analysis = data.analysis;
  if (data.result !== undefined) detail.result = data.result;
  return detail;
}

/** Every execution requested at or after `since`, with phases (for stats). */
export async function allExecutions(ctx: StoreContext, since: number | undefined, liveHere: LiveHere): Promise<ExecutionSummary[]> {
  const range = since === undefined ? null : IDBKeyRange.lowerBound([since]);
  return withPhase(ctx, await ctx.db.getAllFromIndex('executions', 'by-requested', range), liveHere);
}

/** Deletes the oldest executions beyond `keep` (summaries and data; the audit trail has its own retention). */
export async function pruneExecutions(ctx: StoreContext, keep: number, liveHere: LiveHere): Promise<number> {
  if (!Number.isSafeInteger(keep) || keep < 0) throw new InvalidArgumentError('execution retention must be a whole number');
  const count = await ctx.db.count('executions');
  if (count <= keep) return 0;
  const tx = ctx.db.transaction(['executions', 'executionData'], 'readwrite');
  let removed = 0;
  for (let cursor = await tx.objectStore('executions').index('by-requested').openCursor(); cursor && removed < count - keep; cursor = await cursor.continue()) {
    if (liveHere(cursor.value.id)) continue;
    tx.objectStore('executionData').delete(cursor.value.id).catch(() => {});
    await cursor.delete();
    removed++;
  }
  await tx.done;
  return removed;
}
