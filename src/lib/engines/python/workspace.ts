/**
 * A session's files, mounted at /app: the host's sync goes in before a run, and what the run
 * wrote, created or deleted comes out after it. Changes are found by comparing each path's
 * file object and its version before and after, which covers writes, creates, deletes and
 * renames without hooking every call.
 */
import type { Permissions, WorkspaceChanges, WorkspaceSync } from '../protocol';
import { MAX_FILE_BYTES, MAX_WORKSPACE_BYTES, WORKSPACE_ROOT, normalizeWorkspacePath } from '../paths';
import { Volume, WsDir, WsFile, detachTree, listFiles, type VolumeLimits } from './wasi-fs';

export const WORKSPACE_LIMITS: VolumeLimits = { fileBytes: MAX_FILE_BYTES, totalBytes: MAX_WORKSPACE_BYTES };
/** /tmp lives in the JS heap too, one per interpreter, under the same caps. */
export const SCRATCH_LIMITS: VolumeLimits = WORKSPACE_LIMITS;

/** Which file object and version each path held when a run started. */
export type Snapshot = ReadonlyMap<string, { readonly file: WsFile; readonly version: number }>;

export type SyncResult = { ok: true } | { ok: false; error: string };

export class Workspace {
  readonly volume: Volume;
  readonly root: WsDir;

  constructor(limits: VolumeLimits = WORKSPACE_LIMITS) {
    this.volume = new Volume(limits, 'none');
    this.root = new WsDir(this.volume);
  }

  /** Sets what the guest may do with /app for the coming run. */
  setAccess(fs: Permissions['fs']): void {
    this.volume.access = fs;
  }

  /** Applies the host's files. Paths are checked first, so a bad sync changes nothing. */
  apply(sync: WorkspaceSync): SyncResult {
    const files: [string[], Uint8Array][] = [];
    const deleted: string[][] = [];
    for (const [path, data] of Object.entries(sync.files)) {
      const normal = normalizeWorkspacePath(path);
      if (!normal.ok) return { ok: false, error: normal.error };
      files.push([normal.value.split('/'), data]);
    }
    for (const path of sync.deleted) {
      const normal = normalizeWorkspacePath(path);
      if (!normal.ok) return { ok: false, error: normal.error };
      deleted.push(normal.value.split('/'));
    }
    if (sync.replace) {
      for (const node of this.root.entries.values()) detachTree(node);
      this.root.entries.clear();
      this.root.touch();
    }
    for (const parts of deleted) this.#remove(parts);
    for (const [parts, data] of files) this.#put(parts, data);
    return { ok: true };
  }

  /** sys.path entries the workspace provides after the stdlib: site-packages and its wheels. */
  sitePaths(): string[] {
    const site = this.root.entries.get('site-packages');
    if (!(site instanceof WsDir)) return [];
    const wheels = [...site.entries].filter(([name, node]) => name.endsWith('.whl') && node instanceof WsFile).map(([name]) => name);
    return [`${WORKSPACE_ROOT}/site-packages`, ...wheels.sort().map((name) => `${WORKSPACE_ROOT}/site-packages/${name}`)];
  }

  snapshot(): Snapshot {
    const snapshot = new Map<string, { file: WsFile; version: number }>();
    for (const [path, file] of listFiles(this.root)) snapshot.set(path, { file, version: file.version });
    return snapshot;
  }

  /** Files written or created since `before`, and paths whose file is gone. */
  changesSince(before: Snapshot): WorkspaceChanges {
    const now = listFiles(this.root);
    const files: Record<string, Uint8Array> = {};
    for (const [path, file] of now) {
      const was = before.get(path);
      if (!was || was.file !== file || was.version !== file.version) files[path] = file.contents();
    }
    const deleted = [...before.keys()].filter((path) => !now.has(path));
    return { files, deleted };
  }

  #remove(parts: string[]): void {
    let dir = this.root;
    for (const part of parts.slice(0, -1)) {
      const next = dir.entries.get(part);
      if (!(next instanceof WsDir)) return;
      dir = next;
    }
    const name = parts.at(-1)!;
    const node = dir.entries.get(name);
    if (node === undefined) return;
    detachTree(node);
    dir.entries.delete(name);
    dir.touch();
  }

  /** The host is the source of truth: whatever stands in the way of a path is replaced. */
  #put(parts: string[], data: Uint8Array): void {
    let dir = this.root;
    for (const part of parts.slice(0, -1)) {
      let next = dir.entries.get(part);
      if (!(next instanceof WsDir)) {
        if (next !== undefined) detachTree(next);
        next = new WsDir(this.volume, dir);
        dir.entries.set(part, next);
        dir.touch();
      }
      dir = next;
    }
    const name = parts.at(-1)!;
    const existing = dir.entries.get(name);
    if (existing instanceof WsFile) {
      existing.replace(data);
      return;
    }
    if (existing !== undefined) detachTree(existing);
    dir.entries.set(name, new WsFile(this.volume, data));
    dir.touch();
  }
}
