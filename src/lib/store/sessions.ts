import type { EngineId, Language } from '../engines/protocol';
import { DEFAULT_ENGINE, ENGINES, isEngineId } from '../sandbox/engine-catalog';
import { isPolicyTier, type PolicyTier } from '../policy/tiers';
import { quiet, sessionRange, writeTx, type StoreContext } from './context';
import { InvalidSessionError, SessionNotFoundError } from './errors';
import { LOCKS, randomId } from './tabs';
import type { SessionRecord } from './schema';

/** Same alphabet the sandbox accepts for `sessionId` (validate.ts), so every stored session can run. */
const SESSION_ID = /^[\w.-]{1,128}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;
const MAX_NAME = 200;
const DAY_MS = 86_400_000;

/** A new session's tier: its workspace exists to be written. A run with no session gets `standard` (the sandbox's default). */
export const DEFAULT_SESSION_POLICY: PolicyTier = 'extended';

/** Checks a caller-supplied session id: no `/`, `\` or `..`, and a UUID when `uuidOnly`. */
export function validateSessionId(id: unknown, uuidOnly = false): string {
  if (typeof id !== 'string') throw new InvalidSessionError('a session id must be a string');
  if (id.includes('/') || id.includes('\\') || id.includes('..')) {
    throw new InvalidSessionError(`session id "${id}" must not contain "/", "\\" or ".."`);
  }
  if (uuidOnly && !UUID.test(id)) throw new InvalidSessionError(`session id "${id}" is not a UUID, and this store accepts UUIDs only`);
  if (!SESSION_ID.test(id)) throw new InvalidSessionError(`session id "${id}" must be 1–128 letters, digits, "_", "-" or "."`);
  return id;
}

function validateName(name: unknown): string {
  if (typeof name !== 'string') throw new InvalidSessionError('a session name must be a string');
  const trimmed = name.trim();
  if (!trimmed) throw new InvalidSessionError('a session name cannot be empty');
  if (trimmed.length > MAX_NAME) throw new InvalidSessionError(`a session name is at most ${MAX_NAME} characters`);
  if (/[\u0000-\u001f\u007f]/.test(trimmed)) throw new InvalidSessionError('a session name cannot contain control characters');
  return trimmed;
}

export interface NewSession {
  /** Your own id (validated); a UUID is generated otherwise. */
  id?: string;
  name?: string;
  /** Default `python`. */
  language?: Language;
  /** Default: the language's default engine. */
  engine?: EngineId;
  /** Default `extended`. */
  policy?: PolicyTier;
  /** Default true. */
  stateful?: boolean;
}

/** Fields a caller may change. */
export interface SessionPatch {
  name?: string;
  language?: Language;
  engine?: EngineId;
  policy?: PolicyTier;
  stateful?: boolean;
}

/** Builds a valid session record; throws InvalidSessionError. */
export function newSessionRecord(input: NewSession, uuidOnly: boolean, now: number): SessionRecord {
  const id = input.id === undefined ? randomId() : validateSessionId(input.id, uuidOnly);
  const language = input.language ?? (input.engine && isEngineId(input.engine) ? ENGINES[input.engine].language : 'python');
  if (language !== 'javascript' && language !== 'python') throw new InvalidSessionError(`unknown language ${JSON.stringify(language)}`);
  const engine = input.engine ?? DEFAULT_ENGINE[language];
  checkEngine(engine, language);
  const policy = input.policy ?? DEFAULT_SESSION_POLICY;
  if (!isPolicyTier(policy)) throw new InvalidSessionError(`unknown policy ${JSON.stringify(policy)}`);
  return {
    id,
    name: input.name === undefined ? `Session ${new Date(now).toISOString().slice(0, 16).replace('T', ' ')}` : validateName(input.name),
    language,
    engine,
    policy,
    stateful: input.stateful ?? true,
    createdAt: now,
    updatedAt: now,
    revision: 0,
    bytes: 0,
    fileCount: 0,
  };
}

function checkEngine(engine: unknown, language: Language): asserts engine is EngineId {
  if (!isEngineId(engine)) throw new InvalidSessionError(`unknown engine ${JSON.stringify(engine)}`);
  if (ENGINES[engine].language !== language) throw new InvalidSessionError(`${engine} runs ${ENGINES[engine].language}, not ${language}`);
}

export async function createSession(ctx: StoreContext, input: NewSession): Promise<SessionRecord> {
  const record = newSessionRecord(input, ctx.uuidOnly, ctx.now());
  await writeTx(ctx.db, ['sessions'], async (tx) => {
    if (await tx.objectStore('sessions').getKey(record.id)) throw new InvalidSessionError(`a session "${record.id}" already exists`);
    await tx.objectStore('sessions').add(record);
  });
  ctx.tabs.publish({ kind: 'session', sessionId: record.id, action: 'created' });
  return record;
}

export async function getSession(ctx: StoreContext, id: string): Promise<SessionRecord> {
  const record = await ctx.db.get('sessions', id);
  if (!record) throw new SessionNotFoundError(id);
  return record;
}

/** Every session, most recently active first. */
export async function listSessions(ctx: StoreContext): Promise<SessionRecord[]> {
  return (await ctx.db.getAllFromIndex('sessions', 'by-updated')).reverse();
}

export async function updateSession(ctx: StoreContext, id: string, patch: SessionPatch): Promise<SessionRecord> {
  const record = await writeTx(ctx.db, ['sessions'], async (tx) => {
    const current = await tx.objectStore('sessions').get(id);
    if (!current) throw new SessionNotFoundError(id);
    const next: SessionRecord = { ...current, updatedAt: ctx.now() };
    if (patch.name !== undefined) next.name = validateName(patch.name);
    if (patch.policy !== undefined) {
      if (!isPolicyTier(patch.policy)) throw new InvalidSessionError(`unknown policy ${JSON.stringify(patch.policy)}`);
      next.policy = patch.policy;
    }
    if (patch.language !== undefined || patch.engine !== undefined) {
      const language = patch.language ?? (patch.engine && isEngineId(patch.engine) ? ENGINES[patch.engine].language : current.language);
      const engine = patch.engine ?? (language === current.language ? current.engine : DEFAULT_ENGINE[language]);
      checkEngine(engine, language);
      next.language = language;
      next.engine = engine;
    }
    if (patch.stateful !== undefined) next.stateful = Boolean(patch.stateful);
    await tx.objectStore('sessions').put(next);
    return next;
  });
  ctx.tabs.publish({ kind: 'session', sessionId: id, action: 'updated' });
  return record;
}

/** A copy of the session and all its files under a new UUID. */
export async function duplicateSession(ctx: StoreContext, id: string, name?: string): Promise<SessionRecord> {
  const copyId = randomId();
  const record = await writeTx(ctx.db, ['sessions', 'files', 'fileData'], async (tx) => {
    const source = await tx.objectStore('sessions').get(id);
    if (!source) throw new SessionNotFoundError(id);
    const now = ctx.now();
    const copy: SessionRecord = {
      ...source,
      id: copyId,
      name: name === undefined ? `${source.name} (copy)`.slice(0, MAX_NAME) : validateName(name),
      createdAt: now,
      updatedAt: now,
      revision: 0,
      resetAt: undefined,
    };
    const metas = await tx.objectStore('files').getAll(sessionRange(id));
    const datas = await tx.objectStore('fileData').getAll(sessionRange(id));
    for (const meta of metas) quiet(tx.objectStore('files').put({ ...meta, sessionId: copyId }));
    for (const data of datas) quiet(tx.objectStore('fileData').put({ ...data, sessionId: copyId }));
    await tx.objectStore('sessions').add(copy);
    return copy;
  });
  ctx.tabs.publish({ kind: 'session', sessionId: record.id, action: 'created' });
  return record;
}

/**
 * Marks the session's runtime state as dropped, keeping its files. The runtime state itself lives
 * in each tab's sandbox pool: every tab hears `{ kind: 'session', action: 'reset' }` and should
 * call `sandbox.resetSession(id)`.
 */
export async function resetSession(ctx: StoreContext, id: string): Promise<SessionRecord> {
  const record = await writeTx(ctx.db, ['sessions'], async (tx) => {
    const current = await tx.objectStore('sessions').get(id);
    if (!current) throw new SessionNotFoundError(id);
    const now = ctx.now();
    const next = { ...current, resetAt: now, updatedAt: now };
    await tx.objectStore('sessions').put(next);
    return next;
  });
  ctx.tabs.publish({ kind: 'session', sessionId: id, action: 'reset' });
  return record;
}

/** Deletes a session and its files, in one transaction; returns the bytes freed. Executions and the audit trail stay. */
async function deleteUnlocked(ctx: StoreContext, id: string): Promise<number> {
  const freed = await writeTx(ctx.db, ['sessions', 'files', 'fileData'], async (tx) => {
    if (!(await tx.objectStore('sessions').getKey(id))) throw new SessionNotFoundError(id);
    const metas = await tx.objectStore('files').getAll(sessionRange(id));
    quiet(tx.objectStore('files').delete(sessionRange(id)));
    quiet(tx.objectStore('fileData').delete(sessionRange(id)));
    await tx.objectStore('sessions').delete(id);
    return metas.reduce((sum, meta) => sum + meta.size, 0);
  });
  ctx.tabs.publish({ kind: 'session', sessionId: id, action: 'deleted' });
  return freed;
}

/** Deletes a session once no tab is running in it (waits for the session's lock). */
export async function deleteSession(ctx: StoreContext, id: string, signal?: AbortSignal): Promise<{ bytesFreed: number }> {
  return ctx.tabs.withLock(LOCKS.session(ctx.dbName, id), async () => ({ bytesFreed: await deleteUnlocked(ctx, id) }), signal);
}

export interface PruneResult {
  deletedCount: number;
  bytesFreed: number;
  /** The ids deleted. */
  deleted: string[];
}

/** Deletes sessions with no activity for `olderThanDays` days, skipping any a tab is running in. */
export async function pruneSessions(ctx: StoreContext, olderThanDays: number): Promise<PruneResult> {
  if (!Number.isFinite(olderThanDays) || olderThanDays < 0) throw new InvalidSessionError('olderThanDays must be a number of days, 0 or more');
  const cutoff = ctx.now() - olderThanDays * DAY_MS;
  const stale = await ctx.db.getAllFromIndex('sessions', 'by-updated', IDBKeyRange.upperBound(cutoff, true));
  const held = await ctx.tabs.heldLocks();
  const result: PruneResult = { deletedCount: 0, bytesFreed: 0, deleted: [] };
  for (const session of stale) {
    const lock = LOCKS.session(ctx.dbName, session.id);
    if (held?.has(lock) || ctx.tabs.holdsHere(lock)) continue;
    try {
      result.bytesFreed += await deleteUnlocked(ctx, session.id);
      result.deletedCount++;
      result.deleted.push(session.id);
    } catch (error) {
      if (!(error instanceof SessionNotFoundError)) throw error; // another tab got there first
    }
  }
  return result;
}

/** The tier a run uses: its own, else its session's, else `extended` for a session not yet created, else `standard`. */
export function effectivePolicy(requested: PolicyTier | undefined, session: Pick<SessionRecord, 'policy'> | undefined, hasSession: boolean): PolicyTier {
  return requested ?? session?.policy ?? (hasSession ? DEFAULT_SESSION_POLICY : 'standard');
}
