import { describe, expect, it } from 'vitest';
import { wasi } from '@bjorn3/browser_wasi_shim';
import { WsOpenDir } from './wasi-fd';
import { WsFile, resolve } from './wasi-fs';
import { Workspace } from './workspace';

const text = (s: string) => new TextEncoder().encode(s);
const files = (entries: Record<string, string>) => Object.fromEntries(Object.entries(entries).map(([k, v]) => [k, text(v)]));
const contents = (ws: Workspace, path: string) => new TextDecoder().decode((resolve(ws.root, path).node as WsFile).contents());

function guestWrite(ws: Workspace, path: string, data: string): void {
  const { fd_obj } = new WsOpenDir(ws.root).path_open(0, path, wasi.OFLAGS_CREAT | wasi.OFLAGS_TRUNC, BigInt(wasi.RIGHTS_FD_WRITE), 0n, 0);
  fd_obj!.fd_write(text(data));
  fd_obj!.fd_close();
}

describe('workspace sync', () => {
  it('replaces, upserts and deletes, normalising paths', () => {
    const ws = new Workspace();
    expect(ws.apply({ replace: true, files: files({ 'a.txt': 'A', '/app/d/b.txt': 'B', './c.txt': 'C' }), deleted: [] })).toEqual({ ok: true });
    expect([...ws.snapshot().keys()].sort()).toEqual(['a.txt', 'c.txt', 'd/b.txt']);
    ws.apply({ replace: false, files: files({ 'a.txt': 'A2' }), deleted: ['c.txt', 'missing.txt'] });
    expect([...ws.snapshot().keys()].sort()).toEqual(['a.txt', 'd/b.txt']);
    expect(contents(ws, 'a.txt')).toBe('A2');
    ws.apply({ replace: true, files: files({ 'z.txt': 'Z' }), deleted: [] });
    expect([...ws.snapshot().keys()]).toEqual(['z.txt']);
    expect(ws.volume.usedBytes).toBe(1);
  });

  it('lets the host replace a file with a directory and back', () => {
    const ws = new Workspace();
    ws.apply({ replace: true, files: files({ x: 'file' }), deleted: [] });
    ws.apply({ replace: false, files: files({ 'x/y': 'nested' }), deleted: [] });
    expect(contents(ws, 'x/y')).toBe('nested');
    ws.apply({ replace: false, files: files({ x: 'file again' }), deleted: [] });
    expect(contents(ws, 'x')).toBe('file again');
  });

  it('refuses a bad path before changing anything', () => {
    const ws = new Workspace();
    ws.apply({ replace: true, files: files({ keep: 'k' }), deleted: [] });
    const result = ws.apply({ replace: true, files: files({ ok: '1', '../escape': '2' }), deleted: [] });
    expect(result.ok).toBe(false);
    expect([...ws.snapshot().keys()]).toEqual(['keep']);
  });

  it('lists site-packages and its wheels for sys.path', () => {
    const ws = new Workspace();
    expect(ws.sitePaths()).toEqual([]);
    ws.apply({ replace: true, files: files({ 'site-packages/b-1.whl': '', 'site-packages/a-1.whl': '', 'site-packages/pkg/__init__.py': '' }), deleted: [] });
    expect(ws.sitePaths()).toEqual(['/app/site-packages', '/app/site-packages/a-1.whl', '/app/site-packages/b-1.whl']);
  });
});

describe('workspace changes', () => {
  it('reports written and created files and deleted paths, not host syncs or reads', () => {
    const ws = new Workspace();
    ws.setAccess('write');
    ws.apply({ replace: true, files: files({ 'same.txt': 's', 'edit.txt': 'e', 'gone.txt': 'g', 'moved.txt': 'm' }), deleted: [] });
    const before = ws.snapshot();
    guestWrite(ws, 'edit.txt', 'edited');
    const dir = new WsOpenDir(ws.root);
    guestWrite(ws, 'created.txt', 'n');
    dir.path_unlink_file('gone.txt');
    dir.renameTo('moved.txt', dir, 'renamed.txt');
    dir.path_create_directory('empty');
    const changes = ws.changesSince(before);
    expect(Object.keys(changes.files).sort()).toEqual(['created.txt', 'edit.txt', 'renamed.txt']);
    expect([...changes.deleted].sort()).toEqual(['gone.txt', 'moved.txt']);
    expect(new TextDecoder().decode(changes.files['edit.txt'])).toBe('edited');
  });

  it('counts a created directory file once it exists under the snapshot', () => {
    const ws = new Workspace();
    ws.setAccess('write');
    ws.apply({ replace: true, files: {}, deleted: [] });
    const before = ws.snapshot();
    new WsOpenDir(ws.root).path_create_directory('new');
    guestWrite(ws, 'new/file.txt', 'n');
    expect(Object.keys(ws.changesSince(before).files)).toEqual(['new/file.txt']);
  });
});
