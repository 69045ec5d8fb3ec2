import { normalizeWorkspacePath } from '../engines/paths';
import { quiet, type Limits, type WriteTx } from './context';
import { FileTooLargeError, InvalidPathError, WorkspaceFullError, type StoreError } from './errors';
import { fail, ok, type Result } from './result';
import type { FileRecord, SessionRecord, StoreName } from './schema';

/** A normalised workspace path, or InvalidPathError naming the input and what is wrong with it. */
export function checkPath(input: string): Result<string, InvalidPathError> {
  const normal = normalizeWorkspacePath(input);
  return normal.ok ? ok(normal.value) : fail(new InvalidPathError(String(input), normal.error));
}

/** Normalises every path and checks the per-file cap, before any transaction opens. */
export function checkWrites(entries: Iterable<readonly [string, Uint8Array]>, limits: Limits): Result<Map<string, Uint8Array>> {
  const out = new Map<string, Uint8Array>();
  for (const [input, bytes] of entries) {
    const path = checkPath(input);
    if (!path.ok) return path;
    if (!(bytes instanceof Uint8Array)) return fail(new InvalidPathError(path.value, `"${path.value}": file contents must be bytes or text`));
    if (bytes.byteLength > limits.fileBytes) return fail(new FileTooLargeError(path.value, bytes.byteLength, limits.fileBytes));
    out.set(path.value, bytes);
  }
  return ok(out);
}

export interface WorkspacePlan {
  readonly session: SessionRecord;
  readonly puts: ReadonlyArray<{ meta: FileRecord; bytes: Uint8Array }>;
  readonly deletes: readonly string[];
  readonly bytes: number;
  readonly fileCount: number;
}

function ancestors(path: string): string[] {
  const parts = path.split('/');
  const out: string[] = [];
  for (let i = 1; i < parts.length; i++) out.push(parts.slice(0, i).join('/'));
  return out;
}

/**
 * Works out a change to a session's files from its current file records: deletes first (a
 * deleted folder takes everything under it), then writes, refusing a file where a folder is (or
 * the other way round) and anything over the session cap. Nothing is written until `commitPlan`.
 */
export function planChanges(
  session: SessionRecord,
  metas: readonly FileRecord[],
  writes: ReadonlyMap<string, Uint8Array>,
  deletes: readonly string[],
  limits: Limits,
  now: number,
): Result<WorkspacePlan, StoreError> {
  const existing = new Map<string, FileRecord>();
  for (const meta of metas) existing.set(meta.path, meta);
  const after = new Map<string, number>();
  for (const [path, meta] of existing) after.set(path, meta.size);

  const removed: string[] = [];
  for (const input of deletes) {
    const path = checkPath(input);
    if (!path.ok) return path;
    for (const candidate of [...after.keys()]) {
      if (candidate === path.value || candidate.startsWith(`${path.value}/`)) {
        after.delete(candidate);
        if (existing.has(candidate)) removed.push(candidate);
      }
    }
  }

  let total = [...after.values()].reduce((sum, size) => sum + size, 0);
  const puts: Array<{ meta: FileRecord; bytes: Uint8Array }> = [];
  for (const [path, bytes] of writes) {
    total += bytes.byteLength - (after.get(path) ?? 0);
    after.set(path, bytes.byteLength);
    if (total > limits.workspaceBytes) return fail(new WorkspaceFullError(path, total, limits.workspaceBytes, session.id));
    puts.push({ meta: { sessionId: session.id, path, size: bytes.byteLength, mtime: now }, bytes });
  }

  // A path cannot be both a file and a folder: the guest's filesystem could not be built.
  const folders = new Set<string>();
  for (const path of after.keys()) for (const folder of ancestors(path)) folders.add(folder);
  for (const path of writes.keys()) {
    if (folders.has(path)) return fail(new InvalidPathError(path, `"${path}" is a folder in this workspace, so it cannot also be a file`));
    const fileAbove = ancestors(path).find((folder) => after.has(folder));
    if (fileAbove) return fail(new InvalidPathError(path, `"${path}" needs a folder "${fileAbove}", but that is a file in this workspace`));
  }

  const deleted = removed.filter((path) => !writes.has(path));
  return ok({ session, puts, deletes: deleted, bytes: total, fileCount: after.size });
}

/** Writes a plan and bumps the session's revision. Call in the same transaction as `planChanges`. */
/**
 * Files from this size on are written one at a time, each after the last is stored: IndexedDB
 * clones a value on the calling thread when it is put, and a run that wrote a dozen 8 MB files
 * would otherwise clone them all in one task and freeze the page for most of a second.
 */
const WRITE_ALONE_FROM_BYTES = 1 << 20;

export async function commitPlan<S extends StoreName>(tx: WriteTx<S | 'sessions' | 'files' | 'fileData'>, plan: WorkspacePlan, now: number): Promise<SessionRecord> {
  const files = tx.objectStore('files');
  const data = tx.objectStore('fileData');
  for (const path of plan.deletes) {
    quiet(files.delete([plan.session.id, path]));
    quiet(data.delete([plan.session.id, path]));
  }
  for (const { meta, bytes } of plan.puts) {
    quiet(files.put(meta));
    const put = data.put({ sessionId: meta.sessionId, path: meta.path, bytes });
    // The next clone then runs in the task of this put's success event, not in this one.
    if (bytes.byteLength >= WRITE_ALONE_FROM_BYTES) await put;
    else quiet(put);
  }
  const session: SessionRecord = {
    ...plan.session,
    bytes: plan.bytes,
    fileCount: plan.fileCount,
    revision: plan.session.revision + 1,
    updatedAt: now,
  };
  quiet(tx.objectStore('sessions').put(session));
  return session;
}
