import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine, RunJob } from '../protocol';
import { versionFromMemoryDump } from './engine';
import { STRICT, VARIANTS, betweenRuns, engineFor, hooks, job } from './testing';

describe('versionFromMemoryDump', () => {
  it('reads the version QuickJS prints in its memory dump', () => {
    expect(versionFromMemoryDump('QuickJS memory usage -- 2025-09-13 version, 32-bit, malloc limit: 0')).toBe('QuickJS 2025-09-13');
    expect(versionFromMemoryDump('QuickJS-ng memory usage -- 0.12.1 version, 32-bit, Little Endian')).toBe('QuickJS-ng 0.12.1');
    expect(versionFromMemoryDump('something else')).toBeUndefined();
  });
});

describe.each(VARIANTS)('$id engine', ({ id }) => {
  let engine: Engine;
  const run = (code: string, overrides: Partial<RunJob> = {}) => engine.run(job(code, overrides), hooks());

  beforeAll(async () => {
    engine = await engineFor(id);
  });
  afterAll(() => engine.dispose());

  it('describes itself with the real version', async () => {
    const info = await engine.init();
    expect(info).toMatchObject({ id, language: 'javascript', available: true, stateful: true });
    expect(info.version).toMatch(id === 'quickjs' ? /^QuickJS \d{4}-\d{2}-\d{2}$/ : /^QuickJS-ng \d+\.\d+\.\d+$/);
    expect(info.features).toEqual(expect.arrayContaining(['top-level-await', 'timers', 'fs', 'modules', 'input']));
    expect(await engine.init()).toBe(info);
  });

  it('runs code and reports a complete outcome', async () => {
    const out = await run('console.log("hello"); console.error("oops")');
    expect(out).toMatchObject({ status: 'completed', stdout: 'hello\n', stderr: 'oops\n', truncated: false, exitCode: 0, stateful: false });
    expect(out.error).toBeUndefined();
    expect(out.changes).toEqual({ files: {}, deleted: [] });
    expect(out.metrics.outputBytes).toBe(11);
    expect(out.metrics.memoryBytes).toBeGreaterThan(10_000);
    expect(out.metrics.runMs).toBeGreaterThan(0);
    expect(out.metrics.fuel).toBeGreaterThanOrEqual(0);
  });

  it('streams output through the hook and caps it', async () => {
    const h = hooks();
    const out = await engine.run(job('for (let i = 0; i < 2000; i++) console.log("line " + i)', { outputLimitBytes: 1000 }), h);
    expect(out.truncated).toBe(true);
    expect(out.stdout.length).toBeLessThan(1200);
    expect(out.stdout).toContain('line 0\n');
    expect(out.stdout).toContain('line 1999\n');
    expect(h.chunks.length).toBeGreaterThan(0);
    expect(h.chunks[0]?.text.startsWith('line 0')).toBe(true);
  });

  it('gives stateless runs a fresh runtime each time', async () => {
    await run('globalThis.leak = 1; var v = 2');
    const out = await run('console.log(typeof leak, typeof v)');
    expect(out.stdout).toBe('undefined undefined\n');
  });

  it('gives a run that takes the spare session a runtime nothing ran in, under its own permissions', async () => {
    // A pause between runs lets the engine build its spare; each run below takes one.
    await run('globalThis.leak = 1; var v = 2', { permissions: STRICT });
    await betweenRuns();
    const out = await run('console.log(typeof leak, typeof v, eval("6 * 7"))');
    expect(out).toMatchObject({ status: 'completed', stdout: 'undefined undefined 42\n' });
    await betweenRuns();
    const strict = await run('eval("1")', { permissions: STRICT });
    expect(strict).toMatchObject({ status: 'error', error: { name: 'EvalError' } });
    await betweenRuns();
    const sessionId = `spare-${id}`;
    await engine.run(job('globalThis.kept = 5', { sessionId }), hooks());
    await betweenRuns();
    const kept = await engine.run(job('console.log(kept)', { sessionId }), hooks());
    expect(kept).toMatchObject({ status: 'completed', stdout: '5\n', stateful: true });
    engine.dropSession(sessionId);
  });

  it('keeps globals, functions, let, const and classes in a session', async () => {
    const sessionId = `keep-${id}`;
    await engine.run(job('let a = 1; const b = 2; var c = 3; function f() { return a + b + c } class K { get v() { return 4 } }', { sessionId }), hooks());
    // The async path hoists its declarations the same way.
    await engine.run(job('const d = await Promise.resolve(5); class L {}', { sessionId }), hooks());
    const out = await engine.run(job('a++; console.log(a, f(), new K().v, d, typeof L)', { sessionId }), hooks());
    expect(out).toMatchObject({ status: 'completed', stdout: '2 7 4 5 function\n', stateful: true });
    engine.dropSession(sessionId);
    const fresh = await engine.run(job('console.log(typeof a, typeof f)', { sessionId }), hooks());
    expect(fresh.stdout).toBe('undefined undefined\n');
    expect(fresh.stateLost).toBeUndefined();
    engine.dropSession(sessionId);
  });

  it('reports a redeclaration in a session as the script error it is', async () => {
    const sessionId = `redeclare-${id}`;
    await engine.run(job('let x = 1', { sessionId }), hooks());
    const out = await engine.run(job('let x = 2', { sessionId }), hooks());
    expect(out.status).toBe('error');
    expect(out.error).toMatchObject({ name: 'SyntaxError', message: "redeclaration of 'x'" });
    engine.dropSession(sessionId);
  });

  it('runs the jobs of one session one after another', async () => {
    const sessionId = `serial-${id}`;
    const first = engine.run(job('globalThis.log = []; await new Promise((r) => setTimeout(r, 30)); log.push(1)', { sessionId }), hooks());
    const second = engine.run(job('log.push(2); console.log(log.join())', { sessionId }), hooks());
    expect((await first).status).toBe('completed');
    expect((await second).stdout).toBe('1,2\n');
    engine.dropSession(sessionId);
  });

  it('makes job.context keys globals before the code runs', async () => {
    const out = await run('console.log(user.name, n + 1, Array.isArray(list))', { context: { user: { name: 'ada' }, n: 41, list: [1] } });
    expect(out.stdout).toBe('ada 42 true\n');
  });

  it('refuses a context that is not a JSON object', async () => {
    const out = await run('1', { context: [1] as unknown as Record<string, unknown> });
    expect(out).toMatchObject({ status: 'error', error: { name: 'TypeError', message: 'job.context must be a JSON object' } });
  });

  it('rejects malformed jobs as host bugs', async () => {
    await expect(engine.run({ ...job('1'), timeoutMs: -1 }, hooks())).rejects.toThrow(/timeoutMs must be a positive number/);
    await expect(engine.run({ ...job('1'), permissions: undefined as never }, hooks())).rejects.toThrow(/permissions must be an object/);
  });

  it('reports a bad workspace sync as a run error', async () => {
    const out = await run('1', { workspace: { replace: true, files: { '../x': new Uint8Array(1) }, deleted: [] } });
    expect(out).toMatchObject({ status: 'error', error: { name: 'WorkspaceError' } });
    expect(out.error?.message).toMatch(/escapes the workspace/);
  });
});

describe.each(VARIANTS)('$id errors', ({ id }) => {
  let engine: Engine;
  const run = (code: string, overrides: Partial<RunJob> = {}) => engine.run(job(code, overrides), hooks());

  beforeAll(async () => {
    engine = await engineFor(id);
  });
  afterAll(() => engine.dispose());

  it('gives uncaught errors their 1-based line, a Node-like stack and an Uncaught line on stderr', async () => {
    const out = await run('const a = 1;\nfunction f() {\n  throw new RangeError("boom");\n}\nf();');
    expect(out).toMatchObject({ status: 'error', exitCode: 1, error: { name: 'RangeError', message: 'boom', line: 3 } });
    expect(out.error?.stack).toMatch(/^RangeError: boom\n {4}at f \(main\.js:3/);
    expect(out.stderr).toMatch(/^Uncaught RangeError: boom\n {4}at f \(main\.js:3/);
  });

  it('gives syntax errors their line', async () => {
    const out = await run('let ok = 1;\n\nlet = = 2;');
    expect(out).toMatchObject({ status: 'error', error: { name: 'SyntaxError', line: 3 } });
  });

  it('gives errors from timers, microtasks and rejected top-level await their line', async () => {
    const timer = await run('setTimeout(() => {\n  null.x;\n}, 1);');
    expect(timer).toMatchObject({ status: 'error', error: { name: 'TypeError', line: 2 } });
    const microtask = await run('\nqueueMicrotask(() => { throw new Error("in microtask") });');
    expect(microtask).toMatchObject({ status: 'error', error: { message: 'in microtask', line: 2 } });
    const tla = await run('await null;\n\nthrow new Error("late");');
    expect(tla).toMatchObject({ status: 'error', error: { message: 'late', line: 3 } });
    const awaited = await run('const x = 1;\nawait Promise.reject(new TypeError("rejected"));');
    expect(awaited).toMatchObject({ status: 'error', error: { name: 'TypeError', message: 'rejected', line: 2 } });
  });

  it('stops at the first uncaught error, like Node', async () => {
    const out = await run('setTimeout(() => console.log("never"), 20); throw new Error("now")');
    expect(out.status).toBe('error');
    expect(out.stdout).toBe('');
  });

  it('describes thrown values that are not errors', async () => {
    expect((await run('throw 42')).error).toEqual({ name: 'Error', message: 'non-error value thrown: 42' });
    expect((await run('throw null')).error).toEqual({ name: 'Error', message: 'non-error value thrown: null' });
    expect((await run('throw { code: 7 }')).error).toEqual({ name: 'Error', message: 'non-error value thrown: {"code":7}' });
    expect((await run('throw Promise.resolve(1)')).error).toEqual({ name: 'Error', message: 'non-error value thrown: "[object Promise]"' });
  });

  it('keeps error subclasses and their names', async () => {
    const out = await run('class ValidationError extends Error { constructor(m) { super(m); this.name = "ValidationError" } }\nthrow new ValidationError("bad input")');
    expect(out.error).toMatchObject({ name: 'ValidationError', message: 'bad input', line: 2 });
  });

  it('reports a top-level await that can never settle', async () => {
    const out = await run('await new Promise(() => {})');
    expect(out).toMatchObject({ status: 'error', exitCode: 13 });
    expect(out.stderr).toMatch(/unsettled top-level await/);
  });

  it('hides the prelude from stacks but keeps node: frames', async () => {
    const out = await run('require("fs").readFileSync("missing.txt")');
    expect(out.error?.stack).not.toMatch(/sandcell:/);
    expect(out.error?.stack).toMatch(/node:fs/);
    expect(out.error).toMatchObject({ message: "ENOENT: no such file or directory, open 'missing.txt'", line: 1 });
  });
});
