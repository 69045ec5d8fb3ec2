import type { FileMap } from '../engines/protocol';
import type { PolicyTier } from '../policy/tiers';
import type { ExecutionResult } from '../sandbox/types';
import type { ExecuteRequest } from './schema';
import { CACHE_CAPACITY } from './cache';
import { auditFor, auditHead, auditRange, pruneAudit, verifyAudit, type AuditPruneResult, type ChainHead } from './audit';
import type { ChainAnchor, VerifyResult } from './chain';
import { DEFAULT_LIMITS, type Limits, type StoreContext } from './context';
import { openDatabase, type SandcellDatabase } from './db';
import { InvalidArgumentError, StoreClosedError, isQuotaError, toStoreError, type StoreError } from './errors';
import { ExecutionLog, type BeginExecution, type Begun, type Finished, type StartDetails } from './executions';
import { allExecutions, getExecution, listExecutions, pruneExecutions, type ExecutionDetail, type ExecutionPage, type ListQuery } from './history';
import { auditFiles, executionReport, executionsCsv, zipFiles, type ExecutionReport, type ExportFile } from './export';
import {
  changeFiles, downloadFile, listFiles, readFile, snapshot, toBytes, uploadFiles, vendorPackages,
  type Download, type FileInfo, type Snapshot, type UploadItem,
} from './files';
import { defaultStorage, estimate, quotaError, requestPersistence, type StorageEstimate, type StorageManagerLike } from './quota';
import { fail, ok, type Result } from './result';
import { DB_NAME, DEFAULT_RETENTION, type RetentionSettings, type SessionRecord, type SettingsRecord } from './schema';
import { exportSession, importSession, type ImportOptions } from './session-zip';
import {
  createSession, deleteSession, duplicateSession, effectivePolicy, getSession, listSessions, pruneSessions, resetSession,
  updateSession, validateSessionId, type NewSession, type PruneResult, type SessionPatch,
} from './sessions';
import { getSettings, setRetention } from './settings';
import { computeStats, type StatsOptions, type StoreStats } from './stats';
import { LOCKS, Tabs, type ChangeEvent, type ChannelLike, type LockManagerLike } from './tabs';

export interface StoreOptions {
  /** Database name; default `sandcell`. Tests use one per test. */
  name?: string;
  /** Refuse session ids that are not UUIDs (the store always makes UUIDs itself). */
  uuidOnlySessionIds?: boolean;
  /** How long to wait for other tabs on an older version before StoreBlockedError; default 4 s. */
  blockedTimeoutMs?: number;
  /** Web Locks; default `navigator.locks`; `null` forces the in-tab fallback. */
  locks?: LockManagerLike | null;
  /** Change notices to other tabs; default a BroadcastChannel; `null` for none. */
  channel?: ChannelLike | null;
  /** Default `navigator.storage`; `null` for none. */
  storage?: StorageManagerLike | null;
  /** Caps; default 10 MB per file and 100 MB per session (engines/paths.ts). */
  limits?: Partial<Limits>;
  /** Clock, for tests. */
  now?: () => number;
  /** Prune to the retention settings after runs finish; default true. */
  autoMaintain?: boolean;
  /** Result cache entries kept; default 1,000. */
  cacheCapacity?: number;
  /** Called when the connection is lost after opening (a newer version in another tab, or the browser closed it). */
  onClose?: (error: StoreClosedError) => void;
}

export interface MaintenanceResult {
  audit: AuditPruneResult;
  executionsPruned: number;
}

/** How much over the retention the trail may grow before a prune, so pruning is not per run. */
const SLACK = 0.1;
/** Sessions whose tier resolvePolicy keeps at most. */
const MAX_KEPT_TIERS = 1_000;
/** requested, policy, started, finished. */
const AUDIT_RECORDS_PER_RUN = 4;

/** Every call resolves to a Result; failures are StoreErrors with messages meant for users. */
export class Store {
  readonly #ctx: StoreContext;
  readonly #executions: ExecutionLog;
  readonly #autoMaintain: boolean;
  #closed: StoreClosedError | undefined;
  #maintenance: Promise<unknown> | undefined;
  /** Sessions' tiers as resolvePolicy last read them (undefined: no such session yet); dropped on any notice about the session. */
  readonly #sessionTiers = new Map<string, Pick<SessionRecord, 'policy'> | undefined>();
  /** Finished runs left before the next automatic maintenance; the first run checks. */
  #runsUntilMaintenance = 1;
  readonly #liveHere = (executionId: string) => this.#executions.isLiveHere(executionId);

  /** Use `openStore`. */
  constructor(ctx: StoreContext, autoMaintain: boolean) {
    this.#ctx = ctx;
    this.#executions = new ExecutionLog(ctx);
    this.#autoMaintain = autoMaintain;
    ctx.tabs.subscribe(({ change }) => {
      if (change.kind === 'session') this.#sessionTiers.delete(change.sessionId);
    });
  }

  /** This tab's id, as recorded on its executions. */
  get tabId(): string {
    return this.#ctx.tabs.tabId;
  }

  /** Whether session locks reach other tabs (Web Locks) or only order this tab's calls. */
  get crossTabLocks(): boolean {
    return this.#ctx.tabs.crossTabLocks;
  }

  /** Listens for changes made here and in other tabs; returns the unsubscribe. */
  onChange(listener: (event: ChangeEvent) => void): () => void {
    return this.#ctx.tabs.subscribe(listener);
  }

  // ── Runs ────────────────────────────────────────────────────────────────────

  /** The tier a request runs under: its own, else its session's, else `extended` for a new session, else `standard`. */
  resolvePolicy(request: Pick<ExecuteRequest, 'policy' | 'sessionId'>): Promise<Result<PolicyTier>> {
    return this.#guard(async () => {
      if (request.sessionId === undefined || request.policy !== undefined) return effectivePolicy(request.policy, undefined, request.sessionId !== undefined);
      const id = validateSessionId(request.sessionId, this.#ctx.uuidOnly);
      if (this.#sessionTiers.has(id)) return effectivePolicy(undefined, this.#sessionTiers.get(id), true);
      const session = await this.#ctx.db.get('sessions', id);
      // Kept only where every tab's changes are heard, so a tier changed anywhere is read afresh.
      if (this.#ctx.tabs.hearsOtherTabs) {
        if (this.#sessionTiers.size >= MAX_KEPT_TIERS) this.#sessionTiers.clear();
        this.#sessionTiers.set(id, session ? { policy: session.policy } : undefined);
      }
      return effectivePolicy(undefined, session, true);
    });
  }

  /** Records a request before it runs; see ExecutionLog.begin and index.ts for the flow. A failure means: do not run. */
  beginExecution(input: BeginExecution): Promise<Result<Begun>> {
    return this.#guard(() => this.#executions.begin(input), 'the run');
  }

  /** Records that a worker took the run. Fire and forget from `onStart`: a later `finishExecution` still lands after it. See ExecutionLog.markStarted for `deferMs`. */
  markStarted(executionId: string, details?: StartDetails): Promise<Result<void>> {
    return this.#guard(async () => void (await this.#executions.markStarted(executionId, details)));
  }

  /** Records the result, `finished`/`blocked` and the run's file changes together, and releases the run's locks. */
  finishExecution(executionId: string, result: ExecutionResult): Promise<Result<Finished>> {
    return this.#guard(async () => {
      const finished = await this.#executions.finish(executionId, result);
      if (this.#autoMaintain && !finished.alreadyFinished) this.#scheduleMaintenance();
      return finished;
    }, 'saving the result');
  }

  // ── Sessions ────────────────────────────────────────────────────────────────

  readonly sessions = {
    create: (input: NewSession = {}): Promise<Result<SessionRecord>> => this.#guard(() => createSession(this.#ctx, input)),
    get: (id: string): Promise<Result<SessionRecord>> => this.#guard(() => getSession(this.#ctx, id)),
    /** Most recently active first. */
    list: (): Promise<Result<SessionRecord[]>> => this.#guard(() => listSessions(this.#ctx)),
    rename: (id: string, name: string): Promise<Result<SessionRecord>> => this.#guard(() => updateSession(this.#ctx, id, { name })),
    update: (id: string, patch: SessionPatch): Promise<Result<SessionRecord>> => this.#guard(() => updateSession(this.#ctx, id, patch)),
    duplicate: (id: string, name?: string): Promise<Result<SessionRecord>> => this.#guard(() => duplicateSession(this.#ctx, id, name)),
    /** Drops runtime state, keeps files: every tab is told to call `sandbox.resetSession(id)`. */
    reset: (id: string): Promise<Result<SessionRecord>> => this.#guard(() => resetSession(this.#ctx, id)),
    /** Waits for a run in the session (any tab) to end first. */
    delete: (id: string, signal?: AbortSignal): Promise<Result<{ bytesFreed: number }>> => this.#guard(() => deleteSession(this.#ctx, id, signal)),
    /** Deletes sessions idle for more than `olderThanDays` days. */
    prune: (olderThanDays: number): Promise<Result<PruneResult>> => this.#guard(() => pruneSessions(this.#ctx, olderThanDays)),
    /** The session and its files as a zip. */
    export: (id: string): Promise<Result<Uint8Array>> => this.#guard(() => exportSession(this.#ctx, id)),
    /** A session zip back as a new session. */
    import: (zip: Uint8Array, options?: ImportOptions): Promise<Result<SessionRecord>> => this.#guardResult(() => importSession(this.#ctx, zip, options)),
  };

  // ── Workspace files ─────────────────────────────────────────────────────────

  readonly files = {
    list: (sessionId: string): Promise<Result<FileInfo[]>> => this.#guard(() => listFiles(this.#ctx, sessionId)),
    read: (sessionId: string, path: string): Promise<Result<Uint8Array>> => this.#guard(() => readFile(this.#ctx, sessionId, path)),
    download: (sessionId: string, path: string): Promise<Result<Download>> => this.#guard(() => downloadFile(this.#ctx, sessionId, path)),
    /** All files with the revision they belong to. */
    snapshot: (sessionId: string): Promise<Result<Snapshot>> => this.#guard(() => snapshot(this.#ctx, sessionId)),
    write: (sessionId: string, path: string, content: Uint8Array | string): Promise<Result<FileInfo>> =>
      this.#locked(sessionId, async () => {
        const changed = await changeFiles(this.#ctx, sessionId, [[path, toBytes(content)]]);
        return changed.ok ? ok(changed.value.written[0]!) : changed;
      }),
    /** Writes and deletes (a folder path deletes what is under it) in one transaction. */
    change: (sessionId: string, writes: FileMap, deletes: readonly string[] = []): Promise<Result<{ session: SessionRecord; written: FileInfo[] }>> =>
      this.#locked(sessionId, () => changeFiles(this.#ctx, sessionId, Object.entries(writes), deletes)),
    delete: (sessionId: string, paths: string | readonly string[]): Promise<Result<{ session: SessionRecord; written: FileInfo[] }>> =>
      this.#locked(sessionId, () => changeFiles(this.#ctx, sessionId, [], typeof paths === 'string' ? [paths] : paths)),
    upload: (sessionId: string, items: Iterable<UploadItem>, under?: string) => this.#locked(sessionId, () => uploadFiles(this.#ctx, sessionId, items, under)),
    /** Pure-Python wheels and package folders into `site-packages/`, importable in the session. */
    vendor: (sessionId: string, items: Iterable<UploadItem>) => this.#locked(sessionId, () => vendorPackages(this.#ctx, sessionId, items)),
  };

  // ── History, audit, export ──────────────────────────────────────────────────

  readonly executions = {
    /** Newest first; pass `nextCursor` back for the next page. */
    list: (query: ListQuery = {}): Promise<Result<ExecutionPage>> => this.#guard(() => listExecutions(this.#ctx, query, this.#liveHere)),
    get: (id: string): Promise<Result<ExecutionDetail>> => this.#guard(() => getExecution(this.#ctx, id, this.#liveHere)),
    /** One execution as a JSON report (with its audit records and the current head). */
    report: (id: string): Promise<Result<ExecutionReport>> =>
      this.#guard(async () => executionReport(await getExecution(this.#ctx, id, this.#liveHere), await auditHead(this.#ctx), this.#isoNow())),
    /** Executions as CSV (newest first), one row each. */
    csv: (query: { sessionId?: string; limit?: number } = {}): Promise<Result<string>> =>
      this.#guard(async () => executionsCsv((await listExecutions(this.#ctx, { ...query, limit: query.limit ?? 500 }, this.#liveHere)).items, await auditHead(this.#ctx))),
  };

  readonly audit = {
    /** The newest record's seq and hash: show it, and keep it to check against later. */
    head: (): Promise<Result<ChainHead>> => this.#guard(() => auditHead(this.#ctx)),
    /** Checks the chain; with an anchor (an exported or shown head) a cut-off tail shows too. */
    verify: (anchor?: ChainAnchor): Promise<Result<VerifyResult>> => this.#guard(() => verifyAudit(this.#ctx, anchor)),
    forExecution: (executionId: string) => this.#guard(() => auditFor(this.#ctx, executionId)),
    range: (from?: number, to?: number) => this.#guard(() => auditRange(this.#ctx, from, to)),
    /** Prunes to `keep` records (default: the retention setting), leaving a checkpoint. */
    prune: (keep?: number): Promise<Result<AuditPruneResult>> =>
      this.#guard(async () => pruneAudit(this.#ctx, keep ?? (await getSettings(this.#ctx)).retention.auditRecords)),
    /** `audit-YYYY-MM-DD.jsonl` per day plus `audit-head.json` (head and verification). */
    exportFiles: (): Promise<Result<ExportFile[]>> => this.#guard(() => this.#auditExport()),
    /** The same files in one zip. */
    exportZip: (): Promise<Result<Uint8Array>> => this.#guard(async () => zipFiles(await this.#auditExport(), new Date(this.#ctx.now()))),
  };

  readonly settings = {
    get: (): Promise<Result<SettingsRecord>> => this.#guard(() => getSettings(this.#ctx)),
    setRetention: (retention: Partial<RetentionSettings>): Promise<Result<SettingsRecord>> => this.#guard(() => {
      this.#runsUntilMaintenance = 1; // the next finished run prunes to the new setting
      return setRetention(this.#ctx, retention);
    }),
  };

  readonly storage = {
    /** Usage and quota, or undefined where the browser does not say. */
    estimate: (): Promise<StorageEstimate | undefined> => estimate(this.#ctx.storage),
    /** Asks the browser not to evict Sandcell's data; resolves to whether it agreed. */
    persist: (): Promise<boolean> => requestPersistence(this.#ctx.storage),
  };

  /** Counts by status, engine usage, durations, findings and blocked runs over time. */
  stats(options: StatsOptions = {}): Promise<Result<StoreStats>> {
    return this.#guard(async () => computeStats(await allExecutions(this.#ctx, options.since, this.#liveHere), this.#ctx.now(), options));
  }

  /** Prunes the audit trail and the execution history to the retention settings. */
  maintain(): Promise<Result<MaintenanceResult>> {
    return this.#guard(async () => {
      const { retention } = await getSettings(this.#ctx);
      const count = await this.#ctx.db.count('audit');
      const audit = count > retention.auditRecords * (1 + SLACK) ? await pruneAudit(this.#ctx, retention.auditRecords) : { prunedCount: 0 };
      const executionsPruned = await pruneExecutions(this.#ctx, retention.executions, this.#liveHere);
      return { audit, executionsPruned };
    });
  }

  /** Waits for pending maintenance, releases this tab's run locks and closes the connection. */
  async close(): Promise<void> {
    await this.#maintenance?.catch(() => {});
    this.#executions.releaseAll();
    this.#closed ??= new StoreClosedError('closed');
    this.#ctx.tabs.dispose();
    this.#ctx.db.close();
  }

  /** Marks the store closed because the connection was lost (db.ts's onClose). */
  lost(error: StoreClosedError): void {
    this.#closed ??= error;
    this.#executions.releaseAll();
  }

  async #auditExport(): Promise<ExportFile[]> {
    const verified = await verifyAudit(this.#ctx);
    const records = await auditRange(this.#ctx);
    const head = await auditHead(this.#ctx);
    return auditFiles(records, head, verified, this.#isoNow());
  }

  #isoNow(): string {
    return new Date(this.#ctx.now()).toISOString();
  }

  #scheduleMaintenance(): void {
    if (this.#maintenance || --this.#runsUntilMaintenance > 0) return;
    this.#maintenance = this.maintain().then(async (result) => {
      if (!result.ok && !(result.error instanceof StoreClosedError)) console.warn('sandcell store: maintenance failed:', result.error.message);
      // Counting records costs time that grows with the history: check again once the slack could be used up.
      const { retention } = await getSettings(this.#ctx).catch(() => ({ retention: DEFAULT_RETENTION }));
      this.#runsUntilMaintenance = Math.max(1, Math.floor(Math.min(retention.auditRecords / AUDIT_RECORDS_PER_RUN, retention.executions) * SLACK));
    }).finally(() => (this.#maintenance = undefined));
  }

  /** Runs a write to a session's files holding its lock, so it never interleaves with a run in any tab. */
  #locked<T>(sessionId: string, fn: () => Promise<Result<T>>): Promise<Result<T>> {
    return this.#guardResult(() => this.#ctx.tabs.withLock(LOCKS.session(this.#ctx.dbName, sessionId), fn));
  }

  #guardResult<T>(fn: () => Promise<Result<T, StoreError>>): Promise<Result<T>> {
    return this.#guard(async () => {
      const result = await fn();
      if (!result.ok) throw result.error;
      return result.value;
    });
  }

  /** Runs `fn`, turning IndexedDB failures into StoreErrors (a full disk into StorageFullError). Bugs still throw. */
  async #guard<T>(fn: () => Promise<T>, what = 'the write'): Promise<Result<T>> {
    if (this.#closed) return fail(this.#closed);
    try {
      return ok(await fn());
    } catch (error) {
      if (isQuotaError(error)) return fail((await quotaError(error, this.#ctx.storage, what))!);
      const storeError = toStoreError(error);
      if (!storeError) throw error;
      return fail(this.#closed && storeError instanceof StoreClosedError ? this.#closed : storeError);
    }
  }
}

/**
 * Opens the store: the database (created or migrated), this tab's locks and change channel.
 * Resolves to StoreUnavailableError where there is no IndexedDB and StoreBlockedError when an
 * older tab will not let go; the app then runs without history, or refuses runs (fail closed).
 */
export async function openStore(options: StoreOptions = {}): Promise<Result<Store>> {
  const name = options.name ?? DB_NAME;
  let store: Store | undefined;
  let lostEarly: StoreClosedError | undefined;
  const opened = await openDatabase({
    name,
    blockedTimeoutMs: options.blockedTimeoutMs,
    onClose: (error) => {
      if (store) store.lost(error);
      else lostEarly = error;
      options.onClose?.(error);
    },
  });
  if (!opened.ok) return opened;
  const db: SandcellDatabase = opened.value;
  const limits: Limits = { ...DEFAULT_LIMITS, ...options.limits };
  if (!(limits.fileBytes > 0 && limits.workspaceBytes >= limits.fileBytes)) {
    db.close();
    return fail(new InvalidArgumentError('limits: fileBytes must be positive and no more than workspaceBytes'));
  }
  const ctx: StoreContext = {
    db,
    dbName: name,
    tabs: new Tabs({ locks: options.locks, channel: options.channel, channelName: `sandcell-store:${name}` }),
    storage: options.storage === null ? undefined : (options.storage ?? defaultStorage()),
    limits,
    uuidOnly: options.uuidOnlySessionIds ?? false,
    now: options.now ?? Date.now,
    cacheCapacity: options.cacheCapacity ?? CACHE_CAPACITY,
  };
  store = new Store(ctx, options.autoMaintain ?? true);
  if (lostEarly) store.lost(lostEarly);
  return ok(store);
}
