import { describe, expect, it } from 'vitest';
import { MAX_FILE_BYTES, MAX_WORKSPACE_BYTES } from '../paths';
import { FsError, Workspace } from './workspace';

const bytes = (text: string) => new TextEncoder().encode(text);
const text = (data: Uint8Array) => new TextDecoder().decode(data);

function workspace(files: Record<string, string> = {}): Workspace {
  const ws = new Workspace();
  const error = ws.sync({ replace: true, files: Object.fromEntries(Object.entries(files).map(([k, v]) => [k, bytes(v)])), deleted: [] });
  expect(error).toBeUndefined();
  ws.beginRun();
  return ws;
}

function code(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    if (error instanceof FsError) return `${error.code}: ${error.message}`;
    throw error;
  }
  return 'ok';
}

describe('Workspace.sync', () => {
  it('replaces or upserts and deletes', () => {
    const ws = workspace({ 'a.txt': 'a', 'd/b.txt': 'b' });
    expect(ws.sync({ replace: false, files: { 'c.txt': bytes('c') }, deleted: ['a.txt'] })).toBeUndefined();
    expect(ws.exists('a.txt')).toBe(false);
    expect(ws.exists('c.txt')).toBe(true);
    expect(ws.exists('d/b.txt')).toBe(true);
    expect(ws.sync({ replace: true, files: { 'x.txt': bytes('x') }, deleted: [] })).toBeUndefined();
    expect(ws.readdir('', '.').map((e) => e.name)).toEqual(['x.txt']);
  });

  it('deletes whole directories by path', () => {
    const ws = workspace({ 'd/a': '1', 'd/e/b': '2', keep: '3' });
    ws.sync({ replace: false, files: {}, deleted: ['d'] });
    expect(ws.readdir('', '.').map((e) => e.name)).toEqual(['keep']);
  });

  it('normalises paths and refuses escapes, with a message', () => {
    const ws = new Workspace();
    expect(ws.sync({ replace: true, files: { '/app/./x.txt': bytes('x') }, deleted: [] })).toBeUndefined();
    expect(ws.exists('x.txt')).toBe(true);
    expect(ws.sync({ replace: true, files: { '../etc/passwd': bytes('x') }, deleted: [] })).toMatch(/escapes the workspace/);
  });

  it('refuses a path that is both a file and a directory', () => {
    expect(new Workspace().sync({ replace: true, files: { a: bytes('1'), 'a/b': bytes('2') }, deleted: [] })).toMatch(/both a file and a directory/);
  });

  it('refuses files over the caps', () => {
    const big = new Uint8Array(MAX_FILE_BYTES + 1);
    expect(new Workspace().sync({ replace: true, files: { big }, deleted: [] })).toMatch(/larger than the 10 MB cap/);
    const files: Record<string, Uint8Array> = {};
    const chunk = new Uint8Array(MAX_FILE_BYTES);
    for (let i = 0; i <= MAX_WORKSPACE_BYTES / MAX_FILE_BYTES; i++) files[`f${i}`] = chunk;
    expect(new Workspace().sync({ replace: true, files, deleted: [] })).toMatch(/100 MB cap/);
  });

  it('does not count synced files as changes', () => {
    const ws = workspace({ 'a.txt': 'a' });
    expect(ws.changes()).toEqual({ files: {}, deleted: [] });
  });
});

describe('Workspace operations', () => {
  it('resolves /app paths, relative paths and the root', () => {
    const ws = workspace();
    expect(ws.resolve('/app/a/b.txt', 'open')).toBe('a/b.txt');
    expect(ws.resolve('./a/../b', 'open')).toBe('b');
    expect(ws.resolve('.', 'scandir')).toBe('');
    expect(ws.resolve('/app/', 'scandir')).toBe('');
    expect(code(() => ws.resolve('/etc/passwd', 'open'))).toMatch(/^EACCES: EACCES: permission denied, open '\/etc\/passwd' \(path "\/etc\/passwd" is outside the workspace/);
  });

  it('reads, writes and appends, with Node messages', () => {
    const ws = workspace({ 'a.txt': 'hello' });
    expect(text(ws.readFile('a.txt', 'a.txt'))).toBe('hello');
    ws.writeFile('a.txt', 'a.txt', bytes(' world'), true);
    expect(text(ws.readFile('a.txt', 'a.txt'))).toBe('hello world');
    expect(code(() => ws.readFile('nope', 'nope'))).toBe("ENOENT: ENOENT: no such file or directory, open 'nope'");
    expect(code(() => ws.writeFile('d/x', 'd/x', bytes('x'), false))).toBe("ENOENT: ENOENT: no such file or directory, open 'd/x'");
    expect(code(() => ws.writeFile('a.txt/x', 'a.txt/x', bytes('x'), false))).toMatch(/^ENOTDIR/);
  });

  it('treats directories implied by files and made explicitly alike', () => {
    const ws = workspace({ 'src/a.js': '', 'src/lib/b.js': '' });
    expect(ws.mkdir('empty', 'empty', false)).toBe('/app/empty');
    expect(ws.readdir('', '.')).toEqual([
      { name: 'empty', directory: true },
      { name: 'src', directory: true },
    ]);
    expect(ws.readdir('src', 'src').map((e) => `${e.name}${e.directory ? '/' : ''}`)).toEqual(['a.js', 'lib/']);
    expect(ws.stat('src', 'src').kind).toBe('directory');
    expect(code(() => ws.mkdir('src', 'src', false))).toBe("EEXIST: EEXIST: file already exists, mkdir 'src'");
    expect(ws.mkdir('src', 'src', true)).toBeUndefined();
    expect(code(() => ws.mkdir('x/y', 'x/y', false))).toMatch(/^ENOENT/);
    expect(ws.mkdir('x/y/z', 'x/y/z', true)).toBe('/app/x');
  });

  it('keeps a directory when its last file goes', () => {
    const ws = workspace({ 'd/only.txt': '' });
    ws.unlink('d/only.txt', 'd/only.txt');
    expect(ws.isDirectory('d')).toBe(true);
    expect(ws.readdir('d', 'd')).toEqual([]);
  });

  it('removes and renames with Node semantics', () => {
    const ws = workspace({ 'd/a': '1', 'd/e/b': '2', f: '3' });
    expect(code(() => ws.rmdir('d', 'd', false))).toBe("ENOTEMPTY: ENOTEMPTY: directory not empty, rmdir 'd'");
    expect(code(() => ws.unlink('d', 'd'))).toBe("EISDIR: EISDIR: illegal operation on a directory, unlink 'd'");
    expect(code(() => ws.rm('d', 'd', false, false))).toMatch(/^ERR_FS_EISDIR/);
    expect(code(() => ws.rm('nope', 'nope', false, true))).toBe('ok');
    ws.rename('d', 'moved', 'd', 'moved');
    expect(ws.readdir('moved', 'moved').map((e) => e.name)).toEqual(['a', 'e']);
    expect(text(ws.readFile('moved/e/b', 'moved/e/b'))).toBe('2');
    expect(code(() => ws.rename('moved', 'moved/in', 'moved', 'moved/in'))).toMatch(/^EINVAL/);
    ws.rm('moved', 'moved', true, false);
    expect(ws.exists('moved')).toBe(false);
  });

  it('enforces the file and workspace caps with messages naming the file', () => {
    const ws = workspace();
    expect(code(() => ws.writeFile('big', 'big', new Uint8Array(MAX_FILE_BYTES + 1), false))).toBe(
      "EFBIG: EFBIG: file too large, write 'big' (files are capped at 10 MB)",
    );
    const chunk = new Uint8Array(MAX_FILE_BYTES);
    for (let i = 0; i < MAX_WORKSPACE_BYTES / MAX_FILE_BYTES; i++) ws.writeFile(`f${i}`, `f${i}`, chunk, false);
    expect(code(() => ws.writeFile('one-more', 'one-more', bytes('x'), false))).toBe(
      "ENOSPC: ENOSPC: no space left on device, write 'one-more' (the workspace is capped at 100 MB)",
    );
    // Overwriting a file frees its old size first.
    ws.writeFile('f0', 'f0', bytes('small'), false);
    ws.writeFile('one-more', 'one-more', bytes('x'), false);
  });

  it('reports only what the run changed; a rename is a delete and a create', () => {
    const ws = workspace({ old: 'o', keep: 'k', gone: 'g' });
    ws.writeFile('new', 'new', bytes('n'), false);
    ws.rename('old', 'renamed', 'old', 'renamed');
    ws.unlink('gone', 'gone');
    ws.writeFile('temp', 'temp', bytes('t'), false);
    ws.unlink('temp', 'temp');
    const changes = ws.changes();
    expect(Object.keys(changes.files)).toEqual(['new', 'renamed']);
    expect(changes.deleted).toEqual(['gone', 'old']);
    ws.beginRun();
    expect(ws.changes()).toEqual({ files: {}, deleted: [] });
  });

  it('reports a file deleted and written again as written', () => {
    const ws = workspace({ a: '1' });
    ws.unlink('a', 'a');
    ws.writeFile('a', 'a', bytes('2'), false);
    expect(ws.changes()).toEqual({ files: { a: bytes('2') }, deleted: [] });
  });
});
