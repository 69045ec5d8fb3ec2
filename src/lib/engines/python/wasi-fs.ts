/**
 * The in-memory filesystem the interpreter sees under its preopens (/app, /tmp, /dev): a tree
 * of directories and files living in the JS heap, outside the wasm memory limit, so every
 * volume caps file and total sizes itself. The open-descriptor side is in `wasi-fd.ts`.
 */
import { wasi, type Fd } from '@bjorn3/browser_wasi_shim';

/** What the guest may do with a volume during the current run. */
export type Access = 'none' | 'read' | 'write';

export interface VolumeLimits {
  readonly fileBytes: number;
  readonly totalBytes: number;
}

let nextIno = 1n;
const issueIno = (): bigint => nextIno++;

/** A filestat that writes the WASI layout correctly (shim 0.4.2 writes the times at wrong offsets). */
export class Stat extends wasi.Filestat {
  constructor(ino: bigint, filetype: number, size: number, times?: { atim: bigint; mtim: bigint; ctim: bigint }) {
    super(ino, filetype, BigInt(size));
    this.nlink = 1n;
    if (times) {
      this.atim = times.atim;
      this.mtim = times.mtim;
      this.ctim = times.ctim;
    }
  }

  override write_bytes(view: DataView, ptr: number): void {
    view.setBigUint64(ptr, this.dev, true);
    view.setBigUint64(ptr + 8, this.ino, true);
    view.setUint8(ptr + 16, this.filetype);
    view.setBigUint64(ptr + 24, this.nlink, true);
    view.setBigUint64(ptr + 32, this.size, true);
    view.setBigUint64(ptr + 40, this.atim, true);
    view.setBigUint64(ptr + 48, this.mtim, true);
    view.setBigUint64(ptr + 56, this.ctim, true);
  }
}

/** A mounted tree: its access for the current run and the bytes it holds. */
export class Volume {
  access: Access;
  readonly limits: VolumeLimits;
  #used = 0;
  #lastTime = 0n;

  constructor(limits: VolumeLimits, access: Access = 'write') {
    this.limits = limits;
    this.access = access;
  }

  /** Bytes held by files in this volume, including unlinked files that are still open. */
  get usedBytes(): number {
    return this.#used;
  }

  /** Reserves room for a file growing from `from` to `to` bytes; an errno on refusal. */
  grow(from: number, to: number): number {
    if (to > this.limits.fileBytes) return wasi.ERRNO_FBIG;
    if (to > from && this.#used + (to - from) > this.limits.totalBytes) return wasi.ERRNO_NOSPC;
    this.#used += to - from;
    return wasi.ERRNO_SUCCESS;
  }

  /** Accounts bytes without limits (host-provided files). */
  account(delta: number): void {
    this.#used += delta;
  }

  /** The last timestamp handed out: it moves whenever anything in the volume changes. */
  get stamp(): bigint {
    return this.#lastTime;
  }

  /** A timestamp in ns that always moves forward, so importlib notices directory changes. */
  now(): bigint {
    const wall = BigInt(Date.now()) * 1_000_000n;
    this.#lastTime = wall > this.#lastTime ? wall : this.#lastTime + 1n;
    return this.#lastTime;
  }
}

abstract class Node {
  readonly ino = issueIno();
  atim: bigint;
  mtim: bigint;
  ctim: bigint;

  constructor(readonly volume: Volume) {
    this.atim = this.mtim = this.ctim = volume.now();
  }

  touch(): void {
    this.mtim = this.ctim = this.volume.now();
  }

  protected times() {
    return { atim: this.atim, mtim: this.mtim, ctim: this.ctim };
  }
}

/** A regular file. `version` moves on every change, which is how a run's writes are found. */
export class WsFile extends Node {
  #bytes: Uint8Array;
  #size: number;
  version = 0;
  /** Descriptors open on this file; an unlinked file keeps its bytes until they close. */
  openCount = 0;
  linked = true;

  constructor(volume: Volume, data: Uint8Array = new Uint8Array(0)) {
    super(volume);
    this.#bytes = data.slice();
    this.#size = data.length;
    volume.account(data.length);
  }

  get size(): number {
    return this.#size;
  }

  stat(): Stat {
    return new Stat(this.ino, wasi.FILETYPE_REGULAR_FILE, this.#size, this.times());
  }

  /** A copy of the contents. */
  contents(): Uint8Array {
    return this.#bytes.slice(0, this.#size);
  }

  read(offset: number, length: number): Uint8Array {
    if (offset >= this.#size) return new Uint8Array(0);
    return this.#bytes.slice(offset, Math.min(this.#size, offset + length));
  }

  /** Writes at `offset`, growing the file; an errno when a limit refuses it. */
  write(offset: number, data: Uint8Array): number {
    const end = offset + data.length;
    if (end > this.#size) {
      const ret = this.#ensure(end);
      if (ret !== wasi.ERRNO_SUCCESS) return ret;
    }
    this.#bytes.set(data, offset);
    this.#changed();
    return wasi.ERRNO_SUCCESS;
  }

  /** Truncates or zero-extends; an errno when a limit refuses it. */
  resize(size: number): number {
    if (size > this.#size) {
      const ret = this.#ensure(size);
      if (ret !== wasi.ERRNO_SUCCESS) return ret;
    } else {
      this.volume.account(size - this.#size);
      this.#bytes.fill(0, size, this.#size);
      this.#size = size;
    }
    this.#changed();
    return wasi.ERRNO_SUCCESS;
  }

  /** Host-side replacement (workspace sync): no limits, no open-descriptor semantics lost. */
  replace(data: Uint8Array): void {
    this.volume.account(data.length - this.#size);
    this.#bytes = data.slice();
    this.#size = data.length;
    this.#changed();
  }

  /** Called once the file is unlinked and no descriptor holds it: its bytes stop counting. */
  release(): void {
    this.volume.account(-this.#size);
    this.#bytes = new Uint8Array(0);
    this.#size = 0;
  }

  /** Unlinks the file from the tree; the bytes are released when the last descriptor closes. */
  detach(): void {
    this.linked = false;
    if (this.openCount === 0) this.release();
  }

  #ensure(size: number): number {
    const ret = this.volume.grow(this.#size, size);
    if (ret !== wasi.ERRNO_SUCCESS) return ret;
    if (size > this.#bytes.length) {
      // Grow geometrically (capped at the file limit) so appending stays linear.
      const capacity = Math.max(size, Math.min(this.#bytes.length * 2, this.volume.limits.fileBytes));
      const next = new Uint8Array(capacity);
      next.set(this.#bytes.subarray(0, this.#size));
      this.#bytes = next;
    }
    this.#size = size;
    return wasi.ERRNO_SUCCESS;
  }

  #changed(): void {
    this.version++;
    this.touch();
  }
}

/** Something other than a file or directory, e.g. /dev/sandcell. */
export interface Device {
  readonly ino: bigint;
  open(rightsBase: bigint, fdFlags: number): { ret: number; fd: Fd | null };
  stat(): Stat;
}

export type WsNode = WsFile | WsDir | Device;

export class WsDir extends Node {
  readonly entries = new Map<string, WsNode>();
  parent: WsDir | null;

  constructor(volume: Volume, parent: WsDir | null = null) {
    super(volume);
    this.parent = parent;
  }

  stat(): Stat {
    return new Stat(this.ino, wasi.FILETYPE_DIRECTORY, 0, this.times());
  }

  /** Whether `dir` is this directory or inside it. */
  contains(dir: WsDir): boolean {
    for (let d: WsDir | null = dir; d; d = d.parent) if (d === this) return true;
    return false;
  }
}

export function filetypeOf(node: WsNode): number {
  if (node instanceof WsFile) return wasi.FILETYPE_REGULAR_FILE;
  if (node instanceof WsDir) return wasi.FILETYPE_DIRECTORY;
  return node.stat().filetype;
}

/** Where a path leads: `node` is the target (if it exists), `parent`/`name` where it lives. */
export interface Resolved {
  readonly ret: number;
  readonly parent: WsDir | null;
  readonly name: string | null;
  readonly node: WsNode | undefined;
  /** The path ended in `/`, `.` or `..`, so it can only name a directory. */
  readonly dirOnly: boolean;
}

const failed = (ret: number): Resolved => ({ ret, parent: null, name: null, node: undefined, dirOnly: false });

/**
 * Resolves a path relative to `start`. `..` follows the real parent and may not leave the
 * volume (NOTCAPABLE), like a preopen boundary. No symlinks exist, so this is the whole story.
 */
export function resolve(start: WsDir, path: string): Resolved {
  if (path.startsWith('/')) return failed(wasi.ERRNO_NOTCAPABLE);
  if (path.includes('\0')) return failed(wasi.ERRNO_INVAL);
  let dir = start;
  let name: string | null = null;
  const parts = path.split('/');
  for (const part of parts) {
    if (part === '' || part === '.') continue;
    if (name !== null) {
      const next = dir.entries.get(name);
      if (next === undefined) return failed(wasi.ERRNO_NOENT);
      if (!(next instanceof WsDir)) return failed(wasi.ERRNO_NOTDIR);
      dir = next;
      name = null;
    }
    if (part === '..') {
      if (!dir.parent) return failed(wasi.ERRNO_NOTCAPABLE);
      dir = dir.parent;
      continue;
    }
    name = part;
  }
  const last = parts.at(-1);
  const dirOnly = last === '' || last === '.' || last === '..';
  if (name === null) return { ret: wasi.ERRNO_SUCCESS, parent: dir.parent, name: null, node: dir, dirOnly: true };
  const node = dir.entries.get(name);
  if (node !== undefined && dirOnly && !(node instanceof WsDir)) return failed(wasi.ERRNO_NOTDIR);
  return { ret: wasi.ERRNO_SUCCESS, parent: dir, name, node, dirOnly };
}

/** Removes a subtree's files from the byte count (the nodes are being dropped). */
export function detachTree(node: WsNode): void {
  if (node instanceof WsFile) node.detach();
  else if (node instanceof WsDir) for (const child of node.entries.values()) detachTree(child);
}

/** Every file under `dir`, keyed by its `/`-joined path relative to `dir`. */
export function listFiles(dir: WsDir, prefix = '', out = new Map<string, WsFile>()): Map<string, WsFile> {
  for (const [name, node] of dir.entries) {
    const path = prefix + name;
    if (node instanceof WsFile) out.set(path, node);
    else if (node instanceof WsDir) listFiles(node, `${path}/`, out);
  }
  return out;
}

export function mkdir(start: WsDir, path: string): number {
  const r = resolve(start, path);
  if (r.ret !== wasi.ERRNO_SUCCESS) return r.ret;
  if (r.node !== undefined) return wasi.ERRNO_EXIST;
  if (!r.parent || r.name === null) return wasi.ERRNO_INVAL;
  r.parent.entries.set(r.name, new WsDir(r.parent.volume, r.parent));
  r.parent.touch();
  return wasi.ERRNO_SUCCESS;
}

export function unlinkFile(start: WsDir, path: string): number {
  const r = resolve(start, path);
  if (r.ret !== wasi.ERRNO_SUCCESS) return r.ret;
  if (r.node === undefined) return wasi.ERRNO_NOENT;
  if (r.node instanceof WsDir) return wasi.ERRNO_ISDIR;
  if (!r.parent || r.name === null) return wasi.ERRNO_INVAL;
  r.parent.entries.delete(r.name);
  r.parent.touch();
  if (r.node instanceof WsFile) r.node.detach();
  return wasi.ERRNO_SUCCESS;
}

export function removeDirectory(start: WsDir, path: string): number {
  const r = resolve(start, path);
  if (r.ret !== wasi.ERRNO_SUCCESS) return r.ret;
  if (r.node === undefined) return wasi.ERRNO_NOENT;
  if (!(r.node instanceof WsDir)) return wasi.ERRNO_NOTDIR;
  if (r.name === null || !r.parent) return r.node.parent ? wasi.ERRNO_INVAL : wasi.ERRNO_BUSY;
  if (r.node.entries.size) return wasi.ERRNO_NOTEMPTY;
  r.parent.entries.delete(r.name);
  r.parent.touch();
  return wasi.ERRNO_SUCCESS;
}

/** POSIX rename within one volume: replaces a file, or an empty directory, at the target. */
export function rename(srcStart: WsDir, srcPath: string, dstStart: WsDir, dstPath: string): number {
  if (srcStart.volume !== dstStart.volume) return wasi.ERRNO_XDEV;
  const src = resolve(srcStart, srcPath);
  if (src.ret !== wasi.ERRNO_SUCCESS) return src.ret;
  if (src.node === undefined) return wasi.ERRNO_NOENT;
  if (!src.parent || src.name === null) return wasi.ERRNO_BUSY;
  const dst = resolve(dstStart, dstPath);
  if (dst.ret !== wasi.ERRNO_SUCCESS) return dst.ret;
  if (!dst.parent || dst.name === null) return wasi.ERRNO_BUSY;
  const moving = src.node;
  if (dst.node === moving) return wasi.ERRNO_SUCCESS;
  if (moving instanceof WsDir) {
    if (moving.contains(dst.parent)) return wasi.ERRNO_INVAL;
    if (dst.node !== undefined) {
      if (!(dst.node instanceof WsDir)) return wasi.ERRNO_NOTDIR;
      if (dst.node.entries.size) return wasi.ERRNO_NOTEMPTY;
    }
  } else {
    if (dst.dirOnly) return wasi.ERRNO_NOTDIR;
    if (dst.node instanceof WsDir) return wasi.ERRNO_ISDIR;
  }
  if (dst.node !== undefined) detachTree(dst.node);
  src.parent.entries.delete(src.name);
  dst.parent.entries.set(dst.name, moving);
  if (moving instanceof WsDir) moving.parent = dst.parent;
  src.parent.touch();
  dst.parent.touch();
  return wasi.ERRNO_SUCCESS;
}
