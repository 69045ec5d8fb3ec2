/**
 * Open descriptors on the in-memory filesystem of `wasi-fs.ts`. Every check of the volume's
 * access happens here, per operation, so one live interpreter can see /app read-write in one
 * run, read-only in the next and not at all in a third.
 */
import { Fd, wasi } from '@bjorn3/browser_wasi_shim';
import { WsDir, WsFile, filetypeOf, mkdir, removeDirectory, rename, resolve, unlinkFile, type Volume } from './wasi-fs';

const RIGHT_WRITE = BigInt(wasi.RIGHTS_FD_WRITE);
const READ_RIGHTS = BigInt(wasi.RIGHTS_FD_READ | wasi.RIGHTS_FD_SEEK | wasi.RIGHTS_FD_TELL | wasi.RIGHTS_FD_FILESTAT_GET);
const WRITE_RIGHTS = BigInt(wasi.RIGHTS_FD_WRITE | wasi.RIGHTS_FD_ALLOCATE | wasi.RIGHTS_FD_FILESTAT_SET_SIZE | wasi.RIGHTS_FD_DATASYNC);
/** Every right: access is checked per operation against the volume, not with WASI rights. */
const ALL_RIGHTS = (1n << 29n) - 1n;

/**
 * Base for every descriptor the engine hands out. Only preopens may answer fd_prestat_get:
 * wasi-vfs (inside python.wasm) panics on NOTSUP, the shim's default, so the rest say BADF.
 */
export class BaseFd extends Fd {
  override fd_prestat_get(): { ret: number; prestat: wasi.Prestat | null } {
    return { ret: wasi.ERRNO_BADF, prestat: null };
  }
}

/** Converts a guest offset; past MAX_SAFE_INTEGER it is just "too far" for any file here. */
function toOffset(value: bigint): number {
  return value > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(value);
}

function setTimes(node: { atim: bigint; mtim: bigint; ctim: bigint; volume: Volume }, atim: bigint, mtim: bigint, flags: number): void {
  const now = node.volume.now();
  if (flags & wasi.FSTFLAGS_ATIM) node.atim = atim;
  else if (flags & wasi.FSTFLAGS_ATIM_NOW) node.atim = now;
  if (flags & wasi.FSTFLAGS_MTIM) node.mtim = mtim;
  else if (flags & wasi.FSTFLAGS_MTIM_NOW) node.mtim = now;
  node.ctim = now;
}

export class WsOpenFile extends BaseFd {
  readonly file: WsFile;
  readonly writable: boolean;
  readonly append: boolean;
  #pos = 0;
  #closed = false;

  constructor(file: WsFile, writable: boolean, append: boolean) {
    super();
    this.file = file;
    this.writable = writable;
    this.append = append;
    file.openCount++;
  }

  /** An errno when the volume is hidden this run (or the write is refused), else null. */
  #denied(writing: boolean): number | null {
    const access = this.file.volume.access;
    if (access === 'none') return wasi.ERRNO_BADF;
    if (writing) {
      if (!this.writable) return wasi.ERRNO_BADF;
      if (access !== 'write') return wasi.ERRNO_ROFS;
    }
    return null;
  }

  override fd_fdstat_get(): { ret: number; fdstat: wasi.Fdstat | null } {
    const fdstat = new wasi.Fdstat(wasi.FILETYPE_REGULAR_FILE, this.append ? wasi.FDFLAGS_APPEND : 0);
    fdstat.fs_rights_base = this.writable ? READ_RIGHTS | WRITE_RIGHTS : READ_RIGHTS;
    return { ret: wasi.ERRNO_SUCCESS, fdstat };
  }

  override fd_filestat_get(): { ret: number; filestat: wasi.Filestat | null } {
    const denied = this.#denied(false);
    if (denied !== null) return { ret: denied, filestat: null };
    return { ret: wasi.ERRNO_SUCCESS, filestat: this.file.stat() };
  }

  override fd_read(size: number): { ret: number; data: Uint8Array } {
    const denied = this.#denied(false);
    if (denied !== null) return { ret: denied, data: new Uint8Array(0) };
    const data = this.file.read(this.#pos, size);
    this.#pos += data.length;
    return { ret: wasi.ERRNO_SUCCESS, data };
  }

  override fd_pread(size: number, offset: bigint): { ret: number; data: Uint8Array } {
    const denied = this.#denied(false);
    if (denied !== null) return { ret: denied, data: new Uint8Array(0) };
    return { ret: wasi.ERRNO_SUCCESS, data: this.file.read(toOffset(offset), size) };
  }

  override fd_write(data: Uint8Array): { ret: number; nwritten: number } {
    const denied = this.#denied(true);
    if (denied !== null) return { ret: denied, nwritten: 0 };
    if (this.append) this.#pos = this.file.size;
    const ret = this.file.write(this.#pos, data);
    if (ret !== wasi.ERRNO_SUCCESS) return { ret, nwritten: 0 };
    this.#pos += data.length;
    return { ret, nwritten: data.length };
  }

  override fd_pwrite(data: Uint8Array, offset: bigint): { ret: number; nwritten: number } {
    const denied = this.#denied(true);
    if (denied !== null) return { ret: denied, nwritten: 0 };
    const ret = this.file.write(toOffset(offset), data);
    return { ret, nwritten: ret === wasi.ERRNO_SUCCESS ? data.length : 0 };
  }

  override fd_seek(offset: bigint, whence: number): { ret: number; offset: bigint } {
    const denied = this.#denied(false);
    if (denied !== null) return { ret: denied, offset: 0n };
    const base = whence === wasi.WHENCE_SET ? 0n : whence === wasi.WHENCE_CUR ? BigInt(this.#pos) : whence === wasi.WHENCE_END ? BigInt(this.file.size) : null;
    if (base === null) return { ret: wasi.ERRNO_INVAL, offset: 0n };
    const target = base + offset;
    if (target < 0n) return { ret: wasi.ERRNO_INVAL, offset: 0n };
    this.#pos = toOffset(target);
    return { ret: wasi.ERRNO_SUCCESS, offset: BigInt(this.#pos) };
  }

  override fd_tell(): { ret: number; offset: bigint } {
    return { ret: wasi.ERRNO_SUCCESS, offset: BigInt(this.#pos) };
  }

  override fd_filestat_set_size(size: bigint): number {
    return this.#denied(true) ?? this.file.resize(toOffset(size));
  }

  override fd_allocate(offset: bigint, len: bigint): number {
    const denied = this.#denied(true);
    if (denied !== null) return denied;
    const end = toOffset(offset + len);
    return end > this.file.size ? this.file.resize(end) : wasi.ERRNO_SUCCESS;
  }

  override fd_filestat_set_times(atim: bigint, mtim: bigint, flags: number): number {
    const access = this.file.volume.access;
    if (access !== 'write') return access === 'none' ? wasi.ERRNO_BADF : wasi.ERRNO_ROFS;
    setTimes(this.file, atim, mtim, flags);
    return wasi.ERRNO_SUCCESS;
  }

  override fd_close(): number {
    if (this.#closed) return wasi.ERRNO_SUCCESS;
    this.#closed = true;
    this.file.openCount--;
    if (!this.file.linked && this.file.openCount === 0) this.file.release();
    return wasi.ERRNO_SUCCESS;
  }
}

/** An open directory; with `preopenName` it is one of the roots wasi-libc finds at startup. */
export class WsOpenDir extends BaseFd {
  /** Rebound only for the /app preopen, when a live interpreter changes workspaces (see Interpreter.mount). */
  dir: WsDir;
  readonly preopenName: string | undefined;
  #listing: [string, ReturnType<typeof filetypeOf>, bigint][] | null = null;

  constructor(dir: WsDir, preopenName?: string) {
    super();
    this.dir = dir;
    this.preopenName = preopenName;
  }

  get volume(): Volume {
    return this.dir.volume;
  }

  /** An errno when the volume is hidden this run, or read-only and `mutating`; else null. */
  #denied(mutating: boolean): number | null {
    const access = this.dir.volume.access;
    if (access === 'none') return wasi.ERRNO_NOENT;
    if (mutating && access !== 'write') return wasi.ERRNO_ROFS;
    return null;
  }

  override fd_prestat_get(): { ret: number; prestat: wasi.Prestat | null } {
    if (this.preopenName === undefined) return super.fd_prestat_get();
    return { ret: wasi.ERRNO_SUCCESS, prestat: wasi.Prestat.dir(this.preopenName) };
  }

  override fd_fdstat_get(): { ret: number; fdstat: wasi.Fdstat | null } {
    const fdstat = new wasi.Fdstat(wasi.FILETYPE_DIRECTORY, 0);
    // wasi-libc masks the rights it asks for in path_open with these: without them a file
    // opened for writing would arrive with no write right.
    fdstat.fs_rights_base = ALL_RIGHTS;
    fdstat.fs_rights_inherited = ALL_RIGHTS;
    return { ret: wasi.ERRNO_SUCCESS, fdstat };
  }

  override fd_filestat_get(): { ret: number; filestat: wasi.Filestat | null } {
    const denied = this.#denied(false);
    if (denied !== null) return { ret: denied, filestat: null };
    return { ret: wasi.ERRNO_SUCCESS, filestat: this.dir.stat() };
  }

  override fd_readdir_single(cookie: bigint): { ret: number; dirent: wasi.Dirent | null } {
    const denied = this.#denied(false);
    if (denied !== null) return { ret: denied, dirent: null };
    if (cookie === 0n) return { ret: wasi.ERRNO_SUCCESS, dirent: new wasi.Dirent(1n, this.dir.ino, '.', wasi.FILETYPE_DIRECTORY) };
    if (cookie === 1n) {
      const parentIno = (this.dir.parent ?? this.dir).ino;
      // Take the listing once per pass, so reading a large directory stays linear.
      this.#listing = [...this.dir.entries].map(([name, node]) => [name, filetypeOf(node), node.ino]);
      return { ret: wasi.ERRNO_SUCCESS, dirent: new wasi.Dirent(2n, parentIno, '..', wasi.FILETYPE_DIRECTORY) };
    }
    this.#listing ??= [...this.dir.entries].map(([name, node]) => [name, filetypeOf(node), node.ino]);
    const entry = this.#listing[Number(cookie - 2n)];
    if (!entry) return { ret: wasi.ERRNO_SUCCESS, dirent: null };
    const [name, type, ino] = entry;
    return { ret: wasi.ERRNO_SUCCESS, dirent: new wasi.Dirent(cookie + 1n, ino, name, type) };
  }

  override path_open(
    _dirflags: number,
    path: string,
    oflags: number,
    rightsBase: bigint,
    _rightsInheriting: bigint,
    fdFlags: number,
  ): { ret: number; fd_obj: Fd | null } {
    const denied = this.#denied(false);
    if (denied !== null) return { ret: denied, fd_obj: null };
    const r = resolve(this.dir, path);
    if (r.ret !== wasi.ERRNO_SUCCESS) return { ret: r.ret, fd_obj: null };
    const wantsWrite = (rightsBase & RIGHT_WRITE) !== 0n;
    const truncate = (oflags & wasi.OFLAGS_TRUNC) !== 0;
    const directory = (oflags & wasi.OFLAGS_DIRECTORY) !== 0;
    let node = r.node;
    if (node === undefined) {
      if (!(oflags & wasi.OFLAGS_CREAT)) return { ret: wasi.ERRNO_NOENT, fd_obj: null };
      if (r.dirOnly) return { ret: wasi.ERRNO_ISDIR, fd_obj: null };
      if (directory || !r.parent || r.name === null) return { ret: wasi.ERRNO_INVAL, fd_obj: null };
      const refused = this.#denied(true);
      if (refused !== null) return { ret: refused, fd_obj: null };
      node = new WsFile(this.dir.volume);
      r.parent.entries.set(r.name, node);
      r.parent.touch();
    } else if (oflags & wasi.OFLAGS_CREAT && oflags & wasi.OFLAGS_EXCL) {
      return { ret: wasi.ERRNO_EXIST, fd_obj: null };
    }
    if (node instanceof WsDir) {
      if (wantsWrite || truncate) return { ret: wasi.ERRNO_ISDIR, fd_obj: null };
      return { ret: wasi.ERRNO_SUCCESS, fd_obj: new WsOpenDir(node) };
    }
    if (directory) return { ret: wasi.ERRNO_NOTDIR, fd_obj: null };
    if (node instanceof WsFile) {
      if (wantsWrite || truncate) {
        const refused = this.#denied(true);
        if (refused !== null) return { ret: refused, fd_obj: null };
      }
      if (truncate) {
        const ret = node.resize(0);
        if (ret !== wasi.ERRNO_SUCCESS) return { ret, fd_obj: null };
      }
      return { ret: wasi.ERRNO_SUCCESS, fd_obj: new WsOpenFile(node, wantsWrite, (fdFlags & wasi.FDFLAGS_APPEND) !== 0) };
    }
    const opened = node.open(rightsBase, fdFlags);
    return { ret: opened.ret, fd_obj: opened.fd };
  }

  override path_create_directory(path: string): number {
    return this.#denied(true) ?? mkdir(this.dir, path);
  }

  override path_filestat_get(_flags: number, path: string): { ret: number; filestat: wasi.Filestat | null } {
    const denied = this.#denied(false);
    // A hidden mount still stats as a directory itself, so the driver can keep the cwd there
    // (wasi-libc's chdir checks with a stat) and relative paths keep failing instead of
    // landing somewhere else.
    const isRoot = this.preopenName !== undefined && path.split('/').every((part) => part === '' || part === '.');
    if (denied !== null && !(isRoot && denied === wasi.ERRNO_NOENT)) return { ret: denied, filestat: null };
    const r = resolve(this.dir, path);
    if (r.ret !== wasi.ERRNO_SUCCESS) return { ret: r.ret, filestat: null };
    if (r.node === undefined) return { ret: wasi.ERRNO_NOENT, filestat: null };
    return { ret: wasi.ERRNO_SUCCESS, filestat: r.node.stat() };
  }

  override path_filestat_set_times(_flags: number, path: string, atim: bigint, mtim: bigint, fstFlags: number): number {
    const denied = this.#denied(true);
    if (denied !== null) return denied;
    const r = resolve(this.dir, path);
    if (r.ret !== wasi.ERRNO_SUCCESS) return r.ret;
    if (r.node === undefined) return wasi.ERRNO_NOENT;
    if (!(r.node instanceof WsFile || r.node instanceof WsDir)) return wasi.ERRNO_PERM;
    setTimes(r.node, atim, mtim, fstFlags);
    return wasi.ERRNO_SUCCESS;
  }

  override path_readlink(path: string): { ret: number; data: string | null } {
    const denied = this.#denied(false);
    if (denied !== null) return { ret: denied, data: null };
    const r = resolve(this.dir, path);
    if (r.ret !== wasi.ERRNO_SUCCESS) return { ret: r.ret, data: null };
    // Nothing here is a symlink.
    return { ret: r.node === undefined ? wasi.ERRNO_NOENT : wasi.ERRNO_INVAL, data: null };
  }

  override path_unlink_file(path: string): number {
    return this.#denied(true) ?? unlinkFile(this.dir, path);
  }

  override path_remove_directory(path: string): number {
    return this.#denied(true) ?? removeDirectory(this.dir, path);
  }

  /** Hard links are not supported: a file lives at exactly one path. */
  override path_link(): number {
    return this.#denied(true) ?? wasi.ERRNO_NOTSUP;
  }

  /** Renames within one volume; the interpreter routes WASI path_rename here. */
  renameTo(oldPath: string, target: WsOpenDir, newPath: string): number {
    return this.#denied(true) ?? target.#denied(true) ?? rename(this.dir, oldPath, target.dir, newPath);
  }
}
