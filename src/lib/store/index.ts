/**
 * Sandcell's persistent store: sessions and their workspace files, execution history, a
 * hash-chained audit trail, exports, stats. The only code that imports idb. Every call resolves
 * to `{ ok: true, value } | { ok: false, error }`, where `error` is a named StoreError whose
 * message can be shown as is.
 *
 * Wiring a run (sandbox `execute()`), in order:
 *
 * ```ts
 * const store = (await openStore()).value;               // once per tab; on failure, refuse runs or run without history
 * const tier = await store.resolvePolicy(request);        // request → session → 'extended' (new session) → 'standard'
 * const analysis = analyze(request.code, tier);           // lib/policy
 * const begun = await store.beginExecution({
 *   request: { ...request, policy: tier.value }, verdict: { decision, reasons, analysis },
 *   cache: request.cache && !handlers.onInput, knownRevision: revisions.get(sessionId), signal,
 * });
 * if (!begun.ok) return refused(begun.error.message);     // fail closed: StorageFullError, WorkspaceFullError, LockAbortedError…
 * switch (begun.value.kind) {
 *   case 'cached': return begun.value.result;            // already recorded, marked cached: true
 *   case 'blocked': { const result = blockedResult(id); await store.finishExecution(id, result); return result; }
 *   case 'run': {
 *     const { executionId: id, workspace } = begun.value;  // pass `id` to pool.run so result.id matches
 *     if (workspace?.files) pool.workspaces.replace(sessionId, workspace.files);  // only when it changed
 *     const result = await pool.run(id, valid, { ...handlers, onStart: (i) => { void store.markStarted(i); handlers.onStart?.(i); } });
 *     const saved = await store.finishExecution(id, result);  // result + finished + changed files, one transaction
 *     if (!saved.ok || saved.value.filesError) revisions.delete(sessionId);  // memory and store differ: reload next time
 *     else if (saved.value.revision !== undefined) revisions.set(sessionId, saved.value.revision);
 *     return result;
 *   }
 * }
 * ```
 *
 * Rules: every `begin` that is not `cached` is followed by exactly one `finishExecution`
 * (in a `finally`), which releases the session's Web Lock and the run's own lock. A session
 * run holds the session lock from `begin` to `finish`, across tabs; do not call
 * `store.files.*` for that session from inside its own run (they take the same lock).
 * `request.files` of a session run are written to the session by `begin`. Listen with
 * `store.onChange`: `session` / `reset` → `sandbox.resetSession(id)`; `files` with a revision
 * other than yours → reload that session's workspace before its next run.
 */
export { openStore, Store, type StoreOptions, type MaintenanceResult } from './store';
export type { Result } from './result';
export * from './errors';
export type {
  SessionRecord, FileRecord, ExecutionRecord, ExecutionState, AuditRecord, AuditEvent, CacheRecord, RetentionSettings,
  SettingsRecord, StoredRequest, StoredResult, FileSummary, RiskSummary, FindingSummary,
} from './schema';
export { DB_NAME, DB_VERSION, DEFAULT_RETENTION } from './schema';
export type { BeginExecution, Begun, CachedResult, Finished } from './executions';
export type { AnalysisLike, PolicyVerdict } from './execution-records';
export type { ExecutionPhase, ExecutionSummary, ExecutionPage, ExecutionDetail, ListQuery } from './history';
export type { ChainAnchor, VerifyResult } from './chain';
export type { ChainHead, AuditPruneResult } from './audit';
export type { FileInfo, UploadItem, Download, Snapshot } from './files';
export type { NewSession, SessionPatch, PruneResult } from './sessions';
export { validateSessionId, DEFAULT_SESSION_POLICY } from './sessions';
export type { StoreStats, StatsOptions, DurationStats, BlockedBucket } from './stats';
export type { ExportFile, AuditManifest, ExecutionReport } from './export';
export { verifyAuditExport, parseAuditJsonl, AUDIT_MANIFEST } from './export';
export type { ImportOptions, SessionManifest } from './session-zip';
export type { ChangeEvent, StoreChange, LockManagerLike, ChannelLike } from './tabs';
export type { StorageEstimate, StorageManagerLike } from './quota';
export type { Limits } from './context';
export { CACHE_CAPACITY } from './cache';
export { SITE_PACKAGES } from './vendor';
