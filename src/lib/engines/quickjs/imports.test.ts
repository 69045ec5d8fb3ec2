import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine, Permissions, RunJob } from '../protocol';
import { STRICT, VARIANTS, engineFor, hooks, job } from './testing';

const PATH_ONLY: Permissions = { tier: 'strict', fs: 'write', eval: false, modules: ['path'] };

describe.each(VARIANTS)('$id modules', ({ id }) => {
  let engine: Engine;
  const run = (code: string, overrides: Partial<RunJob> = {}) => engine.run(job(code, overrides), hooks());

  beforeAll(async () => {
    engine = await engineFor(id);
  });
  afterAll(() => engine.dispose());

  it('requires the built-ins, with or without node:', async () => {
    const out = await run(
      'const path = require("path"), util = require("node:util"), { EventEmitter } = require("events"), { Buffer: B } = require("buffer");\n' +
        'const e = new EventEmitter(); e.once("hi", (x) => console.log("event", x)); e.emit("hi", 1);\n' +
        'console.log(path.join("/app", "a", "..", "b.txt"), path.resolve("x"), util.format("%s!", "ok"), B.from("a").length);\n' +
        'console.log(require("fs/promises") === require("fs").promises, require("util/types").isDate(new Date()), require.resolve("fs"));',
    );
    expect(out.stdout).toBe('event 1\n/app/b.txt /app/x ok! 1\ntrue true node:fs\n');
  });

  it('supports import declarations: default, named, namespace and side-effect', async () => {
    const out = await run(
      'import path, { join as j } from "path";\nimport * as util from "node:util";\nimport "events";\n' +
        'console.log(j("a", "b"), path.sep, typeof util.default.inspect, typeof util.promisify);',
    );
    expect(out).toMatchObject({ status: 'completed', stdout: 'a/b / function function\n' });
  });

  it('supports dynamic import()', async () => {
    const out = await run('const { join, default: path } = await import("node:path");\nimport("util").then((u) => console.log(typeof u.inspect));\nconsole.log(join("x", "y"), path.basename("/a/b.c"));');
    expect(out.stdout).toBe('x/y b.c\nfunction\n');
  });

  it('refuses modules the policy does not list, naming module and tier', async () => {
    const required = await run('require("path");\nrequire("events");', { permissions: PATH_ONLY });
    expect(required.error).toMatchObject({ name: 'Error', message: 'module "events" is not allowed under the strict policy', line: 2 });
    const imported = await run('import { join } from "path";\nimport fs from "fs";', { permissions: PATH_ONLY });
    expect(imported.error).toMatchObject({ message: 'module "fs" is not allowed under the strict policy', line: 2 });
    const dynamic = await run('await import("node:util")', { permissions: PATH_ONLY });
    expect(dynamic.error?.message).toBe('module "util" is not allowed under the strict policy');
    const code = await run('try { require("util") } catch (e) { console.log(e.code) }', { permissions: STRICT });
    expect(code.stdout).toBe('ERR_ACCESS_DENIED\n');
  });

  it('refuses files, URLs and packages, and fetches nothing', async () => {
    const cases = ['./local.js', '../up.js', '/abs/x.js', 'https://esm.sh/lodash', 'data:text/javascript,export default 1', 'lodash', 'child_process'];
    const out = await run(
      `for (const m of ${JSON.stringify(cases)}) { try { require(m) } catch (e) { console.log(e.code, e.message) } }\n` +
        `for (const m of ${JSON.stringify(cases)}) { await import(m).catch((e) => console.log("import", e.message.slice(0, e.message.indexOf("': ") + 1))) }`,
    );
    const lines = out.stdout.trimEnd().split('\n');
    expect(lines.slice(0, 3).every((l) => l.startsWith("MODULE_NOT_FOUND Cannot find module '") && l.includes('the sandbox has no module files'))).toBe(true);
    expect(lines[3]).toMatch(/never fetches anything/);
    expect(lines[4]).toMatch(/never fetches anything/);
    expect(lines[5]).toBe("MODULE_NOT_FOUND Cannot find module 'lodash': only the built-in modules fs, path, util, events and buffer can be imported (no npm packages)");
    expect(lines[6]).toMatch(/Cannot find module 'child_process'/);
    expect(lines.slice(7)).toEqual([...Array(7)].map((_, i) => (i === 3 || i === 4 ? "import Cannot import '" + cases[i] + "'" : "import Cannot find module '" + cases[i] + "'")));
  });

  it('keeps internal modules out of reach', async () => {
    const out = await run('for (const m of ["sandcell:fs", "node-inspect", "base64-js", "ungap/index.js"]) { try { require(m); console.log("loaded", m) } catch (e) { console.log(e.code) } }');
    expect(out.stdout).toBe('MODULE_NOT_FOUND\n'.repeat(4));
  });
});

describe.each(VARIANTS)('$id eval policy', ({ id }) => {
  let engine: Engine;
  const run = (code: string, overrides: Partial<RunJob> = {}) => engine.run(job(code, overrides), hooks());

  beforeAll(async () => {
    engine = await engineFor(id);
  });
  afterAll(() => engine.dispose());

  it('blocks every way to compile strings, naming the tier, while instanceof still works', async () => {
    const out = await run(
      [
        'const tries = {',
        '  eval: () => eval("1"),',
        '  indirectEval: () => (0, globalThis.eval)("1"),',
        '  Function: () => Function("return 1"),',
        '  newFunction: () => new Function("return 1"),',
        '  viaPrototype: () => (function () {}).constructor("return 1"),',
        '  async: () => (async function () {}).constructor("return 1"),',
        '  generator: () => (function* () {}).constructor("yield 1"),',
        '  asyncGenerator: () => (async function* () {}).constructor("yield 1"),',
        '  reflect: () => Reflect.construct(Object.getPrototypeOf(() => {}).constructor, ["return 1"]),',
        '};',
        'for (const [name, f] of Object.entries(tries)) { try { f(); console.log(name, "ran") } catch (e) { console.log(name, e.name, e.message) } }',
        'console.log((() => {}) instanceof Function, (async () => {}) instanceof Function, typeof Function, Function.prototype.constructor === Function);',
      ].join('\n'),
      { permissions: STRICT },
    );
    const lines = out.stdout.trimEnd().split('\n');
    expect(lines.slice(0, 9).every((l) => / EvalError .* is not allowed under the strict policy \(code generation from strings is disabled\)$/.test(l))).toBe(true);
    expect(lines[0]).toBe('eval EvalError eval is not allowed under the strict policy (code generation from strings is disabled)');
    expect(lines[3]).toBe('newFunction EvalError the Function constructor is not allowed under the strict policy (code generation from strings is disabled)');
    expect(lines[5]).toMatch(/^async EvalError the AsyncFunction constructor/);
    expect(lines[9]).toBe('true true function true');
  });

  it('allows eval when the policy does, and switches per run in a session', async () => {
    const sessionId = `eval-${id}`;
    const open = { tier: 'open', fs: 'write', eval: true, modules: '*' } as const;
    expect((await engine.run(job('console.log(eval("1 + 1"), new Function("return 3")())', { sessionId, permissions: open }), hooks())).stdout).toBe('2 3\n');
    expect((await engine.run(job('try { eval("1") } catch (e) { console.log(e.name) }', { sessionId, permissions: STRICT }), hooks())).stdout).toBe('EvalError\n');
    expect((await engine.run(job('console.log(eval("4"), (async function () {}).constructor("return 5")() instanceof Promise)', { sessionId, permissions: open }), hooks())).stdout).toBe('4 true\n');
    engine.dropSession(sessionId);
  });

  it('does not affect the engine: modules still load with eval disabled', async () => {
    const out = await run('console.log(require("path").join("a", "b"), new Map([[1, 2]]))', { permissions: { ...STRICT, modules: ['path'] } });
    expect(out.stdout).toBe('a/b Map(1) { 1 => 2 }\n');
  });
});
