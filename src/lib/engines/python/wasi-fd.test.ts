/** The in-memory filesystem through the descriptor API the WASI shim calls. */
import { describe, expect, it } from 'vitest';
import { wasi, type Fd } from '@bjorn3/browser_wasi_shim';
import { BaseFd, WsOpenDir, WsOpenFile } from './wasi-fd';
import { Stat, Volume, WsDir, WsFile, listFiles, resolve, type Access } from './wasi-fs';

const WRITE = BigInt(wasi.RIGHTS_FD_WRITE | wasi.RIGHTS_FD_READ);
const READ = BigInt(wasi.RIGHTS_FD_READ);
const { OFLAGS_CREAT: CREAT, OFLAGS_TRUNC: TRUNC, OFLAGS_EXCL: EXCL, OFLAGS_DIRECTORY: DIRECTORY } = wasi;
const text = (s: string) => new TextEncoder().encode(s);

function mount(access: Access = 'write', limits = { fileBytes: 100, totalBytes: 250 }) {
  const volume = new Volume(limits, access);
  const root = new WsDir(volume);
  return { volume, root, fd: new WsOpenDir(root, '/app') };
}

function open(dir: WsOpenDir, path: string, oflags = 0, rights = READ, fdFlags = 0): { ret: number; fd: Fd | null } {
  const { ret, fd_obj } = dir.path_open(0, path, oflags, rights, 0n, fdFlags);
  return { ret, fd: fd_obj };
}

function write(dir: WsOpenDir, path: string, data: string, oflags = CREAT | TRUNC): number {
  const { ret, fd } = open(dir, path, oflags, WRITE);
  if (ret) return ret;
  const result = fd!.fd_write(text(data)).ret;
  fd!.fd_close();
  return result;
}

function read(dir: WsOpenDir, path: string): string {
  const { fd } = open(dir, path);
  const data = fd!.fd_read(1000).data;
  fd!.fd_close();
  return new TextDecoder().decode(data);
}

function names(dir: Fd): string[] {
  const out: string[] = [];
  for (let cookie = 0n; ; ) {
    const { dirent } = dir.fd_readdir_single(cookie);
    if (!dirent) return out;
    out.push(new TextDecoder().decode(dirent.dir_name));
    cookie = dirent.d_next;
  }
}

describe('descriptors', () => {
  it('answer fd_prestat_get with BADF unless they are preopens (wasi-vfs panics on NOTSUP)', () => {
    const { root, fd } = mount();
    expect(new BaseFd().fd_prestat_get().ret).toBe(wasi.ERRNO_BADF);
    expect(new WsOpenDir(root).fd_prestat_get().ret).toBe(wasi.ERRNO_BADF);
    expect(fd.fd_prestat_get().ret).toBe(wasi.ERRNO_SUCCESS);
  });

  it('give directories every right, since wasi-libc masks file rights with them', () => {
    const { fdstat } = mount().fd.fd_fdstat_get();
    expect(fdstat!.fs_rights_inherited & BigInt(wasi.RIGHTS_FD_WRITE)).not.toBe(0n);
  });

  it('write the WASI filestat layout, times included', () => {
    const view = new DataView(new ArrayBuffer(64));
    new Stat(7n, wasi.FILETYPE_REGULAR_FILE, 5, { atim: 1n, mtim: 2n, ctim: 3n }).write_bytes(view, 0);
    expect([view.getBigUint64(8, true), view.getBigUint64(32, true), view.getBigUint64(40, true), view.getBigUint64(48, true), view.getBigUint64(56, true)]).toEqual([7n, 5n, 1n, 2n, 3n]);
  });
});

describe('files and directories', () => {
  it('creates, writes, appends, seeks and reads', () => {
    const { fd } = mount();
    expect(write(fd, 'a.txt', 'hello')).toBe(0);
    expect(write(fd, 'a.txt', ' world', CREAT)).toBe(0);
    expect(read(fd, 'a.txt')).toBe(' world');
    const appending = open(fd, 'a.txt', 0, WRITE, wasi.FDFLAGS_APPEND).fd!;
    appending.fd_seek(0n, wasi.WHENCE_SET);
    appending.fd_write(text('!'));
    expect(read(fd, 'a.txt')).toBe(' world!');
    const file = open(fd, 'a.txt').fd!;
    expect(file.fd_seek(-2n, wasi.WHENCE_END).offset).toBe(5n);
    expect(new TextDecoder().decode(file.fd_read(10).data)).toBe('d!');
    expect(file.fd_write(text('x')).ret).toBe(wasi.ERRNO_BADF);
  });

  it('follows POSIX for missing, existing and misplaced paths', () => {
    const { fd } = mount();
    expect(open(fd, 'missing').ret).toBe(wasi.ERRNO_NOENT);
    expect(fd.path_create_directory('d')).toBe(0);
    expect(fd.path_create_directory('d')).toBe(wasi.ERRNO_EXIST);
    expect(write(fd, 'd/f', 'x')).toBe(0);
    expect(open(fd, 'd/f', CREAT | EXCL, WRITE).ret).toBe(wasi.ERRNO_EXIST);
    expect(open(fd, 'd/f/g').ret).toBe(wasi.ERRNO_NOTDIR);
    expect(open(fd, 'd/f', DIRECTORY).ret).toBe(wasi.ERRNO_NOTDIR);
    expect(open(fd, 'd', 0, WRITE).ret).toBe(wasi.ERRNO_ISDIR);
    expect(fd.path_remove_directory('d')).toBe(wasi.ERRNO_NOTEMPTY);
    expect(fd.path_unlink_file('d')).toBe(wasi.ERRNO_ISDIR);
    expect(fd.path_unlink_file('d/f')).toBe(0);
    expect(fd.path_remove_directory('d')).toBe(0);
    expect(fd.path_readlink('missing').ret).toBe(wasi.ERRNO_NOENT);
  });

  it('keeps paths inside the volume', () => {
    const { root, fd } = mount();
    fd.path_create_directory('sub');
    expect(open(fd, '../etc/passwd').ret).toBe(wasi.ERRNO_NOTCAPABLE);
    expect(open(fd, '/etc/passwd').ret).toBe(wasi.ERRNO_NOTCAPABLE);
    expect(write(fd, 'sub/../a.txt', 'ok')).toBe(0);
    expect(resolve(root, 'sub/..').node).toBe(root);
    const sub = open(fd, 'sub', DIRECTORY).fd as WsOpenDir;
    expect(open(sub, '../a.txt').ret).toBe(0);
    expect(open(sub, '../../a.txt').ret).toBe(wasi.ERRNO_NOTCAPABLE);
  });

  it('lists a directory with . and ..', () => {
    const { fd } = mount();
    write(fd, 'b', '');
    fd.path_create_directory('a');
    expect(names(fd)).toEqual(['.', '..', 'b', 'a']);
  });

  it('renames files and directories, replacing files and empty directories', () => {
    const { root, fd, volume } = mount();
    write(fd, 'a', 'AAA');
    write(fd, 'b', 'BB');
    expect(fd.renameTo('a', fd, 'b')).toBe(0);
    expect(read(fd, 'b')).toBe('AAA');
    expect(volume.usedBytes).toBe(3);
    fd.path_create_directory('d');
    fd.path_create_directory('e');
    write(fd, 'd/x', 'x');
    expect(fd.renameTo('d', fd, 'd/inner')).toBe(wasi.ERRNO_INVAL);
    expect(fd.renameTo('b', fd, 'e')).toBe(wasi.ERRNO_ISDIR);
    expect(fd.renameTo('e', fd, 'd')).toBe(wasi.ERRNO_NOTEMPTY);
    expect(fd.renameTo('d', fd, 'e')).toBe(0);
    expect([...listFiles(root).keys()].sort()).toEqual(['b', 'e/x']);
    expect(read(new WsOpenDir(resolve(root, 'e').node as WsDir), '../b')).toBe('AAA');
    const other = mount();
    expect(fd.renameTo('b', other.fd, 'b')).toBe(wasi.ERRNO_XDEV);
    expect(fd.path_link()).toBe(wasi.ERRNO_NOTSUP);
  });
});

describe('access', () => {
  it('refuses every change on a read-only volume with EROFS', () => {
    const { fd, volume, root } = mount();
    write(fd, 'a', 'A');
    fd.path_create_directory('d');
    const writer = open(fd, 'a', 0, WRITE).fd!;
    volume.access = 'read';
    expect(read(fd, 'a')).toBe('A');
    expect(open(fd, 'a', 0, WRITE).ret).toBe(wasi.ERRNO_ROFS);
    expect(open(fd, 'a', TRUNC).ret).toBe(wasi.ERRNO_ROFS);
    expect(open(fd, 'new', CREAT, WRITE).ret).toBe(wasi.ERRNO_ROFS);
    expect(fd.path_unlink_file('a')).toBe(wasi.ERRNO_ROFS);
    expect(fd.path_remove_directory('d')).toBe(wasi.ERRNO_ROFS);
    expect(fd.path_create_directory('e')).toBe(wasi.ERRNO_ROFS);
    expect(fd.renameTo('a', fd, 'b')).toBe(wasi.ERRNO_ROFS);
    expect(writer.fd_write(text('x')).ret).toBe(wasi.ERRNO_ROFS);
    expect(writer.fd_filestat_set_size(0n)).toBe(wasi.ERRNO_ROFS);
    expect([...listFiles(root).keys()]).toEqual(['a']);
  });

  it('hides a volume entirely, except that the mount itself still stats (for chdir)', () => {
    const { fd, volume } = mount();
    write(fd, 'a', 'A');
    const reader = open(fd, 'a').fd!;
    volume.access = 'none';
    expect(open(fd, 'a').ret).toBe(wasi.ERRNO_NOENT);
    expect(open(fd, '.').ret).toBe(wasi.ERRNO_NOENT);
    expect(fd.path_filestat_get(0, 'a').ret).toBe(wasi.ERRNO_NOENT);
    expect(fd.path_filestat_get(0, '.').ret).toBe(wasi.ERRNO_SUCCESS);
    expect(fd.fd_readdir_single(0n).ret).toBe(wasi.ERRNO_NOENT);
    expect(reader.fd_read(1).ret).toBe(wasi.ERRNO_BADF);
  });
});

describe('limits', () => {
  it('fails writes past the file limit with EFBIG and past the volume with ENOSPC', () => {
    const { fd, volume } = mount('write', { fileBytes: 100, totalBytes: 150 });
    expect(write(fd, 'a', 'x'.repeat(101))).toBe(wasi.ERRNO_FBIG);
    expect(write(fd, 'a', 'x'.repeat(100))).toBe(0);
    expect(write(fd, 'b', 'x'.repeat(60))).toBe(wasi.ERRNO_NOSPC);
    expect(volume.usedBytes).toBe(100);
    const big = open(fd, 'c', CREAT, WRITE).fd!;
    expect(big.fd_filestat_set_size(1000n)).toBe(wasi.ERRNO_FBIG);
    expect(big.fd_allocate(0n, 60n)).toBe(wasi.ERRNO_NOSPC);
    expect(big.fd_pwrite(text('x'), 49n).ret).toBe(0);
    expect(volume.usedBytes).toBe(150);
    expect(big.fd_pwrite(text('x'), 50n).ret).toBe(wasi.ERRNO_NOSPC);
  });

  it('frees an unlinked file when its last descriptor closes', () => {
    const { fd, volume } = mount();
    write(fd, 'a', 'x'.repeat(50));
    const held = open(fd, 'a').fd!;
    fd.path_unlink_file('a');
    expect(volume.usedBytes).toBe(50);
    held.fd_close();
    held.fd_close();
    expect(volume.usedBytes).toBe(0);
    write(fd, 'b', 'x'.repeat(50));
    write(fd, 'c', 'y');
    fd.renameTo('c', fd, 'b');
    expect(volume.usedBytes).toBe(1);
  });

  it('counts host-provided files without refusing them', () => {
    const { volume } = mount('write', { fileBytes: 10, totalBytes: 10 });
    const file = new WsFile(volume, text('x'.repeat(20)));
    expect(volume.usedBytes).toBe(20);
    file.replace(text('y'));
    expect(volume.usedBytes).toBe(1);
  });
});

describe('change tracking hooks', () => {
  it('moves a file version on writes and truncation, not on reads', () => {
    const { fd, root } = mount();
    write(fd, 'a', 'A');
    const file = resolve(root, 'a').node as WsFile;
    const version = file.version;
    read(fd, 'a');
    open(fd, 'a', 0, WRITE).fd!.fd_close();
    expect(file.version).toBe(version);
    open(fd, 'a', TRUNC, WRITE).fd!.fd_close();
    expect(file.version).toBeGreaterThan(version);
  });

  it('moves directory mtimes forward on every change, so import caches notice', () => {
    const { fd, root, volume } = mount();
    const before = root.mtim;
    const stamp = volume.stamp;
    write(fd, 'a', '');
    expect(root.mtim).toBeGreaterThan(before);
    expect(volume.stamp).toBeGreaterThan(stamp);
    expect(WsOpenFile).toBeDefined();
  });
});
