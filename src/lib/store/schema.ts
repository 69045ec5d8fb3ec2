import type { DBSchema } from 'idb';
import type { EngineId, Language } from '../engines/protocol';
import type { CustomPolicy } from '../policy/custom-policy';
import type { PolicyTier } from '../policy/tiers';
import type { ExecuteRequest as SandboxRequest, ExecutionResult, ExecutionStatus } from '../sandbox/types';

/**
 * A request as the store records it: `policy` is a tier name; a run under a custom policy records
 * its base tier there and the whole custom policy in `customPolicy`.
 */
export type ExecuteRequest = Omit<SandboxRequest, 'policy'> & { policy?: PolicyTier; customPolicy?: CustomPolicy };
import type { JsonObject, JsonValue } from './json';

/** The database every tab opens. Tests pass their own name. */
export const DB_NAME = 'sandcell';
/** Bump with a new `case` in db.ts's upgrade. */
export const DB_VERSION = 2;

export interface SessionRecord {
  /** A UUID for sessions the store creates; callers may bring their own (validated). */
  id: string;
  name: string;
  language: Language;
  engine: EngineId;
  /** Tier for runs in this session that name none; `extended` unless chosen otherwise. */
  policy: PolicyTier;
  /** Whether runs share runtime state (variables), not just files. */
  stateful: boolean;
  createdAt: number;
  /** Last activity: a run, a file change, a rename. Pruning goes by this. */
  updatedAt: number;
  /** Bumped by every change to the session's files, in any tab: a cheap "did the workspace change?" */
  revision: number;
  /** Total size of the session's files. */
  bytes: number;
  fileCount: number;
  /** When its runtime state was last dropped by `reset`. */
  resetAt?: number;
}

/** A workspace file's metadata; its bytes live in `fileData` under the same key, so listing never loads them. */
export interface FileRecord {
  sessionId: string;
  /** Normalised workspace path (see engines/paths.ts). */
  path: string;
  size: number;
  mtime: number;
}

export interface FileDataRecord {
  sessionId: string;
  path: string;
  bytes: Uint8Array;
}

/** Where an execution is: `requested` with nobody holding it afterwards means the tab died (interrupted). */
export type ExecutionState = 'requested' | 'started' | 'finished';

/** Just enough of a policy finding for stats; the full analysis is kept as JSON in `executionData`. */
export interface FindingSummary {
  category: string;
  severity: string;
  rule: string;
}

export interface RiskSummary {
  score: number;
  level: string;
  findings: FindingSummary[];
}

/** An execution's summary: small, so lists and stats never load code or output. */
export interface ExecutionRecord {
  /** `exec_` + 12 hex, the same id as the result's. */
  id: string;
  sessionId?: string;
  /** Which tab ran it, for telling "running elsewhere" from "interrupted". */
  tabId: string;
  language: Language;
  engine: EngineId;
  policy: PolicyTier;
  codeSha256: string;
  /** The first line or so of the code, for lists. */
  codePreview: string;
  codeBytes: number;
  requestedAt: number;
  startedAt?: number;
  finishedAt?: number;
  state: ExecutionState;
  decision: 'allow' | 'block';
  risk?: RiskSummary;
  status?: ExecutionStatus;
  durationMs?: number;
  queueMs?: number;
  outputBytes?: number;
  /** Served from the result cache without running. */
  cached: boolean;
  /** `Name: message` of the result's error. */
  error?: string;
  filesWritten?: number;
  filesDeleted?: number;
  /** Why the run's file changes were not saved (a cap, a full disk, a deleted session). */
  filesError?: string;
  /** Set when the request asked for caching and may be stored in the cache when it finishes. */
  cacheKey?: string;
}

/** Path and size of a file that travelled with a request or result; the bytes are not kept here. */
export interface FileSummary {
  path: string;
  size: number;
}

/** The request as stored: files by name and size only. */
export type StoredRequest = Omit<ExecuteRequest, 'files'> & { files?: FileSummary[] };

/** The result as stored: written files by name and size only (their bytes are in the session). */
export type StoredResult = Omit<ExecutionResult, 'files'> & { files?: FileSummary[]; cached?: boolean };

/** The large parts of an execution, loaded only when one execution is opened. */
export interface ExecutionDataRecord {
  id: string;
  request: StoredRequest;
  /** The policy analysis as given (opaque JSON). */
  analysis?: JsonValue;
  result?: StoredResult;
}

export type AuditEvent = 'requested' | 'policy' | 'started' | 'finished' | 'blocked' | 'checkpoint';

/** One link of the audit chain. `hash` = SHA-256(prevHash + canonical JSON of every other field). */
export interface AuditRecord {
  /** 1, 2, 3 … with no gaps, across tabs. */
  seq: number;
  /** ISO 8601, UTC. */
  ts: string;
  executionId: string | null;
  sessionId: string | null;
  event: AuditEvent;
  data: JsonObject;
  codeSha256: string | null;
  prevHash: string;
  hash: string;
}

/** A cached result of a stateless request, keyed by the hash of everything that decides its output. */
export interface CacheRecord {
  key: string;
  /** The execution that produced it. */
  executionId: string;
  /** The full result, files included (results with large files are not cached). */
  result: ExecutionResult;
  createdAt: number;
  lastUsed: number;
  hits: number;
}

/** What is kept; older records are pruned past these bounds. */
export interface RetentionSettings {
  /** Audit records kept; pruning leaves a checkpoint so the rest still verifies. */
  auditRecords: number;
  /** Executions kept (summary and data). */
  executions: number;
}

export interface SettingsRecord {
  id: 'settings';
  retention: RetentionSettings;
}

export interface SandcellSchema extends DBSchema {
  sessions: {
    key: string;
    value: SessionRecord;
    indexes: { 'by-updated': number };
  };
  files: {
    key: [string, string];
    value: FileRecord;
  };
  fileData: {
    key: [string, string];
    value: FileDataRecord;
  };
  executions: {
    key: string;
    value: ExecutionRecord;
    indexes: {
      /** Newest first with a `prev` cursor; the id breaks ties within a millisecond. */
      'by-requested': [number, string];
      /** Per session; executions without a session are not in this index. */
      'by-session': [string, number, string];
    };
  };
  executionData: {
    key: string;
    value: ExecutionDataRecord;
  };
  audit: {
    key: number;
    value: AuditRecord;
    indexes: { 'by-execution': string; 'by-event': string };
  };
  cache: {
    key: string;
    value: CacheRecord;
    indexes: { 'by-used': number };
  };
  settings: {
    key: string;
    value: SettingsRecord;
  };
}

export type StoreName = 'sessions' | 'files' | 'fileData' | 'executions' | 'executionData' | 'audit' | 'cache' | 'settings';

export const DEFAULT_RETENTION: RetentionSettings = { auditRecords: 10_000, executions: 5_000 };
