import type { FileMap } from '../engines/protocol';
import { sessionRange, writeTx, type StoreContext } from './context';
import { FileNotFoundError, InvalidPathError, SessionNotFoundError, type StoreError } from './errors';
import { fail, ok, type Result } from './result';
import type { SessionRecord } from './schema';
import { checkWheel, SITE_PACKAGES, vendorPath } from './vendor';
import { checkPath, checkWrites, commitPlan, planChanges } from './workspace';

export interface FileInfo {
  path: string;
  size: number;
  mtime: number;
}

/** A file to upload: the browser's File (or any Blob) with a workspace path, or bytes or text. */
export interface UploadItem {
  /** Workspace path; for a folder upload, `webkitRelativePath`. */
  path: string;
  data: Blob | Uint8Array | string;
}

export interface Download {
  /** The file's base name, for `<a download>`. */
  name: string;
  bytes: Uint8Array;
  /** A MIME type guessed from the extension. */
  type: string;
}

export interface Snapshot {
  revision: number;
  files: FileMap;
}

const encoder = new TextEncoder();

const MIME: Record<string, string> = {
  txt: 'text/plain', md: 'text/markdown', csv: 'text/csv', tsv: 'text/tab-separated-values', json: 'application/json',
  jsonl: 'application/jsonl', html: 'text/html', xml: 'application/xml', py: 'text/x-python', js: 'text/javascript',
  mjs: 'text/javascript', ts: 'text/plain', svg: 'image/svg+xml', png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg',
  gif: 'image/gif', webp: 'image/webp', pdf: 'application/pdf', zip: 'application/zip', whl: 'application/zip',
};

export function toBytes(data: Uint8Array | string): Uint8Array {
  return typeof data === 'string' ? encoder.encode(data) : data;
}

/** A session's files without their bytes, sorted by path. */
export async function listFiles(ctx: StoreContext, sessionId: string): Promise<FileInfo[]> {
  const tx = ctx.db.transaction(['sessions', 'files']);
  if (!(await tx.objectStore('sessions').getKey(sessionId))) throw new SessionNotFoundError(sessionId);
  const metas = await tx.objectStore('files').getAll(sessionRange(sessionId));
  return metas.map(({ path, size, mtime }) => ({ path, size, mtime }));
}

export async function readFile(ctx: StoreContext, sessionId: string, path: string): Promise<Uint8Array> {
  const normal = checkPath(path);
  if (!normal.ok) throw normal.error;
  const record = await ctx.db.get('fileData', [sessionId, normal.value]);
  if (!record) throw new FileNotFoundError(sessionId, normal.value);
  return record.bytes;
}

export async function downloadFile(ctx: StoreContext, sessionId: string, path: string): Promise<Download> {
  const bytes = await readFile(ctx, sessionId, path);
  const name = path.split('/').pop() ?? path;
  const extension = name.includes('.') ? name.split('.').pop()!.toLowerCase() : '';
  return { name, bytes, type: MIME[extension] ?? 'application/octet-stream' };
}

/** Every file of a session with the revision it belongs to, read in one transaction. */
export async function snapshot(ctx: StoreContext, sessionId: string): Promise<Snapshot> {
  const tx = ctx.db.transaction(['sessions', 'fileData']);
  const session = await tx.objectStore('sessions').get(sessionId);
  if (!session) throw new SessionNotFoundError(sessionId);
  const files: FileMap = {};
  for (const record of await tx.objectStore('fileData').getAll(sessionRange(sessionId))) files[record.path] = record.bytes;
  return { revision: session.revision, files };
}

/**
 * Writes and deletes files in one transaction: all or nothing. Paths are checked and the caps
 * applied (per file before the transaction, per session inside it).
 */
export async function changeFiles(
  ctx: StoreContext,
  sessionId: string,
  writes: Iterable<readonly [string, Uint8Array]>,
  deletes: readonly string[] = [],
): Promise<Result<{ session: SessionRecord; written: FileInfo[] }, StoreError>> {
  const checked = checkWrites(writes, ctx.limits);
  if (!checked.ok) return checked;
  const now = ctx.now();
  const outcome = await writeTx(ctx.db, ['sessions', 'files', 'fileData'], async (tx) => {
    const session = await tx.objectStore('sessions').get(sessionId);
    if (!session) return fail(new SessionNotFoundError(sessionId));
    const plan = planChanges(session, await tx.objectStore('files').getAll(sessionRange(sessionId)), checked.value, deletes, ctx.limits, now);
    if (!plan.ok) return plan;
    return ok({ session: await commitPlan(tx, plan.value, now), written: plan.value.puts.map(({ meta }) => ({ path: meta.path, size: meta.size, mtime: meta.mtime })) });
  });
  if (outcome.ok) ctx.tabs.publish({ kind: 'files', sessionId, revision: outcome.value.session.revision });
  return outcome;
}

/** Reads Blobs (the only non-IndexedDB await) before any transaction opens. */
export async function readUploads(items: Iterable<UploadItem>, place: (path: string) => string = (path) => path): Promise<Array<[string, Uint8Array]>> {
  const out: Array<[string, Uint8Array]> = [];
  for (const item of items) {
    const bytes = typeof item.data === 'string' || item.data instanceof Uint8Array ? toBytes(item.data) : new Uint8Array(await item.data.arrayBuffer());
    out.push([place(item.path), bytes]);
  }
  return out;
}

/** Uploads files (a folder keeps its relative paths), optionally under a folder of the workspace. */
export async function uploadFiles(ctx: StoreContext, sessionId: string, items: Iterable<UploadItem>, under?: string) {
  let prefix = '';
  if (under !== undefined) {
    const folder = checkPath(under);
    if (!folder.ok) return folder;
    prefix = `${folder.value}/`;
  }
  const entries = await readUploads(items, (path) => prefix + path.replace(/^\/+/, ''));
  return changeFiles(ctx, sessionId, entries);
}

/**
 * Vendors pure-Python packages into the session: wheels go to `site-packages/<name>.whl` (where
 * the Python engine puts each on `sys.path`), package folders keep their paths under
 * `site-packages/`. Compiled wheels are refused with the reason.
 */
export async function vendorPackages(ctx: StoreContext, sessionId: string, items: Iterable<UploadItem>) {
  const entries = await readUploads(items, vendorPath);
  const placed: Array<[string, Uint8Array]> = [];
  for (const [input, bytes] of entries) {
    const normal = checkPath(input);
    if (!normal.ok) return normal;
    const path = normal.value;
    if (!path.startsWith(`${SITE_PACKAGES}/`)) {
      return fail(new InvalidPathError(input, `"${input}" leaves ${SITE_PACKAGES}/; vendored packages stay inside it`));
    }
    if (path.endsWith('.whl')) {
      const name = path.slice(path.lastIndexOf('/') + 1);
      const wheel = checkWheel(name, bytes);
      if (!wheel.ok) return wheel;
      placed.push([`${SITE_PACKAGES}/${name}`, bytes]);
    } else placed.push([path, bytes]);
  }
  return changeFiles(ctx, sessionId, placed);
}
