import type { FileMap } from '../engines/protocol';
import { isPolicyTier, type PolicyTier } from '../policy/tiers';
import { DEFAULT_ENGINE, ENGINES, isEngineId } from '../sandbox/engine-catalog';
import { newExecutionId } from '../sandbox/ids';
import type { ExecutionResult } from '../sandbox/types';
import type { ExecuteRequest } from './schema';
import { appendAudit, type AuditDraft } from './audit';
import { cacheKey, isCacheable, putCached, touchCached } from './cache';
import { quiet, sessionRange, type StoreContext } from './context';
import { ExecutionNotFoundError, InvalidArgumentError, isQuotaError, StorageFullError, StoreClosedError } from './errors';
import { sha256Hex } from './hash';
import { errorText, finishedData, preview, riskOf, storedRequest, storedResult, trimmed, type PolicyVerdict } from './execution-records';
import { toJson, type JsonObject } from './json';
import { checkHeadroom } from './quota';
import type { ExecutionDataRecord, ExecutionRecord, SessionRecord } from './schema';
import { effectivePolicy, newSessionRecord, validateSessionId } from './sessions';
import { LOCKS, type Release } from './tabs';
import { checkWrites, commitPlan, planChanges, type WorkspacePlan } from './workspace';

export interface BeginExecution {
  request: ExecuteRequest;
  /** Omitted when nothing analysed the code: recorded as allowed. */
  verdict?: PolicyVerdict;
  /** Use this id (`exec_` + 12 hex); one is made otherwise. Pass the same id to the pool. */
  id?: string;
  /** Serve an identical earlier stateless result, and cache this one. Pass false for interactive runs (input()). */
  cache?: boolean;
  /** The session revision whose files the caller already holds; the snapshot is skipped when it is current. */
  knownRevision?: number;
  /** Gives up waiting for another tab's run in the same session (LockAbortedError). */
  signal?: AbortSignal;
}

export type CachedResult = ExecutionResult & { cached: true };

/** What `begin` decided. Every kind but `cached` must be followed by exactly one `finish`. */
export type Begun =
  | {
      kind: 'run';
      executionId: string;
      /** The tier to run under: the request's, else the session's, else `standard`. */
      policy: PolicyTier;
      /** The session's files, for session runs; `files` is absent when `knownRevision` is current. */
      workspace?: { revision: number; files?: FileMap };
    }
  | { kind: 'blocked'; executionId: string; policy: PolicyTier }
  | { kind: 'cached'; executionId: string; policy: PolicyTier; result: CachedResult };

export interface Finished {
  record: ExecutionRecord;
  /** A session run's revision once its changes are saved: the workspace the caller holds is now this revision. */
  revision?: number;
  /** Why the run's file changes were not saved: the caller's in-memory workspace no longer matches the store, so drop its revision. */
  filesError?: string;
  /** `finish` had already been called for this execution. */
  alreadyFinished?: boolean;
}


/** Each step's execution notice carries the audit head, so the append sends none of its own. */
const QUIET_AUDIT = { announce: false } as const;
/**
 * How long a session's lock stays with this tab after a run: an agent's or a notebook's next run
 * usually comes sooner, and then needs no round trip to the lock manager. Another tab that wants
 * the session waits at most this much longer.
 */
const SESSION_LOCK_LINGER_MS = 100;
/** A run moves its session's `updatedAt` only when it is at least this old: most runs then skip reading and rewriting the session. */
const SESSION_TOUCH_MS = 1_000;

/** The stores a run's begin and finish write, beside the audit log. */
type RunStore = 'executions' | 'executionData' | 'sessions' | 'files' | 'fileData' | 'cache';

/** What this tab last saw of a session while it held the session's lock. */
interface SeenSession {
  readonly revision: number;
  readonly updatedAt: number;
}

const EXECUTION_ID = /^[\w-]{1,64}$/;
const encoder = new TextEncoder();

class StaleSession extends Error {}

export interface StartDetails {
  queueMs?: number;
  /** Wait this long before writing; see markStarted. */
  deferMs?: number;
}

interface StartTime {
  readonly startedAt: number;
  readonly queueMs: number | undefined;
}

interface DeferredStart extends StartTime {
  readonly timer: ReturnType<typeof setTimeout>;
  readonly resolve: (record: ExecutionRecord) => void;
  readonly reject: (error: unknown) => void;
}

function startedData(queueMs: number | undefined): JsonObject {
  return queueMs === undefined ? {} : { queueMs: Math.round(queueMs) };
}

/**
 * The execution history and its place in the audit trail: `begin` before a run, `markStarted`
 * when a worker takes it, `finish` with the result. Holds, per tab, the locks of live runs.
 */
export class ExecutionLog {
  readonly #ctx: StoreContext;
  /** Locks held by runs of this tab, released by `finish`. */
  readonly #held = new Map<string, Release[]>();
  /** `started` records waiting for their `deferMs` (or for `finish`, which writes them with its own). */
  readonly #deferred = new Map<string, DeferredStart>();
  /** Sessions of the runs begun here and not yet finished. */
  readonly #sessionOf = new Map<string, string>();
  /** Per execution, so a second `finish` waits for the first. */
  readonly #chains = new Map<string, Promise<unknown>>();
  /** This tab's lock (LOCKS.tab), taken before its first run is recorded and held until the store closes. */
  #tabLock: Promise<Release> | undefined;
  /**
   * Per session, what it looked like when this tab last held its lock. Valid while the lock has
   * been held without a break (see Tabs.hold): then a run's begin and finish need not read it.
   */
  readonly #seen = new Map<string, SeenSession>();
  /** The executionData written by `begin`, for `finish` to complete without reading it back. */
  readonly #data = new Map<string, ExecutionDataRecord>();
  /** Runs begun here whose result goes into the cache. */
  readonly #caching = new Set<string>();

  constructor(ctx: StoreContext) {
    this.#ctx = ctx;
  }

  /**
   * Records a request before it runs (`requested`, then `policy`), so a tab that dies mid-run
   * leaves it unfinished, shown as interrupted. For a session run it first takes the session's
   * lock (waiting for a run in another tab), creates the session if it is new, adds the
   * request's `files` to the workspace and returns the workspace, all in one transaction.
   */
  async begin(input: BeginExecution): Promise<Begun> {
    const ctx = this.#ctx;
    const { request } = input;
    if (typeof request !== 'object' || request === null || typeof request.code !== 'string') throw new InvalidArgumentError('request.code must be a string');
    if (request.language !== 'javascript' && request.language !== 'python') throw new InvalidArgumentError(`unknown language ${JSON.stringify(request.language)}`);
    if (request.policy !== undefined && !isPolicyTier(request.policy)) throw new InvalidArgumentError(`unknown policy ${JSON.stringify(request.policy)}`);
    const engine = request.engine ?? DEFAULT_ENGINE[request.language];
    if (!isEngineId(engine) || ENGINES[engine].language !== request.language) throw new InvalidArgumentError(`engine ${JSON.stringify(engine)} does not run ${request.language}`);
    const id = input.id ?? newExecutionId();
    if (!EXECUTION_ID.test(id)) throw new InvalidArgumentError(`execution id "${id}" must be 1–64 letters, digits, "_" or "-"`);
    const sessionId = request.sessionId === undefined ? undefined : validateSessionId(request.sessionId, ctx.uuidOnly);
    const verdict: PolicyVerdict = input.verdict ?? { decision: 'allow' };
    if (verdict.decision !== 'allow' && verdict.decision !== 'block') throw new InvalidArgumentError('verdict.decision must be "allow" or "block"');

    // Everything async that is not IndexedDB happens here, before the transaction.
    const codeSha256 = await sha256Hex(request.code);
    const requestFiles = sessionId !== undefined && verdict.decision === 'allow' ? checkWrites(Object.entries(request.files ?? {}).map(([p, c]) => [p, typeof c === 'string' ? encoder.encode(c) : c] as const), ctx.limits) : undefined;
    if (requestFiles && !requestFiles.ok) throw requestFiles.error;
    const incoming = [...(requestFiles?.value.values() ?? [])].reduce((sum, bytes) => sum + bytes.byteLength, 0);
    const room = await checkHeadroom(ctx.storage, request.code.length * 2 + incoming + 64 * 1024, 'the run');
    if (!room.ok) throw room.error;
    // The session's own tier matters only when the request names none.
    const knownSession = sessionId === undefined || request.policy !== undefined ? undefined : await ctx.db.get('sessions', sessionId);
    const policy = effectivePolicy(request.policy, knownSession, sessionId !== undefined);
    const key = input.cache && verdict.decision === 'allow' ? await cacheKey(request, policy) : undefined;
    const hit = key ? await ctx.db.get('cache', key) : undefined;

    const releases: Release[] = [];
    const releaseAll = () => releases.splice(0).forEach((release) => release());
    try {
      // The tab's lock is what tells other tabs this run is live; taken once, before the first record.
      this.#tabLock ??= ctx.tabs.acquire(LOCKS.tab(ctx.dbName, ctx.tabs.tabId));
      const tabLock = this.#tabLock;
      // A session's lock lingers after its run, so the session's next run here skips the lock manager.
      const sessionLock = sessionId !== undefined && verdict.decision === 'allow' ? ctx.tabs.hold(LOCKS.session(ctx.dbName, sessionId), input.signal, { lingerMs: SESSION_LOCK_LINGER_MS }) : undefined;
      const [tab, session] = await Promise.allSettled([tabLock, sessionLock]);
      if (session.status === 'fulfilled' && session.value) releases.push(session.value.release);
      if (tab.status === 'rejected') {
        if (this.#tabLock === tabLock) this.#tabLock = undefined;
        throw tab.reason;
      }
      if (session.status === 'rejected') throw session.reason;
      // Held since this tab's last run of the session, which left it at the revision the caller knows: nothing to read.
      if (sessionId !== undefined && !session.value?.unbroken) this.#seen.delete(sessionId);
      const seen = sessionId === undefined ? undefined : this.#seen.get(sessionId);
      const unchanged = seen !== undefined && seen.revision === input.knownRevision && !requestFiles?.value.size ? seen : undefined;

      const now = ctx.now();
      const risk = riskOf(verdict.analysis);
      const record: ExecutionRecord = {
        id, sessionId, tabId: ctx.tabs.tabId, language: request.language, engine, policy, codeSha256,
        codePreview: preview(request.code), codeBytes: encoder.encode(request.code).byteLength, requestedAt: now,
        state: 'requested', decision: verdict.decision, cached: false,
      };
      if (risk) record.risk = risk;
      if (key && !hit) record.cacheKey = key;
      const data: ExecutionDataRecord = { id, request: storedRequest(request) };
      if (verdict.analysis !== undefined) data.analysis = toJson(verdict.analysis);

      const base = { executionId: id, sessionId: sessionId ?? null, codeSha256 };
      const requested: JsonObject = {
        language: request.language, engine, policy, codeBytes: record.codeBytes, files: Object.keys(request.files ?? {}).length,
        contextKeys: Object.keys(request.context ?? {}).length, cache: Boolean(input.cache), tab: ctx.tabs.tabId,
      };
      const policyData: JsonObject = { tier: policy, decision: verdict.decision };
      if (risk) Object.assign(policyData, { score: risk.score, level: risk.level, findings: risk.findings.length });
      if (verdict.reasons?.length) policyData.reasons = [...verdict.reasons].map(String);
      const drafts: AuditDraft[] = [
        { ...base, event: 'requested', data: requested },
        { ...base, event: 'policy', data: policyData },
      ];
      let cachedResult: CachedResult | undefined;
      if (hit) {
        cachedResult = { ...hit.result, id, cached: true };
        Object.assign(record, {
          state: 'finished', cached: true, finishedAt: now, status: hit.result.status, durationMs: 0, queueMs: 0,
          outputBytes: hit.result.metrics.outputBytes, error: errorText(hit.result),
        } satisfies Partial<ExecutionRecord>);
        data.result = storedResult(cachedResult, true);
        drafts.push({ ...base, event: 'finished', data: finishedData(cachedResult, { cached: true, from: hit.executionId, durationMs: 0 }) });
      }

      let created = false;
      let read: SeenSession | undefined;
      // Only the stores this begin touches: a wider scope would also wait for readers of the others (the UI's file list).
      const readsSession = sessionId !== undefined && verdict.decision === 'allow' && !unchanged;
      const stores: RunStore[] = readsSession ? ['executions', 'executionData', 'sessions', 'files', 'fileData'] : ['executions', 'executionData'];
      if (hit) stores.push('cache');
      const { value: workspace, records } = await appendAudit(ctx, stores, async (tx, log) => {
        // Requests go out together and are awaited only where the next step needs their answer.
        quiet(tx.objectStore('executions').add(record));
        quiet(tx.objectStore('executionData').put(data));
        const sessionRead = readsSession ? tx.objectStore('sessions').get(sessionId) : undefined;
        if (sessionRead) quiet(sessionRead);
        await log(drafts);
        if (hit) await touchCached(tx, hit, now);
        if (unchanged) return { revision: unchanged.revision };
        if (sessionId === undefined || !sessionRead) return undefined;
        let session = await sessionRead;
        if (!session) {
          session = newSessionRecord({ id: sessionId, language: request.language, engine, name: `Session ${sessionId.slice(0, 8)}` }, ctx.uuidOnly, now);
          await tx.objectStore('sessions').add(session);
          created = true;
        }
        const writes = requestFiles?.value;
        if (writes?.size) {
          const plan = planChanges(session, await tx.objectStore('files').getAll(sessionRange(sessionId)), writes, [], ctx.limits, now);
          if (!plan.ok) throw plan.error; // the run is refused, nothing is recorded
          session = await commitPlan(tx, plan.value, now);
        }
        read = { revision: session.revision, updatedAt: session.updatedAt };
        if (session.revision === input.knownRevision) return { revision: session.revision };
        const files: FileMap = {};
        for (const file of await tx.objectStore('fileData').getAll(sessionRange(sessionId))) files[file.path] = file.bytes;
        return { revision: session.revision, files };
      }, QUIET_AUDIT);

      if (created) ctx.tabs.publish({ kind: 'session', sessionId: sessionId!, action: 'created' });
      if (requestFiles?.value.size && workspace) ctx.tabs.publish({ kind: 'files', sessionId: sessionId!, revision: workspace.revision });
      ctx.tabs.publish({ kind: 'execution', executionId: id, sessionId, state: hit ? 'finished' : 'requested', auditSeq: records.at(-1)!.seq });
      if (cachedResult) {
        releaseAll();
        return { kind: 'cached', executionId: id, policy, result: cachedResult };
      }
      this.#held.set(id, releases.splice(0));
      this.#data.set(id, data);
      if (record.cacheKey) this.#caching.add(id);
      if (sessionId !== undefined) {
        this.#sessionOf.set(id, sessionId);
        if (read) this.#seen.set(sessionId, read);
      }
      if (verdict.decision === 'block') return { kind: 'blocked', executionId: id, policy };
      return { kind: 'run', executionId: id, policy, ...(workspace ? { workspace } : {}) };
    } catch (error) {
      releaseAll();
      throw error;
    }
  }

  /**
   * Records `started` (a worker took the run). Safe to call without awaiting: its transaction is
   * created in this call, and IndexedDB runs write transactions over the same stores in the order
   * they were created, so a later `finish` lands after it without waiting for it here.
   *
   * With `deferMs`, the write waits that long first; a `finish` that comes sooner writes `started`
   * in its own transaction instead (a short run costs one write, not two, and none while it runs).
   * A tab that dies within `deferMs` of the start leaves the run `requested` (interrupted).
   */
  markStarted(executionId: string, details: StartDetails = {}): Promise<ExecutionRecord> {
    const startedAt = this.#ctx.now(); // when it was called, not when the write got its turn
    if (!details.deferMs) return this.#writeStarted(executionId, { startedAt, queueMs: details.queueMs });
    return new Promise((resolve, reject) => {
      const start: DeferredStart = {
        startedAt, queueMs: details.queueMs, resolve, reject,
        timer: setTimeout(() => {
          this.#deferred.delete(executionId);
          this.#writeStarted(executionId, start).then(resolve, reject);
        }, details.deferMs),
      };
      this.#deferred.set(executionId, start);
    });
  }

  async #writeStarted(executionId: string, { startedAt, queueMs }: StartTime): Promise<ExecutionRecord> {
    const details = { queueMs };
    const ctx = this.#ctx;
    // One transaction: the record is read, checked and updated where the audit record is appended.
    const { value, records } = await appendAudit(ctx, ['executions'], async (tx, log) => {
      const record = await tx.objectStore('executions').get(executionId);
      if (!record) throw new ExecutionNotFoundError(executionId);
      if (record.state !== 'requested') return record;
      const next: ExecutionRecord = { ...record, state: 'started', startedAt };
      if (details.queueMs !== undefined) next.queueMs = details.queueMs;
      quiet(tx.objectStore('executions').put(next));
      await log([{ executionId, sessionId: record.sessionId ?? null, event: 'started', data: startedData(details.queueMs), codeSha256: record.codeSha256 }]);
      return next;
    }, QUIET_AUDIT);
    const last = records.at(-1);
    if (last) ctx.tabs.publish({ kind: 'execution', executionId, sessionId: value.sessionId, state: 'started', auditSeq: last.seq });
    return value;
  }

  /**
   * Records the result, `finished` (or `blocked`) and the run's changed files in one
   * transaction, then releases the run's locks. If storage is full it records a trimmed result
   * without the files rather than nothing; if even that fails the run stays unfinished.
   */
  finish(executionId: string, result: ExecutionResult): Promise<Finished> {
    // A deferred `started` not written yet goes into this transaction, ahead of `finished`.
    const start = this.#deferred.get(executionId);
    if (start) {
      clearTimeout(start.timer);
      this.#deferred.delete(executionId);
    }
    return this.#serial(executionId, async () => {
      try {
        const finished = await this.#finishOrTrim(executionId, result, start);
        start?.resolve(finished.record);
        return finished;
      } catch (error) {
        start?.reject(error);
        throw error;
      } finally {
        for (const release of this.#held.get(executionId) ?? []) release();
        this.#held.delete(executionId);
        this.#data.delete(executionId);
        this.#caching.delete(executionId);
        this.#sessionOf.delete(executionId);
      }
    });
  }

  async #finishOrTrim(executionId: string, result: ExecutionResult, start: StartTime | undefined): Promise<Finished> {
    try {
      return await this.#finish(executionId, result, false, start);
    } catch (error) {
      if (!isQuotaError(error) && !(error instanceof StorageFullError)) throw error;
      return await this.#finish(executionId, result, true, start);
    }
  }

  async #finish(executionId: string, result: ExecutionResult, storageFull: boolean, start: StartTime | undefined): Promise<Finished> {
    const ctx = this.#ctx;
    const changed = Object.keys(result.files ?? {}).length + (result.deletedFiles?.length ?? 0) > 0;
    for (let attempt = 0; attempt < 8; attempt++) {
      const now = ctx.now();
      // File changes are planned outside the write transaction (so the audit record can say what
      // happened), which needs the record first; a run that changed no files is one transaction.
      let filesError: string | undefined;
      let plan: WorkspacePlan | undefined;
      if (changed && result.status !== 'blocked') {
        const record = await ctx.db.get('executions', executionId);
        if (!record) throw new ExecutionNotFoundError(executionId);
        if (record.state === 'finished') return { record, alreadyFinished: true };
        const sessionId = record.sessionId;
        if (sessionId === undefined) {
          // a stateless run's files are returned, never stored
        } else if (storageFull) filesError = "the browser's storage is full, so the run's file changes were not saved";
        else {
          const writes = checkWrites(Object.entries(result.files ?? {}), ctx.limits);
          const tx = ctx.db.transaction(['sessions', 'files']);
          const session = await tx.objectStore('sessions').get(sessionId);
          const metas = await tx.objectStore('files').getAll(sessionRange(sessionId));
          if (!writes.ok) filesError = writes.error.message;
          else if (!session) filesError = `session "${sessionId}" was deleted during the run, so its file changes were not saved`;
          else {
            const planned = planChanges(session, metas, writes.value, result.deletedFiles ?? [], ctx.limits, now);
            if (planned.ok) plan = planned.value;
            else filesError = planned.error.message;
          }
        }
      }

      const saved: ExecutionResult = storageFull ? { ...result, output: trimmed(result.output), stderr: trimmed(result.stderr), files: undefined } : result;
      // Only the stores this finish writes: a wider scope would also wait for readers of the others (the UI's file list).
      const cacheable = !storageFull && isCacheable(result);
      // A run begun in this tab: its session is known, and so is the session itself when this tab
      // has held its lock since it last saw it; touched less than SESSION_TOUCH_MS ago, it is left alone.
      const expected = this.#sessionOf.get(executionId);
      const seen = expected === undefined ? undefined : this.#seen.get(expected);
      const untouched = !plan && seen !== undefined && now - seen.updatedAt < SESSION_TOUCH_MS ? seen : undefined;
      const begunData = this.#data.get(executionId);
      // Begun in this tab without a session: no session to touch either.
      const stateless = expected === undefined && begunData !== undefined;
      const stores: RunStore[] = untouched || stateless ? ['executions', 'executionData'] : ['executions', 'executionData', 'sessions'];
      if (plan) stores.push('files', 'fileData');
      if (cacheable && (this.#caching.has(executionId) || !begunData)) stores.push('cache');
      try {
        const { value, records } = await appendAudit(ctx, stores, async (tx, log): Promise<{ finished: Finished; session?: SessionRecord }> => {
          const executions = tx.objectStore('executions');
          const dataRead = begunData ? undefined : tx.objectStore('executionData').get(executionId);
          if (dataRead) quiet(dataRead);
          const sessionRead = expected === undefined || untouched ? undefined : tx.objectStore('sessions').get(expected);
          if (sessionRead) quiet(sessionRead);
          const record = await executions.get(executionId);
          if (!record) throw new ExecutionNotFoundError(executionId);
          if (record.state === 'finished') return { finished: { record, alreadyFinished: true } };
          const sessionId = record.sessionId;
          let session: SessionRecord | undefined;
          if (sessionId !== undefined && !(untouched && sessionId === expected)) {
            session = await (sessionId === expected && sessionRead ? sessionRead : tx.objectStore('sessions').get(sessionId));
            // The workspace moved since the plan (a tab without Web Locks): plan again.
            if (plan && session?.revision !== plan.session.revision) throw new StaleSession();
            if (plan) session = await commitPlan(tx, plan, now);
            else if (session) {
              session = { ...session, updatedAt: now };
              quiet(tx.objectStore('sessions').put(session));
            }
          }
          const next: ExecutionRecord = {
            ...record, state: 'finished', finishedAt: now, status: result.status, durationMs: result.durationMs,
            queueMs: result.metrics.queueMs, outputBytes: result.metrics.outputBytes, error: errorText(result),
            filesWritten: plan?.puts.length ?? 0, filesDeleted: plan?.deletes.length ?? 0,
          };
          const startsHere = start !== undefined && record.state === 'requested';
          if (startsHere) next.startedAt = start.startedAt;
          else if (record.startedAt === undefined && result.status !== 'blocked' && result.durationMs > 0) next.startedAt = now - result.durationMs;
          if (filesError) next.filesError = filesError;
          const extra: JsonObject = { filesWritten: next.filesWritten ?? 0, filesDeleted: next.filesDeleted ?? 0 };
          if (filesError) extra.filesError = filesError;
          if (storageFull) extra.storageFull = true;
          const blocked = result.status === 'blocked';
          if (blocked && result.error) extra.reason = result.error.message;
          quiet(executions.put(next));
          const data = begunData ?? (await dataRead) ?? { id: executionId, request: { code: '', language: record.language } };
          quiet(tx.objectStore('executionData').put({ ...data, result: storedResult(saved) }));
          const base = { executionId, sessionId: sessionId ?? null, codeSha256: record.codeSha256 };
          const drafts: AuditDraft[] = startsHere ? [{ ...base, event: 'started', data: startedData(start.queueMs) }] : [];
          drafts.push({ ...base, event: blocked ? 'blocked' : 'finished', data: finishedData(result, extra) });
          await log(drafts);
          const cache = cacheable && record.cacheKey ? record.cacheKey : undefined;
          if (cache) await putCached(tx, cache, executionId, result, now, ctx.cacheCapacity);
          const finished: Finished = { record: next };
          if (session) finished.revision = session.revision;
          else if (untouched && sessionId === expected) finished.revision = untouched.revision;
          if (filesError) finished.filesError = filesError;
          return { finished, session };
        }, QUIET_AUDIT);
        if (value.finished.alreadyFinished) return value.finished;
        if (value.session) this.#seen.set(value.session.id, { revision: value.session.revision, updatedAt: value.session.updatedAt });
        if (plan && value.session) ctx.tabs.publish({ kind: 'files', sessionId: value.session.id, revision: value.session.revision });
        ctx.tabs.publish({ kind: 'execution', executionId, sessionId: value.finished.record.sessionId, state: 'finished', auditSeq: records.at(-1)!.seq });
        return value.finished;
      } catch (error) {
        if (error instanceof StaleSession) continue;
        throw error;
      }
    }
    throw new InvalidArgumentError('the session kept changing while the result was saved');
  }

  /** Whether this tab is running the execution (it holds the run's locks). */
  isLiveHere(executionId: string): boolean {
    return this.#held.has(executionId);
  }

  /** Releases every lock this tab holds for runs, its own included (on close): its unfinished runs are then interrupted. */
  releaseAll(): void {
    for (const releases of this.#held.values()) for (const release of releases) release();
    this.#held.clear();
    void this.#tabLock?.then((release) => release(), () => {});
    this.#tabLock = undefined;
    this.#sessionOf.clear();
    this.#seen.clear();
    this.#data.clear();
    this.#caching.clear();
    for (const start of this.#deferred.values()) {
      clearTimeout(start.timer);
      start.reject(new StoreClosedError('closed'));
    }
    this.#deferred.clear();
  }

  #serial<T>(executionId: string, fn: () => Promise<T>): Promise<T> {
    const previous = this.#chains.get(executionId) ?? Promise.resolve();
    const next = previous.catch(() => {}).then(fn);
    this.#chains.set(executionId, next);
    const forget = () => {
      if (this.#chains.get(executionId) === next) this.#chains.delete(executionId);
    };
    next.then(forget, forget);
    return next;
  }
}
