import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine, Permissions, RunJob } from '../protocol';
import { VARIANTS, engineFor, hooks, job } from './testing';

const bytes = (text: string) => new TextEncoder().encode(text);
const READ_ONLY: Permissions = { tier: 'reader', fs: 'read', eval: true, modules: '*' };
const NO_FS: Permissions = { tier: 'sealed', fs: 'none', eval: true, modules: '*' };

describe.each(VARIANTS)('$id fs', ({ id }) => {
  let engine: Engine;
  const run = (code: string, overrides: Partial<RunJob> = {}) => engine.run(job(code, overrides), hooks());
  const withFiles = (files: Record<string, string>) => ({
    workspace: { replace: true, files: Object.fromEntries(Object.entries(files).map(([k, v]) => [k, bytes(v)])), deleted: [] },
  });

  beforeAll(async () => {
    engine = await engineFor(id);
  });
  afterAll(() => engine.dispose());

  it('reads workspace files as Buffers or strings, relative or under /app', async () => {
    const out = await run(
      'const fs = require("fs");\n' +
        'const b = fs.readFileSync("data/in.txt");\n' +
        'console.log(Buffer.isBuffer(b), b.length, fs.readFileSync("/app/data/in.txt", "utf8"), fs.readFileSync("./data/in.txt", { encoding: "hex" }));',
      withFiles({ 'data/in.txt': 'héllo' }),
    );
    expect(out).toMatchObject({ status: 'completed', stdout: 'true 6 héllo 68c3a96c6c6f\n' });
  });

  it('writes, appends, lists, stats, copies, renames and removes', async () => {
    const out = await run(
      'const fs = require("node:fs");\n' +
        'fs.mkdirSync("out/deep", { recursive: true });\n' +
        'fs.writeFileSync("out/a.txt", "one");\n' +
        'fs.appendFileSync("out/a.txt", "+two");\n' +
        'fs.writeFileSync("out/bin", new Uint8Array([1, 2, 3]));\n' +
        'fs.copyFileSync("out/a.txt", "out/copy.txt");\n' +
        'fs.renameSync("keep.txt", "out/renamed.txt");\n' +
        'fs.unlinkSync("gone.txt");\n' +
        'fs.rmSync("tmp", { recursive: true });\n' +
        'console.log(fs.readdirSync("out").join());\n' +
        'console.log(fs.readdirSync("out", { withFileTypes: true }).map((d) => d.name + (d.isDirectory() ? "/" : "")).join());\n' +
        'const s = fs.statSync("out/a.txt"); console.log(s.isFile(), s.isDirectory(), s.size, s.mtime instanceof Date);\n' +
        'console.log(fs.existsSync("gone.txt"), fs.existsSync("/app/out"), fs.existsSync("/etc/passwd"), fs.readFileSync("out/a.txt", "utf8"));',
      withFiles({ 'keep.txt': 'k', 'gone.txt': 'g', 'tmp/x': 'x' }),
    );
    expect(out.stdout).toBe('a.txt,bin,copy.txt,deep,renamed.txt\na.txt,bin,copy.txt,deep/,renamed.txt\ntrue false 7 true\nfalse true false one+two\n');
    expect(Object.keys(out.changes.files)).toEqual(['out/a.txt', 'out/bin', 'out/copy.txt', 'out/renamed.txt']);
    expect(out.changes.files['out/bin']).toEqual(new Uint8Array([1, 2, 3]));
    expect(out.changes.deleted).toEqual(['gone.txt', 'keep.txt', 'tmp/x']);
  });

  it('throws Node-style errors with code, errno, syscall and path', async () => {
    const out = await run(
      'const fs = require("fs");\n' +
        'for (const f of [() => fs.readFileSync("nope.txt"), () => fs.mkdirSync("a/b"), () => fs.rmdirSync("d"), () => fs.readdirSync("f.txt"), () => fs.readFileSync("/etc/passwd")]) {\n' +
        '  try { f() } catch (e) { console.log(e.code, e.errno, e.syscall, e.path, "|", e.message) }\n' +
        '}',
      withFiles({ 'd/x': '', 'f.txt': '' }),
    );
    expect(out.stdout.split('\n')).toEqual([
      "ENOENT -2 open nope.txt | ENOENT: no such file or directory, open 'nope.txt'",
      "ENOENT -2 mkdir a/b | ENOENT: no such file or directory, mkdir 'a/b'",
      "ENOTEMPTY -39 rmdir d | ENOTEMPTY: directory not empty, rmdir 'd'",
      "ENOTDIR -20 scandir f.txt | ENOTDIR: not a directory, scandir 'f.txt'",
      `EACCES -13 open /etc/passwd | EACCES: permission denied, open '/etc/passwd' (path "/etc/passwd" is outside the workspace (/app))`,
      '',
    ]);
  });

  it('has fs.promises and the callback API', async () => {
    const out = await run(
      'const fsp = require("fs/promises");\n' +
        'await fsp.writeFile("p.txt", "promised");\n' +
        'console.log(await fsp.readFile("p.txt", "utf8"), (await fsp.stat("p.txt")).size);\n' +
        'await fsp.readFile("missing").catch((e) => console.log("rejected", e.code));\n' +
        'const fs = require("fs");\n' +
        'fs.readFile("p.txt", "utf8", (err, text) => console.log("callback", err, text));\n' +
        'fs.readFile("missing", (err) => console.log("callback error", err.code));\n' +
        'import { readFileSync } from "node:fs";\n' +
        'console.log(readFileSync("p.txt", "utf8") === "promised", fs.promises === fsp);',
    );
    expect(out.stdout).toBe('promised 8\nrejected ENOENT\ntrue true\ncallback null promised\ncallback error ENOENT\n');
  });

  it('is read-only under fs "read", naming the tier', async () => {
    const out = await run(
      'const fs = require("fs");\nconsole.log(fs.readFileSync("in.txt", "utf8"));\nfs.writeFileSync("in.txt", "changed");',
      { ...withFiles({ 'in.txt': 'data' }), permissions: READ_ONLY },
    );
    expect(out).toMatchObject({ status: 'error', stdout: 'data\n', error: { line: 3 } });
    expect(out.error?.message).toBe("EROFS: read-only file system, open 'in.txt' (the workspace is read-only under the reader policy)");
    expect(out.changes).toEqual({ files: {}, deleted: [] });
    const others = await run(
      'const fs = require("fs"); for (const f of [() => fs.mkdirSync("d"), () => fs.unlinkSync("in.txt"), () => fs.renameSync("in.txt", "x"), () => fs.accessSync("in.txt", fs.constants.W_OK)]) { try { f(); console.log("allowed") } catch (e) { console.log(e.code) } }\nfs.accessSync("in.txt");',
      { ...withFiles({ 'in.txt': 'data' }), permissions: READ_ONLY },
    );
    expect(others.stdout).toBe('EROFS\nEROFS\nEROFS\nEROFS\n');
  });

  it('is not there at all under fs "none"', async () => {
    const out = await run('require("fs")', { permissions: NO_FS });
    expect(out.error?.message).toBe('module "fs" is not available: no workspace is mounted under the sealed policy');
    const imported = await run('const x = 1;\nimport { readFileSync } from "fs";', { permissions: NO_FS });
    expect(imported.error).toMatchObject({ message: 'module "fs" is not available: no workspace is mounted under the sealed policy', line: 2 });
  });

  it('keeps the workspace of a session between runs and syncs changes from the host', async () => {
    const sessionId = `ws-${id}`;
    const first = await engine.run(job('require("fs").writeFileSync("made.txt", "1")', { sessionId, ...withFiles({ 'host.txt': 'h' }) }), hooks());
    expect(Object.keys(first.changes.files)).toEqual(['made.txt']);
    const second = await engine.run(
      job('const fs = require("fs"); console.log(fs.readdirSync(".").join(), fs.readFileSync("host.txt", "utf8"))', {
        sessionId,
        workspace: { replace: false, files: { 'host.txt': bytes('updated') }, deleted: [] },
      }),
      hooks(),
    );
    expect(second.stdout).toBe('host.txt,made.txt updated\n');
    expect(second.changes).toEqual({ files: {}, deleted: [] });
    engine.dropSession(sessionId);
  });

  it('enforces the size caps with errors naming the file and the cap', async () => {
    const out = await run('const fs = require("fs");\ntry { fs.writeFileSync("big.bin", new Uint8Array(11 * 1024 * 1024)) } catch (e) { console.log(e.code, e.message) }');
    expect(out.stdout).toBe("EFBIG EFBIG: file too large, write 'big.bin' (files are capped at 10 MB)\n");
  });

  it('refuses to write bad data types', async () => {
    const out = await run('try { require("fs").writeFileSync("x", { a: 1 }) } catch (e) { console.log(e.name, e.code) }');
    expect(out.stdout).toBe('TypeError ERR_INVALID_ARG_TYPE\n');
  });
});
