import type { QuickJSHandle } from 'quickjs-emscripten-core';
import type { Permissions } from '../protocol';
import { HostError, type HostValues } from './host-values';
import { FsError, type Workspace } from './workspace';

const W_OK = 2;

/** Adds `host.fs`: the workspace operations behind the guest's `fs`, each checking the run's policy. */
export function installFs(v: HostValues, host: QuickJSHandle, workspace: Workspace, permissions: () => Permissions): void {
  const encoder = new TextEncoder();
  const decoder = new TextDecoder();
  const fs = v.object(host, 'fs');

  function mounted(): Permissions {
    const p = permissions();
    if (p.fs === 'none') throw new HostError('Error', 'EACCES', `EACCES: permission denied: no workspace is mounted under the ${p.tier} policy`);
    return p;
  }

  function writable(shown: string, syscall: string): void {
    const p = mounted();
    if (p.fs !== 'write') {
      throw new HostError('Error', 'EROFS', `EROFS: read-only file system, ${syscall} '${shown}' (the workspace is read-only under the ${p.tier} policy)`);
    }
  }

  // Workspace errors become guest errors carrying Node's code.
  function op(name: string, impl: (...args: QuickJSHandle[]) => QuickJSHandle | void): void {
    v.fn(fs, name, (...args) => {
      try {
        return impl(...args);
      } catch (error) {
        if (error instanceof FsError) throw new HostError('Error', error.code, error.message);
        throw error;
      }
    });
  }

  const path = (handle: QuickJSHandle | undefined, syscall: string): [string, string] => {
    const shown = v.string(handle, 'path');
    return [workspace.resolve(shown, syscall), shown];
  };

  op('readFile', (p) => {
    mounted();
    const [resolved, shown] = path(p, 'open');
    return v.arrayBuffer(workspace.readFile(resolved, shown));
  });
  op('readText', (p) => {
    mounted();
    const [resolved, shown] = path(p, 'open');
    return v.newString(decoder.decode(workspace.readFile(resolved, shown)));
  });
  op('writeFile', (p, data, append) => {
    const [resolved, shown] = path(p, 'open');
    writable(shown, 'open');
    const bytes = data && v.ctx.typeof(data) === 'string' ? encoder.encode(v.string(data)) : v.bytes(data);
    workspace.writeFile(resolved, shown, bytes, v.flag(append));
  });
  op('exists', (p) => {
    mounted();
    try {
      return v.boolean(workspace.exists(path(p, 'access')[0]));
    } catch {
      return v.ctx.false;
    }
  });
  op('stat', (p) => {
    mounted();
    const [resolved, shown] = path(p, 'stat');
    const s = workspace.stat(resolved, shown);
    return v.ctx.newString(JSON.stringify([s.kind, s.size, s.mtimeMs, s.birthtimeMs]));
  });
  op('readdir', (p) => {
    mounted();
    const [resolved, shown] = path(p, 'scandir');
    return v.ctx.newString(JSON.stringify(workspace.readdir(resolved, shown).map((e) => [e.name, e.directory])));
  });
  op('mkdir', (p, recursive) => {
    const [resolved, shown] = path(p, 'mkdir');
    writable(shown, 'mkdir');
    const made = workspace.mkdir(resolved, shown, v.flag(recursive));
    return made === undefined ? v.ctx.undefined : v.ctx.newString(made);
  });
  op('unlink', (p) => {
    const [resolved, shown] = path(p, 'unlink');
    writable(shown, 'unlink');
    workspace.unlink(resolved, shown);
  });
  op('rmdir', (p, recursive) => {
    const [resolved, shown] = path(p, 'rmdir');
    writable(shown, 'rmdir');
    workspace.rmdir(resolved, shown, v.flag(recursive));
  });
  op('rm', (p, recursive, force) => {
    const [resolved, shown] = path(p, 'rm');
    writable(shown, 'rm');
    workspace.rm(resolved, shown, v.flag(recursive), v.flag(force));
  });
  op('rename', (from, to) => {
    const [a, shownA] = path(from, 'rename');
    const [b, shownB] = path(to, 'rename');
    writable(shownA, 'rename');
    workspace.rename(a, b, shownA, shownB);
  });
  op('copyFile', (from, to) => {
    const [a, shownA] = path(from, 'copyfile');
    const [b, shownB] = path(to, 'copyfile');
    writable(shownB, 'copyfile');
    workspace.copyFile(a, b, shownA, shownB);
  });
  op('access', (p, mode) => {
    const [resolved, shown] = path(p, 'access');
    if (!workspace.exists(resolved)) throw new FsError('ENOENT', `ENOENT: no such file or directory, access '${shown}'`);
    if (v.number(mode) & W_OK) writable(shown, 'access');
    else mounted();
  });
  fs.dispose();
}
