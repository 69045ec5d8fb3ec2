import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine, RunJob } from '../protocol';
import { VARIANTS, betweenRuns, engineFor, hooks, job } from './testing';

const MB = 1024 * 1024;

describe.each(VARIANTS)('$id limits', ({ id }) => {
  let engine: Engine;
  const run = (code: string, overrides: Partial<RunJob> = {}) => engine.run(job(code, overrides), hooks());

  beforeAll(async () => {
    engine = await engineFor(id);
  });
  afterAll(() => engine.dispose());

  it('stops a busy loop at the deadline, counting fuel, and the session survives', async () => {
    const sessionId = `timeout-${id}`;
    await engine.run(job('let kept = "state"', { sessionId }), hooks());
    const started = performance.now();
    const out = await engine.run(job('let i = 0;\nwhile (true) { i++ }', { sessionId, timeoutMs: 150 }), hooks());
    expect(out.status).toBe('timeout');
    expect(out.error).toMatchObject({ name: 'TimeoutError', message: 'execution timed out after 150 ms' });
    expect(out.exitCode).toBeUndefined();
    expect(out.metrics.fuel).toBeGreaterThan(10);
    expect(performance.now() - started).toBeLessThan(1000);
    const after = await engine.run(job('console.log(kept)', { sessionId }), hooks());
    expect(after).toMatchObject({ status: 'completed', stdout: 'state\n' });
    engine.dropSession(sessionId);
  });

  it('cannot be caught by the guest', async () => {
    const out = await run('for (;;) { try { while (true) {} } catch (e) { console.log("caught") } }', { timeoutMs: 100 });
    expect(out.status).toBe('timeout');
    expect(out.stdout).toBe('');
  });

  it('times out while waiting on a timer without waiting for it', async () => {
    const started = performance.now();
    const out = await run('setTimeout(() => console.log("late"), 60_000)', { timeoutMs: 100 });
    expect(out.status).toBe('timeout');
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('clears what a stopped run left: timers and queued jobs never run later', async () => {
    const sessionId = `leftovers-${id}`;
    await engine.run(job('setInterval(() => console.log("tick"), 5); Promise.resolve().then(function again() { return Promise.resolve().then(again) }); while (true) {}', { sessionId, timeoutMs: 80 }), hooks());
    const out = await engine.run(job('await new Promise((r) => setTimeout(r, 30)); console.log("clean")', { sessionId }), hooks());
    expect(out).toMatchObject({ status: 'completed', stdout: 'clean\n' });
    engine.dropSession(sessionId);
  });

  it('cancels a run waiting on a timer', async () => {
    const j = job('setTimeout(() => console.log("never"), 10_000)');
    const pending = engine.run(j, hooks());
    setTimeout(() => engine.cancel(j.id), 30);
    const out = await pending;
    expect(out).toMatchObject({ status: 'cancelled', error: { name: 'CancelledError' } });
    expect(out.stdout).toBe('');
  });

  it('cancels a run waiting for input', async () => {
    const j = job('await input("? ")', { interactive: true });
    const pending = engine.run(j, { output: () => {}, input: () => new Promise(() => {}) });
    setTimeout(() => engine.cancel(j.id), 30);
    expect((await pending).status).toBe('cancelled');
  });

  it('cancels a run that has not started yet', async () => {
    const sessionId = `queued-${id}`;
    const first = engine.run(job('await new Promise((r) => setTimeout(r, 50))', { sessionId }), hooks());
    const queued = job('console.log("ran")', { sessionId });
    const second = engine.run(queued, hooks());
    engine.cancel(queued.id);
    expect((await first).status).toBe('completed');
    expect(await second).toMatchObject({ status: 'cancelled', stdout: '' });
    engine.dropSession(sessionId);
  });

  it('reports running out of memory, and the session survives', async () => {
    const sessionId = `oom-${id}`;
    await engine.run(job('let kept = 7', { sessionId }), hooks());
    const started = performance.now();
    const out = await engine.run(job('const chunks = [];\nwhile (true) chunks.push("x".repeat(1 << 20) + chunks.length)', { sessionId, memoryBytes: 32 * MB }), hooks());
    expect(out.status).toBe('memory');
    expect(performance.now() - started).toBeLessThan(3000);
    const after = await engine.run(job('console.log(kept)', { sessionId }), hooks());
    expect(after).toMatchObject({ status: 'completed', stdout: '7\n' });
    engine.dropSession(sessionId);
  });

  it('catches a short burst of big allocations that QuickJS alone would miss', async () => {
    const out = await run('const keep = [];\nfor (let i = 0; i < 12; i++) keep.push(new Uint8Array(8 << 20));', { memoryBytes: 32 * MB });
    expect(out.status).toBe('memory');
    expect(out.error?.name).toMatch(/MemoryError|InternalError/);
  });

  it('lets the guest catch an out-of-memory error for a single huge allocation', async () => {
    const out = await run('try { new ArrayBuffer(512 << 20) } catch (e) { console.log(e.name, e.message) }', { memoryBytes: 32 * MB });
    expect(out).toMatchObject({ status: 'completed', stdout: expect.stringMatching(/out of memory|Array buffer allocation failed|RangeError/) });
  });

  const recursions: Record<string, string> = {
    plain: 'function r() { return r() + 1 } r()',
    getter: 'const o = { get x() { return this.x } }; o.x',
    proxy: 'const p = new Proxy({}, { get(t, k) { return p[k] } }); p.x',
    toString: 'const o = { toString() { return "" + o } }; "" + o',
    callbacks: 'function r() { [1].map(r) } r()',
    classes: 'class A { constructor() { new A() } } new A()',
    json: 'const o = { toJSON() { return JSON.stringify(o) } }; JSON.stringify(o)',
    apply: 'function r() { Reflect.apply(r, null, []) } r()',
    deepArray: 'let a = []; for (let i = 0; i < 1e5; i++) a = [a]; String(a)',
    jsonParse: 'JSON.parse("[".repeat(1e5))',
    jsonStringify: 'let o = {}; for (let i = 0; i < 1e5; i++) o = { o }; JSON.stringify(o)',
    linkedList: 'let list = null; for (let i = 0; i < 1e5; i++) list = { value: i, next: list }; JSON.stringify(list)',
  };

  it.each(Object.entries(recursions))('turns unbounded recursion (%s) into a catchable error, not a crash', async (_name, code) => {
    const out = await run(`try { ${code} } catch (e) { console.log("caught", e.name) }`);
    expect(out.status).toBe('completed');
    expect(out.stdout).toMatch(/^caught (InternalError|RangeError|SyntaxError)\n$/);
  });

  it('still handles ordinary JSON, and restores the stack after an interrupted stringify', async () => {
    const out = await run('const data = { list: Array.from({ length: 1000 }, (_, i) => ({ i, tags: ["a", "b"] })) };\nconst text = JSON.stringify(data, null, 2);\nconsole.log(JSON.parse(text).list.length, JSON.stringify([1, { a: 2 }]), JSON.parse("3"));');
    expect(out.stdout).toBe('1000 [1,{"a":2}] 3\n');
    const sessionId = `json-${id}`;
    const stopped = await engine.run(job('const o = { get x() { for (;;) {} } };\nJSON.stringify(o)', { sessionId, timeoutMs: 100 }), hooks());
    expect(stopped.status).toBe('timeout');
    const depth = await engine.run(job('let d = 0; function r() { d++; r() } try { r() } catch { console.log(d > 200) }', { sessionId }), hooks());
    expect(depth.stdout).toBe('true\n');
    engine.dropSession(sessionId);
  });

  it('throws a deep object without crashing while reading it', async () => {
    const out = await run('let o = {}; for (let i = 0; i < 1e5; i++) o = { o };\nthrow o');
    expect(out.status).toBe('error');
    expect(out.error?.name).toBe('Error');
  });

  it('reports uncaught stack overflow as an error with a short stack', async () => {
    const out = await run('function r() { r() }\nr()');
    expect(out.status).toBe('error');
    expect(out.error?.name).toMatch(/InternalError|RangeError/);
    expect(out.error?.line).toBe(1);
    expect(out.error?.stack?.split('\n').length).toBeLessThan(30);
  });

  it.each([
    ['brackets', 'let x = ' + '['.repeat(50_000) + ']'.repeat(50_000)],
    ['else-if chains', 'let a = 0;\nif (a) {}' + ' else if (a) {}'.repeat(5000)],
    ['templates', 'let x = ' + '`${'.repeat(3000) + '1' + '}`'.repeat(3000)],
  ])('refuses source nested too deeply (%s) with a syntax error, not a crash', async (_name, code) => {
    const sessionId = `nesting-${id}`;
    await engine.run(job('let precious = 1', { sessionId }), hooks());
    const out = await engine.run(job(code, { sessionId }), hooks());
    expect(out.status).toBe('error');
    expect(out.error?.name).toMatch(/SyntaxError|RangeError|InternalError/);
    expect(out.error?.message).toMatch(/stack overflow|call stack/i);
    expect(out.stateLost).toBeUndefined();
    const after = await engine.run(job('console.log(precious)', { sessionId }), hooks());
    expect(after.stdout).toBe('1\n');
    engine.dropSession(sessionId);
  });

  it('recovers when the wasm module itself crashes, marking the lost sessions', async () => {
    const bystander = `bystander-${id}`;
    await engine.run(job('let precious = 1', { sessionId: bystander }), hooks());
    // A pause: the engine builds a spare session in the module about to crash.
    await betweenRuns();
    // eval() skips the compile check: deeply nested source overflows the native stack in the parser.
    const out = await run('eval("let x = " + "[".repeat(50_000))');
    expect(out.status).toBe('error');
    if (out.error?.name === 'InternalError' && /restarted/.test(out.error.message)) {
      const lost = await engine.run(job('console.log(typeof precious)', { sessionId: bystander }), hooks());
      expect(lost).toMatchObject({ status: 'completed', stdout: 'undefined\n', stateLost: true });
    }
    const healthy = await run('console.log(1 + 1)');
    expect(healthy).toMatchObject({ status: 'completed', stdout: '2\n' });
    // The spare from the crashed module was never used; this one comes from the new module.
    await betweenRuns();
    const fromSpare = await run('console.log(2 + 2)');
    expect(fromSpare).toMatchObject({ status: 'completed', stdout: '4\n' });
    engine.dropSession(bystander);
  });
});
