import { strFromU8, strToU8, unzipSync, zipSync, type Zippable } from 'fflate';
import { isEngineId } from '../sandbox/engine-catalog';
import { isPolicyTier } from '../policy/tiers';
import { sessionRange, type Limits, type StoreContext, writeTx } from './context';
import { InvalidArchiveError, InvalidSessionError, SessionNotFoundError } from './errors';
import { sha256Hex } from './hash';
import { fail, ok, type Result } from './result';
import type { SessionRecord } from './schema';
import { newSessionRecord, validateSessionId } from './sessions';
import { randomId } from './tabs';
import { checkPath, commitPlan, planChanges } from './workspace';

export const SESSION_MANIFEST = 'sandcell-session.json';
const FILES_DIR = 'files/';
const MAX_MANIFEST_BYTES = 4 * 1024 * 1024;

export interface SessionManifest {
  format: 'sandcell-session';
  version: 1;
  exportedAt: string;
  session: Pick<SessionRecord, 'id' | 'name' | 'language' | 'engine' | 'policy' | 'stateful' | 'createdAt' | 'updatedAt'>;
  files: Array<{ path: string; size: number; mtime: number; sha256: string }>;
}

/** A session as a zip: `sandcell-session.json` (metadata, file list with hashes) and `files/<path>` for each file. */
export async function exportSession(ctx: StoreContext, sessionId: string): Promise<Uint8Array> {
  const tx = ctx.db.transaction(['sessions', 'files', 'fileData']);
  const session = await tx.objectStore('sessions').get(sessionId);
  if (!session) throw new SessionNotFoundError(sessionId);
  const metas = await tx.objectStore('files').getAll(sessionRange(sessionId));
  const datas = await tx.objectStore('fileData').getAll(sessionRange(sessionId));
  const bytesOf = new Map(datas.map((d) => [d.path, d.bytes]));
  const manifest: SessionManifest = {
    format: 'sandcell-session', version: 1, exportedAt: new Date(ctx.now()).toISOString(),
    session: {
      id: session.id, name: session.name, language: session.language, engine: session.engine, policy: session.policy,
      stateful: session.stateful, createdAt: session.createdAt, updatedAt: session.updatedAt,
    },
    files: [],
  };
  const zippable: Zippable = {};
  for (const meta of metas) {
    const bytes = bytesOf.get(meta.path) ?? new Uint8Array();
    manifest.files.push({ path: meta.path, size: bytes.byteLength, mtime: meta.mtime, sha256: await sha256Hex(bytes) });
    // Zip mtimes are DOS times (1980–2107); the manifest keeps the exact one.
    zippable[FILES_DIR + meta.path] = [bytes, { mtime: Math.max(meta.mtime, Date.UTC(1980, 0, 2)) }];
  }
  zippable[SESSION_MANIFEST] = strToU8(JSON.stringify(manifest, null, 2));
  return zipSync(zippable, { level: 6 });
}

interface ReadZip {
  manifest: SessionManifest;
  files: Map<string, { bytes: Uint8Array; mtime: number }>;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function parseManifest(text: string): Result<SessionManifest, InvalidArchiveError> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return fail(new InvalidArchiveError(`${SESSION_MANIFEST} is not JSON`));
  }
  if (!isRecord(value) || value.format !== 'sandcell-session' || value.version !== 1) return fail(new InvalidArchiveError('this zip is not a Sandcell session export (version 1)'));
  const { session, files } = value;
  if (!isRecord(session) || typeof session.id !== 'string' || typeof session.name !== 'string' || !Array.isArray(files)) {
    return fail(new InvalidArchiveError(`${SESSION_MANIFEST} is missing the session or its file list`));
  }
  if ((session.language !== 'javascript' && session.language !== 'python') || !isEngineId(session.engine) || !isPolicyTier(session.policy)) {
    return fail(new InvalidArchiveError(`${SESSION_MANIFEST} names an unknown language, engine or policy`));
  }
  for (const file of files) {
    if (!isRecord(file) || typeof file.path !== 'string' || typeof file.size !== 'number' || typeof file.mtime !== 'number' || typeof file.sha256 !== 'string') {
      return fail(new InvalidArchiveError(`${SESSION_MANIFEST} has a malformed file entry`));
    }
  }
  return ok(value as unknown as SessionManifest);
}

/**
 * Reads a session zip without trusting it: only `files/<path>` entries whose path is already
 * normal, sizes checked against the caps from the central directory before anything is inflated
 * (a zip bomb is refused unread) and again after, and every hash the manifest lists.
 */
export async function readSessionZip(zip: Uint8Array, limits: Limits): Promise<Result<ReadZip, InvalidArchiveError>> {
  if (zip.byteLength > limits.workspaceBytes + MAX_MANIFEST_BYTES) return fail(new InvalidArchiveError('the zip is larger than a session may be'));
  let problem: string | undefined;
  let declared = 0;
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(zip, {
      filter(file) {
        if (problem) return false;
        if (file.name === SESSION_MANIFEST) {
          if (file.originalSize > MAX_MANIFEST_BYTES) problem = `${SESSION_MANIFEST} is too large`;
          return !problem;
        }
        if (file.name.endsWith('/') || !file.name.startsWith(FILES_DIR)) return false;
        const path = file.name.slice(FILES_DIR.length);
        const normal = checkPath(path);
        if (!normal.ok || normal.value !== path) problem = `the zip entry "${file.name}" is not a plain workspace path${normal.ok ? '' : `: ${normal.error.message}`}`;
        else if (file.originalSize > limits.fileBytes) problem = `"${path}" is over the per-file cap`;
        else if ((declared += file.originalSize) > limits.workspaceBytes) problem = 'the files together are over the per-session cap';
        return !problem;
      },
    });
  } catch (error) {
    return fail(new InvalidArchiveError(`the zip cannot be read: ${error instanceof Error ? error.message : String(error)}`));
  }
  if (problem) return fail(new InvalidArchiveError(problem));
  const manifestBytes = entries[SESSION_MANIFEST];
  if (!manifestBytes) return fail(new InvalidArchiveError(`the zip has no ${SESSION_MANIFEST}, so it is not a Sandcell session export`));
  const manifest = parseManifest(strFromU8(manifestBytes));
  if (!manifest.ok) return manifest;
  const listed = new Map(manifest.value.files.map((file) => [file.path, file]));
  const files = new Map<string, { bytes: Uint8Array; mtime: number }>();
  let total = 0;
  for (const [name, bytes] of Object.entries(entries)) {
    if (name === SESSION_MANIFEST) continue;
    const path = name.slice(FILES_DIR.length);
    total += bytes.byteLength;
    if (bytes.byteLength > limits.fileBytes || total > limits.workspaceBytes) return fail(new InvalidArchiveError(`"${path}" inflates past the caps`));
    const entry = listed.get(path);
    if (entry && entry.sha256 !== (await sha256Hex(bytes))) return fail(new InvalidArchiveError(`"${path}" does not match the hash in ${SESSION_MANIFEST}`));
    files.set(path, { bytes, mtime: entry?.mtime ?? Date.now() });
  }
  for (const path of listed.keys()) if (!files.has(path)) return fail(new InvalidArchiveError(`"${path}" is listed in ${SESSION_MANIFEST} but missing from the zip`));
  return ok({ manifest: manifest.value, files });
}

export interface ImportOptions {
  /** Keep the exported session's id when no session has it; a new UUID otherwise (the default). */
  keepId?: boolean;
  name?: string;
}

/** Imports a session zip as a new session (one transaction); returns it. */
export async function importSession(ctx: StoreContext, zip: Uint8Array, options: ImportOptions = {}): Promise<Result<SessionRecord, InvalidArchiveError | InvalidSessionError>> {
  const read = await readSessionZip(zip, ctx.limits);
  if (!read.ok) return read;
  const { manifest, files } = read.value;
  let id = randomId();
  if (options.keepId) {
    try {
      id = validateSessionId(manifest.session.id, ctx.uuidOnly);
    } catch (error) {
      if (error instanceof InvalidSessionError) return fail(error);
      throw error;
    }
  }
  const now = ctx.now();
  const base = newSessionRecord(
    { id, name: options.name ?? manifest.session.name, language: manifest.session.language, engine: manifest.session.engine, policy: manifest.session.policy, stateful: manifest.session.stateful },
    ctx.uuidOnly,
    now,
  );
  const session = await writeTx(ctx.db, ['sessions', 'files', 'fileData'], async (tx) => {
    if (await tx.objectStore('sessions').getKey(id)) throw new InvalidSessionError(`a session "${id}" already exists; import it under a new id`);
    await tx.objectStore('sessions').add(base);
    const plan = planChanges(base, [], new Map([...files].map(([path, file]) => [path, file.bytes])), [], ctx.limits, now);
    if (!plan.ok) throw plan.error;
    // Keep each file's own modification time.
    const puts = plan.value.puts.map((put) => ({ ...put, meta: { ...put.meta, mtime: files.get(put.meta.path)?.mtime ?? now } }));
    return await commitPlan(tx, { ...plan.value, puts }, now);
  });
  ctx.tabs.publish({ kind: 'session', sessionId: session.id, action: 'created' });
  return ok(session);
}
