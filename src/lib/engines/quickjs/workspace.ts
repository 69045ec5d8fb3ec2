import type { FileMap, WorkspaceChanges, WorkspaceSync } from '../protocol';
import { MAX_FILE_BYTES, MAX_WORKSPACE_BYTES, WORKSPACE_ROOT, normalizeWorkspacePath } from '../paths';

/** A Node-style file system error; `code` is what guest code checks (`ENOENT`, `EROFS`, ...). */
export class FsError extends Error {
  override name = 'FsError';
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export interface StatInfo {
  readonly kind: 'file' | 'directory';
  readonly size: number;
  readonly mtimeMs: number;
  readonly birthtimeMs: number;
}

interface FileEntry {
  data: Uint8Array;
  mtimeMs: number;
  birthtimeMs: number;
}

const ROOT = '';
const MB = 1024 * 1024;

/** Shows a guest path the way the guest wrote it, as Node's messages do. */
function quote(path: string): string {
  return `'${path}'`;
}

function parentOf(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash < 0 ? ROOT : path.slice(0, slash);
}

function isInside(path: string, dir: string): boolean {
  return dir === ROOT || path.startsWith(`${dir}/`);
}

/**
 * One session's workspace: files by normalised path, plus directories made explicitly
 * (others are implied by the files under them). Every operation throws FsError with Node's
 * code and message; permission checks belong to the caller, which knows the policy.
 */
export class Workspace {
  readonly #files = new Map<string, FileEntry>();
  readonly #dirs = new Map<string, number>();
  #totalBytes = 0;
  // What the current run changed; `created` are paths that did not exist when it started.
  #written = new Set<string>();
  #created = new Set<string>();
  #deleted = new Set<string>();

  get totalBytes(): number {
    return this.#totalBytes;
  }

  /** Applies the host's files before a run. Returns an error message instead of throwing. */
  sync(sync: WorkspaceSync): string | undefined {
    const incoming = new Map<string, Uint8Array>();
    for (const [raw, data] of Object.entries(sync.files)) {
      const path = normalizeWorkspacePath(raw);
      if (!path.ok) return `workspace sync: ${path.error}`;
      if (!(data instanceof Uint8Array)) return `workspace sync: file "${raw}" is not a Uint8Array`;
      if (data.byteLength > MAX_FILE_BYTES) return `workspace sync: file "${raw}" is larger than the ${MAX_FILE_BYTES / MB} MB cap`;
      incoming.set(path.value, data);
    }
    const deleted: string[] = [];
    for (const raw of sync.deleted) {
      const path = normalizeWorkspacePath(raw);
      if (!path.ok) return `workspace sync: ${path.error}`;
      deleted.push(path.value);
    }
    const next = new Map<string, FileEntry>(sync.replace ? [] : this.#files);
    for (const path of deleted) {
      for (const key of [...next.keys()]) if (key === path || isInside(key, path)) next.delete(key);
    }
    const now = Date.now();
    for (const [path, data] of incoming) {
      const old = next.get(path);
      next.set(path, { data, mtimeMs: now, birthtimeMs: old?.birthtimeMs ?? now });
    }
    let total = 0;
    for (const entry of next.values()) total += entry.data.byteLength;
    if (total > MAX_WORKSPACE_BYTES) return `workspace sync: the files total more than the ${MAX_WORKSPACE_BYTES / MB} MB cap`;
    const sorted = [...next.keys()].sort();
    for (let i = 0; i + 1 < sorted.length; i++) {
      const path = sorted[i] as string;
      if (sorted.slice(i + 1).some((other) => other.startsWith(`${path}/`))) {
        return `workspace sync: "${path}" is both a file and a directory`;
      }
    }
    this.#files.clear();
    for (const [path, entry] of next) this.#files.set(path, entry);
    if (sync.replace) this.#dirs.clear();
    for (const path of deleted) for (const dir of [...this.#dirs.keys()]) if (dir === path || isInside(dir, path)) this.#dirs.delete(dir);
    this.#totalBytes = total;
    return undefined;
  }

  /** Starts tracking changes for a run. */
  beginRun(): void {
    this.#written = new Set();
    this.#created = new Set();
    this.#deleted = new Set();
  }

  /** Files written or created by this run and paths it removed (a rename is both). */
  changes(): WorkspaceChanges {
    const files: FileMap = {};
    for (const path of [...this.#written].sort()) {
      const entry = this.#files.get(path);
      if (entry) files[path] = entry.data;
    }
    return { files, deleted: [...this.#deleted].sort() };
  }

  /** Resolves a guest path: relative to the workspace, or absolute under `/app`. `''` is the root. */
  resolve(guestPath: string, syscall: string): string {
    if (typeof guestPath !== 'string') throw new FsError('ERR_INVALID_ARG_TYPE', 'The "path" argument must be of type string');
    const trimmed = guestPath.replace(/\/+$/, '');
    if (trimmed === '' || trimmed === '.' || trimmed === WORKSPACE_ROOT) {
      if (guestPath === '') throw new FsError('ENOENT', `ENOENT: no such file or directory, ${syscall} ''`);
      return ROOT;
    }
    const path = normalizeWorkspacePath(guestPath);
    if (path.ok) return path.value;
    if (path.error.includes('names the workspace itself')) return ROOT;
    throw new FsError('EACCES', `EACCES: permission denied, ${syscall} ${quote(guestPath)} (${path.error})`);
  }

  isDirectory(path: string): boolean {
    if (path === ROOT || this.#dirs.has(path)) return true;
    for (const key of this.#files.keys()) if (key.startsWith(`${path}/`)) return true;
    return false;
  }

  exists(path: string): boolean {
    return this.#files.has(path) || this.isDirectory(path);
  }

  readFile(path: string, shown: string): Uint8Array {
    const entry = this.#files.get(path);
    if (entry) return entry.data;
    if (this.isDirectory(path)) throw new FsError('EISDIR', `EISDIR: illegal operation on a directory, read`);
    throw new FsError('ENOENT', `ENOENT: no such file or directory, open ${quote(shown)}`);
  }

  writeFile(path: string, shown: string, data: Uint8Array, append: boolean): void {
    if (path === ROOT || this.isDirectory(path)) throw new FsError('EISDIR', `EISDIR: illegal operation on a directory, open ${quote(shown)}`);
    this.#assertParent(path, shown, 'open');
    const old = this.#files.get(path);
    let next = data;
    if (append && old) {
      next = new Uint8Array(old.data.byteLength + data.byteLength);
      next.set(old.data);
      next.set(data, old.data.byteLength);
    }
    if (next.byteLength > MAX_FILE_BYTES) {
      throw new FsError('EFBIG', `EFBIG: file too large, write ${quote(shown)} (files are capped at ${MAX_FILE_BYTES / MB} MB)`);
    }
    const total = this.#totalBytes - (old?.data.byteLength ?? 0) + next.byteLength;
    if (total > MAX_WORKSPACE_BYTES) {
      throw new FsError('ENOSPC', `ENOSPC: no space left on device, write ${quote(shown)} (the workspace is capped at ${MAX_WORKSPACE_BYTES / MB} MB)`);
    }
    const now = Date.now();
    this.#files.set(path, { data: next, mtimeMs: now, birthtimeMs: old?.birthtimeMs ?? now });
    this.#totalBytes = total;
    this.#noteWrite(path, !old);
  }

  stat(path: string, shown: string, syscall = 'stat'): StatInfo {
    const entry = this.#files.get(path);
    if (entry) return { kind: 'file', size: entry.data.byteLength, mtimeMs: entry.mtimeMs, birthtimeMs: entry.birthtimeMs };
    if (this.isDirectory(path)) {
      const made = this.#dirs.get(path) ?? 0;
      return { kind: 'directory', size: 4096, mtimeMs: made, birthtimeMs: made };
    }
    throw new FsError('ENOENT', `ENOENT: no such file or directory, ${syscall} ${quote(shown)}`);
  }

  /** Immediate children, sorted, with whether each is a directory. */
  readdir(path: string, shown: string): { name: string; directory: boolean }[] {
    if (this.#files.has(path)) throw new FsError('ENOTDIR', `ENOTDIR: not a directory, scandir ${quote(shown)}`);
    if (!this.isDirectory(path)) throw new FsError('ENOENT', `ENOENT: no such file or directory, scandir ${quote(shown)}`);
    const prefix = path === ROOT ? '' : `${path}/`;
    const children = new Map<string, boolean>();
    const add = (key: string, isDirEntry: boolean) => {
      if (!key.startsWith(prefix) || key === path) return;
      const rest = key.slice(prefix.length);
      const slash = rest.indexOf('/');
      if (slash < 0) children.set(rest, children.get(rest) || isDirEntry);
      else children.set(rest.slice(0, slash), true);
    };
    for (const key of this.#files.keys()) add(key, false);
    for (const key of this.#dirs.keys()) add(key, true);
    return [...children].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([name, directory]) => ({ name, directory }));
  }

  /** Returns the first directory created (as `/app/...`), like Node's recursive mkdir. */
  mkdir(path: string, shown: string, recursive: boolean): string | undefined {
    if (this.#files.has(path)) throw new FsError('EEXIST', `EEXIST: file already exists, mkdir ${quote(shown)}`);
    if (this.isDirectory(path)) {
      if (recursive) return undefined;
      throw new FsError('EEXIST', `EEXIST: file already exists, mkdir ${quote(shown)}`);
    }
    const missing: string[] = [];
    for (let dir = path; dir !== ROOT && !this.isDirectory(dir); dir = parentOf(dir)) {
      if (this.#files.has(dir)) throw new FsError('ENOTDIR', `ENOTDIR: not a directory, mkdir ${quote(shown)}`);
      missing.unshift(dir);
    }
    if (missing.length > 1 && !recursive) throw new FsError('ENOENT', `ENOENT: no such file or directory, mkdir ${quote(shown)}`);
    const now = Date.now();
    for (const dir of missing) this.#dirs.set(dir, now);
    return missing[0] === undefined ? undefined : `${WORKSPACE_ROOT}/${missing[0]}`;
  }

  unlink(path: string, shown: string): void {
    if (!this.#files.has(path)) {
      if (this.isDirectory(path)) throw new FsError('EISDIR', `EISDIR: illegal operation on a directory, unlink ${quote(shown)}`);
      throw new FsError('ENOENT', `ENOENT: no such file or directory, unlink ${quote(shown)}`);
    }
    this.#remove(path);
  }

  rmdir(path: string, shown: string, recursive: boolean): void {
    if (this.#files.has(path)) throw new FsError('ENOTDIR', `ENOTDIR: not a directory, rmdir ${quote(shown)}`);
    if (!this.isDirectory(path)) throw new FsError('ENOENT', `ENOENT: no such file or directory, rmdir ${quote(shown)}`);
    if (path === ROOT) throw new FsError('EBUSY', `EBUSY: resource busy or locked, rmdir ${quote(shown)}`);
    const inside = [...this.#files.keys()].filter((key) => isInside(key, path));
    const dirsInside = [...this.#dirs.keys()].filter((key) => isInside(key, path));
    if (!recursive && (inside.length || dirsInside.length)) {
      throw new FsError('ENOTEMPTY', `ENOTEMPTY: directory not empty, rmdir ${quote(shown)}`);
    }
    for (const key of inside) this.#remove(key);
    for (const key of dirsInside) this.#dirs.delete(key);
    this.#dirs.delete(path);
  }

  /** `fs.rm`: files, or directories with `recursive`; `force` ignores a missing path. */
  rm(path: string, shown: string, recursive: boolean, force: boolean): void {
    if (this.#files.has(path)) return this.#remove(path);
    if (!this.isDirectory(path)) {
      if (force) return;
      throw new FsError('ENOENT', `ENOENT: no such file or directory, lstat ${quote(shown)}`);
    }
    if (!recursive) {
      throw new FsError('ERR_FS_EISDIR', `Path is a directory: rm returned EISDIR (is a directory) ${shown}`);
    }
    this.rmdir(path, shown, true);
  }

  rename(from: string, to: string, shownFrom: string, shownTo: string): void {
    const what = `rename ${quote(shownFrom)} -> ${quote(shownTo)}`;
    if (!this.exists(from) || from === ROOT) throw new FsError('ENOENT', `ENOENT: no such file or directory, ${what}`);
    if (from === to) return;
    if (to === ROOT || !this.isDirectory(parentOf(to))) throw new FsError('ENOENT', `ENOENT: no such file or directory, ${what}`);
    const file = this.#files.get(from);
    if (file) {
      if (this.isDirectory(to)) throw new FsError('EISDIR', `EISDIR: illegal operation on a directory, ${what}`);
      this.#move(from, to, file);
      return;
    }
    if (isInside(to, from)) throw new FsError('EINVAL', `EINVAL: invalid argument, ${what}`);
    if (this.#files.has(to)) throw new FsError('ENOTDIR', `ENOTDIR: not a directory, ${what}`);
    if (this.isDirectory(to) && this.readdir(to, shownTo).length) throw new FsError('ENOTEMPTY', `ENOTEMPTY: directory not empty, ${what}`);
    for (const [key, entry] of [...this.#files]) {
      if (isInside(key, from)) this.#move(key, to + key.slice(from.length), entry);
    }
    for (const [key, made] of [...this.#dirs]) {
      if (key === from || isInside(key, from)) {
        this.#dirs.delete(key);
        this.#dirs.set(to + key.slice(from.length), made);
      }
    }
    this.#dirs.set(to, this.#dirs.get(to) ?? Date.now());
  }

  copyFile(from: string, to: string, shownFrom: string, shownTo: string): void {
    const entry = this.#files.get(from);
    const what = `copyfile ${quote(shownFrom)} -> ${quote(shownTo)}`;
    if (!entry) {
      if (this.isDirectory(from)) throw new FsError('EISDIR', `EISDIR: illegal operation on a directory, ${what}`);
      throw new FsError('ENOENT', `ENOENT: no such file or directory, ${what}`);
    }
    if (!this.isDirectory(parentOf(to))) throw new FsError('ENOENT', `ENOENT: no such file or directory, ${what}`);
    this.writeFile(to, shownTo, entry.data, false);
  }

  #assertParent(path: string, shown: string, syscall: string): void {
    const parent = parentOf(path);
    if (this.isDirectory(parent)) return;
    for (let dir = parent; dir !== ROOT; dir = parentOf(dir)) {
      if (this.#files.has(dir)) throw new FsError('ENOTDIR', `ENOTDIR: not a directory, ${syscall} ${quote(shown)}`);
    }
    throw new FsError('ENOENT', `ENOENT: no such file or directory, ${syscall} ${quote(shown)}`);
  }

  #move(from: string, to: string, entry: FileEntry): void {
    const replaced = this.#files.get(to);
    if (replaced) this.#totalBytes -= replaced.data.byteLength;
    this.#files.delete(from);
    this.#keepParent(from);
    this.#noteDelete(from);
    this.#files.set(to, { ...entry, mtimeMs: Date.now() });
    this.#noteWrite(to, !replaced);
  }

  #remove(path: string): void {
    const entry = this.#files.get(path);
    if (!entry) return;
    this.#files.delete(path);
    this.#totalBytes -= entry.data.byteLength;
    this.#keepParent(path);
    this.#noteDelete(path);
  }

  /** A directory stays when its last file goes, as on a real disk. */
  #keepParent(path: string): void {
    const parent = parentOf(path);
    if (parent !== ROOT && !this.#dirs.has(parent)) this.#dirs.set(parent, Date.now());
  }

  #noteWrite(path: string, isNew: boolean): void {
    this.#written.add(path);
    if (isNew && !this.#deleted.delete(path)) this.#created.add(path);
  }

  #noteDelete(path: string): void {
    this.#written.delete(path);
    // A file made and removed in the same run never existed for the host.
    if (!this.#created.delete(path)) this.#deleted.add(path);
  }
}
