import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { FileTooLargeError, InvalidArchiveError, InvalidPathError, WorkspaceFullError } from './errors';
import { must, openTestStore } from './fixtures/helpers';

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

/** Paths a guest or a hostile upload might try, each with why it must fail. */
export const HOSTILE_PATHS: ReadonlyArray<[string, RegExp]> = [
  ['../escape.txt', /escapes the workspace/],
  ['a/../../escape.txt', /escapes the workspace/],
  ['./../escape.txt', /escapes the workspace/],
  ['/etc/passwd', /outside the workspace/],
  ['/app/../etc/passwd', /escapes the workspace/],
  ['/application/x', /outside the workspace/],
  ['a\\..\\b', /backslash/],
  ['C:\\Windows\\x', /backslash/],
  ['a\0.txt', /NUL/],
  ['', /names the workspace itself/],
  ['/app', /names the workspace itself/],
  ['./', /names the workspace itself/],
  ['a/..', /names the workspace itself/],
];

describe('workspace paths', () => {
  it.each(HOSTILE_PATHS)('refuses %j', async (path, reason) => {
    const store = await openTestStore();
    const s = must(await store.sessions.create());
    const written = await store.files.write(s.id, path, 'x');
    expect(written.ok).toBe(false);
    if (!written.ok) {
      expect(written.error).toBeInstanceOf(InvalidPathError);
      expect(written.error.message).toMatch(reason);
    }
    expect(must(await store.files.list(s.id))).toEqual([]);
    await store.close();
  });

  it('normalises /app/, ./ and inner .. that stay inside', async () => {
    const store = await openTestStore();
    const s = must(await store.sessions.create());
    must(await store.files.write(s.id, '/app/a/./b/../c.txt', '1'));
    must(await store.files.write(s.id, './d.txt', '2'));
    expect(must(await store.files.list(s.id)).map((f) => f.path)).toEqual(['a/c.txt', 'd.txt']);
    expect(text(must(await store.files.read(s.id, '/app/a/c.txt')))).toBe('1');
    await store.close();
  });

  it('refuses a file where a folder is, and a folder under a file', async () => {
    const store = await openTestStore();
    const s = must(await store.sessions.create());
    must(await store.files.write(s.id, 'data/x.csv', '1'));
    const fileOverFolder = await store.files.write(s.id, 'data', '2');
    expect(fileOverFolder.ok === false && fileOverFolder.error.message).toMatch(/"data" is a folder/);
    must(await store.files.write(s.id, 'notes', 'n'));
    const folderUnderFile = await store.files.write(s.id, 'notes/today.md', 'x');
    expect(folderUnderFile.ok === false && folderUnderFile.error.message).toMatch(/needs a folder "notes", but that is a file/);
    // Replacing the folder in one change is fine.
    must(await store.files.change(s.id, { data: new Uint8Array([1]) }, ['data']));
    expect(must(await store.files.list(s.id)).map((f) => f.path)).toEqual(['data', 'notes']);
    await store.close();
  });
});

describe('caps', () => {
  it('names the file and the per-file cap', async () => {
    const store = await openTestStore({ limits: { fileBytes: 1024, workspaceBytes: 4096 } });
    const s = must(await store.sessions.create());
    const big = await store.files.write(s.id, 'big.bin', new Uint8Array(1025));
    expect(big.ok).toBe(false);
    if (!big.ok) {
      expect(big.error).toBeInstanceOf(FileTooLargeError);
      expect(big.error.message).toBe('"big.bin" is 1,025 bytes, over the 1 KB cap per file');
    }
    await store.close();
  });

  it('names the file and the per-session cap, and writes nothing of a change that would pass it', async () => {
    const store = await openTestStore({ limits: { fileBytes: 1024, workspaceBytes: 2048 } });
    const s = must(await store.sessions.create());
    must(await store.files.write(s.id, 'a.bin', new Uint8Array(1024)));
    const over = await store.files.change(s.id, { 'b.bin': new Uint8Array(1000), 'c.bin': new Uint8Array(100) });
    expect(over.ok).toBe(false);
    if (!over.ok) {
      expect(over.error).toBeInstanceOf(WorkspaceFullError);
      expect(over.error.message).toMatch(/writing "c.bin" would bring session ".*" to 2.1 KB, over the 2 KB cap per session/);
    }
    expect(must(await store.files.list(s.id)).map((f) => f.path)).toEqual(['a.bin']);
    // Overwriting counts the new size, not both.
    must(await store.files.write(s.id, 'a.bin', new Uint8Array(1000)));
    must(await store.files.write(s.id, 'b.bin', new Uint8Array(1000)));
    expect(must(await store.sessions.get(s.id))).toMatchObject({ bytes: 2000, fileCount: 2 });
    await store.close();
  });

  it('uses the engines\' caps by default: 10 MB a file, 100 MB a session', async () => {
    const store = await openTestStore();
    const s = must(await store.sessions.create());
    const big = await store.files.write(s.id, 'x', new Uint8Array(10 * 1024 * 1024 + 1));
    expect(big.ok === false && big.error.message).toMatch(/over the 10 MB cap per file/);
    await store.close();
  });
});

describe('files', () => {
  it('writes, reads, lists with size and mtime, deletes files and folders, bumps the revision', async () => {
    let now = 5_000;
    const store = await openTestStore({ now: () => now });
    const s = must(await store.sessions.create());
    must(await store.files.write(s.id, 'a.txt', 'hello'));
    now = 6_000;
    must(await store.files.change(s.id, { 'dir/one.txt': new TextEncoder().encode('1'), 'dir/sub/two.txt': new TextEncoder().encode('22') }));
    expect(must(await store.files.list(s.id))).toEqual([
      { path: 'a.txt', size: 5, mtime: 5_000 },
      { path: 'dir/one.txt', size: 1, mtime: 6_000 },
      { path: 'dir/sub/two.txt', size: 2, mtime: 6_000 },
    ]);
    expect(must(await store.sessions.get(s.id))).toMatchObject({ revision: 2, bytes: 8, fileCount: 3 });
    must(await store.files.delete(s.id, 'dir'));
    expect(must(await store.files.list(s.id)).map((f) => f.path)).toEqual(['a.txt']);
    expect(must(await store.sessions.get(s.id))).toMatchObject({ revision: 3, bytes: 5, fileCount: 1 });
    const missing = await store.files.read(s.id, 'dir/one.txt');
    expect(missing.ok === false && missing.error.name).toBe('FileNotFoundError');
    expect(must(await store.files.snapshot(s.id))).toEqual({ revision: 3, files: { 'a.txt': new TextEncoder().encode('hello') } });
    await store.close();
  });

  it('uploads Blobs and folders under a path, and downloads with a type', async () => {
    const store = await openTestStore();
    const s = must(await store.sessions.create());
    must(await store.files.upload(s.id, [
      { path: 'report.csv', data: new Blob(['a,b\n1,2\n']) },
      { path: 'pkg/mod.py', data: 'x = 1\n' },
    ], 'inbox'));
    expect(must(await store.files.list(s.id)).map((f) => f.path)).toEqual(['inbox/pkg/mod.py', 'inbox/report.csv']);
    const download = must(await store.files.download(s.id, 'inbox/report.csv'));
    expect(download).toMatchObject({ name: 'report.csv', type: 'text/csv' });
    expect(text(download.bytes)).toBe('a,b\n1,2\n');
    const escape = await store.files.upload(s.id, [{ path: '../../x', data: 'x' }], 'inbox');
    expect(escape.ok).toBe(false);
    await store.close();
  });
});

describe('vendored packages', () => {
  const wheel = zipSync({ 'tinylib/__init__.py': new TextEncoder().encode('VALUE = 42\n') });

  it('keeps pure-Python wheels and package folders under site-packages/', async () => {
    const store = await openTestStore();
    const s = must(await store.sessions.create());
    must(await store.files.vendor(s.id, [
      { path: 'tinylib-1.0-py3-none-any.whl', data: wheel },
      { path: 'mypkg/__init__.py', data: '' },
      { path: 'mypkg/core.py', data: 'def f(): return 1\n' },
    ]));
    expect(must(await store.files.list(s.id)).map((f) => f.path)).toEqual([
      'site-packages/mypkg/__init__.py', 'site-packages/mypkg/core.py', 'site-packages/tinylib-1.0-py3-none-any.whl',
    ]);
    await store.close();
  });

  it.each([
    ['numpy-2.0.0-cp312-cp312-manylinux_2_17_x86_64.whl', /compiled wheel/],
    ['thing-1.0-py2-none-any.whl', /not Python 3/],
    ['not-a-wheel.whl', /not a wheel file name/],
  ])('refuses %s', async (name, reason) => {
    const store = await openTestStore();
    const s = must(await store.sessions.create());
    const vendored = await store.files.vendor(s.id, [{ path: name, data: wheel }]);
    expect(vendored.ok).toBe(false);
    if (!vendored.ok) {
      expect(vendored.error).toBeInstanceOf(InvalidArchiveError);
      expect(vendored.error.message).toMatch(reason);
    }
    await store.close();
  });

  it('refuses a wheel that is not a zip, and paths that leave site-packages', async () => {
    const store = await openTestStore();
    const s = must(await store.sessions.create());
    const notZip = await store.files.vendor(s.id, [{ path: 'x-1.0-py3-none-any.whl', data: 'hello' }]);
    expect(notZip.ok === false && notZip.error.message).toMatch(/not a zip/);
    const escape = await store.files.vendor(s.id, [{ path: '../evil.py', data: '' }]);
    expect(escape.ok === false && escape.error.message).toMatch(/leaves site-packages/);
    await store.close();
  });
});
