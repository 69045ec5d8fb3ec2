import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine, RunJob } from '../protocol';
import { VARIANTS, engineFor, hooks, job } from './testing';

describe.each(VARIANTS)('$id console', ({ id }) => {
  let engine: Engine;
  const run = (code: string, overrides: Partial<RunJob> = {}) => engine.run(job(code, overrides), hooks());
  const stdout = async (code: string) => (await run(code)).stdout;

  beforeAll(async () => {
    engine = await engineFor(id);
  });
  afterAll(() => engine.dispose());

  it('prints primitives like Node', async () => {
    expect(await stdout('console.log("a", 1, -0, 2n, true, null, undefined, Symbol("s"), NaN)')).toBe('a 1 -0 2n true null undefined Symbol(s) NaN\n');
    expect(await stdout('console.log("100%"); console.log("%s")')).toBe('100%\n%s\n');
  });

  it('formats objects like Node', async () => {
    expect(await stdout('console.log({ a: 1, b: [1, 2] })')).toBe('{ a: 1, b: [ 1, 2 ] }\n');
    expect(await stdout('console.log(new Map([[1, { x: "y" }]]), new Set(["a"]))')).toBe("Map(1) { 1 => { x: 'y' } } Set(1) { 'a' }\n");
    expect(await stdout('class Point { constructor() { this.x = 1; this.y = 2 } }\nconsole.log(new Point(), Point)')).toBe('Point { x: 1, y: 2 } [class Point]\n');
    expect(await stdout('console.log([function named() {}, () => {}, async function a() {}])')).toBe('[ [Function: named], [Function (anonymous)], [AsyncFunction: a] ]\n');
    expect(await stdout('const o = { name: "o" }; o.self = o; console.log(o)')).toBe("<ref *1> { name: 'o', self: [Circular *1] }\n");
    expect(await stdout('console.log({ a: { b: { c: { d: 1 } } } })')).toBe('{ a: { b: { c: [Object] } } }\n');
    expect(await stdout('console.log(new Uint8Array([1, 2]), [undefined, null], { "a-b": 1 })')).toBe("Uint8Array(2) [ 1, 2 ] [ undefined, null ] { 'a-b': 1 }\n");
  });

  it('formats printf-style strings', async () => {
    expect(await stdout('console.log("%s is %d years and %i%%", "Bob", 42.5, 7.9)')).toBe('Bob is 42.5 years and 7%\n');
    expect(await stdout('console.log("%o | %O | %j", { a: 1 }, { b: 2 }, { c: 3 })')).toBe('{ a: 1 } | { b: 2 } | {"c":3}\n');
    expect(await stdout('console.log("%s:", "x", "extra", 1)')).toBe('x: extra 1\n');
  });

  it('prints errors with their name, message and stack', async () => {
    const out = await run('const e = new TypeError("bad");\ne.code = "E_BAD";\nconsole.error(e);');
    expect(out.stderr).toMatch(/^TypeError: bad\n {4}at <eval> \(main\.js:1:\d+\) \{\n {2}code: 'E_BAD'\n\}\n$/);
    const nested = await run('console.log({ err: new Error("inner") })');
    expect(nested.stdout).toMatch(/^\{\n {2}err: Error: inner\n {6}at <eval> \(main\.js:1/);
  });

  it('agrees with inspect everywhere it takes its fast path', async () => {
    const values = [
      '{}',
      '[]',
      '{ a: 1 }',
      '[1, "two", null, undefined, true]',
      '{ s: "it\'s", t: "tab\\t", u: "ü€" }',
      '{ nested: { a: [1, 2, 3], b: {} }, n: -0, big: 10n }',
      '[1, 2, 3, 4, 5, 6]',
      '[1, 2, 3, 4, 5, 6, 7]',
      '{ long: "' + 'x'.repeat(70) + '" }',
      '{ a: "' + 'y'.repeat(30) + '", b: "' + 'z'.repeat(30) + '" }',
      '[[1, [2]]]',
      '{ f() {} }',
      '[{ a: 1 }, { b: 2 }]',
      '{ 1: "numeric key" }',
      'Object.assign(Object.create(null), { a: 1 })',
      '{ get g() { return 1 } }',
      '[ , 1]',
      '{ "quote\'s": 1 }',
      '{ [Symbol("s")]: 1 }',
      '{ a: NaN, b: Infinity, c: -1.5e-7 }',
    ];
    const code = values.map((v) => `{ const v = (${v}); console.log(v); console.log(require("util").inspect(v)); }`).join('\n');
    const lines = (await stdout(code)).trimEnd().split('\n');
    const fast: string[] = [];
    const reference: string[] = [];
    // Each value prints one or more lines twice; compare the halves per value.
    let i = 0;
    for (const v of values) {
      void v;
      const block: string[] = [];
      while (i < lines.length) {
        block.push(lines[i++] as string);
        const half = block.length / 2;
        if (block.length % 2 === 0 && block.slice(0, half).join('\n') === block.slice(half).join('\n')) break;
      }
      fast.push(block.slice(0, block.length / 2).join('\n'));
      reference.push(block.slice(block.length / 2).join('\n'));
    }
    expect(fast).toEqual(reference);
    expect(i).toBe(lines.length);
  });

  it('logs small objects without loading inspect', async () => {
    const small = await run('console.log({ a: 1, b: [1, 2] })');
    const big = await run('console.log(new Map())');
    expect(big.metrics.memoryBytes - small.metrics.memoryBytes).toBeGreaterThan(200_000);
  });

  it('streams what a busy loop printed before it ends, keeping stdout and stderr in order', async () => {
    const arrivals: { text: string; at: number }[] = [];
    const started = performance.now();
    const out = await engine.run(job('console.log("before"); console.error("err"); const t = Date.now(); while (Date.now() - t < 400) {} console.log("after")'), {
      output: (chunks) => arrivals.push(...chunks.map((c) => ({ text: `${c.stream}:${c.text}`, at: performance.now() - started }))),
      input: async () => null,
    });
    expect(arrivals.map((a) => a.text).join('')).toBe('stdout:before\nstderr:err\nstdout:after\n');
    expect(arrivals[1]?.at).toBeLessThan(out.metrics.runMs - 200);
  });

  it('keeps the order of lines around input prompts', async () => {
    const out = await run('console.log("a"); const x = await input("? "); console.log("b", x)', { stdin: 'x' });
    expect(out.stdout).toBe('a\n? b x\n');
  });

  it('prints a flood of lines quickly', async () => {
    const out = await run('for (let i = 0; i < 100000; i++) console.log(i)', { outputLimitBytes: 10_000 });
    expect(out).toMatchObject({ status: 'completed', truncated: true });
    expect(out.stdout.endsWith('99999\n')).toBe(true);
    expect(out.metrics.runMs).toBeLessThan(3000);
  });

  it('sends warn, error, assert and trace to stderr, the rest to stdout', async () => {
    const out = await run('console.info("i"); console.debug("d"); console.warn("w"); console.error("e"); console.assert(true, "no"); console.assert(false, "yes %s", "x"); console.assert(0)');
    expect(out.stdout).toBe('i\nd\n');
    expect(out.stderr).toBe('w\ne\nAssertion failed: yes x\nAssertion failed\n');
    const trace = await run('function f() { console.trace("here", 1) }\nf()');
    expect(trace.stderr).toMatch(/^Trace: here 1\n {4}at f \(main\.js:1/);
  });

  it('counts, groups and times', async () => {
    const out = await run('console.count(); console.count(); console.count("x"); console.countReset(); console.count(); console.group("G"); console.log("a\\nb"); console.group(); console.log("c"); console.groupEnd(); console.groupEnd(); console.log("d")');
    expect(out.stdout).toBe('default: 1\ndefault: 2\nx: 1\ndefault: 1\nG\n  a\n  b\n    c\nd\n');
    const timed = await run('console.time("t"); console.timeLog("t", "mid"); console.timeEnd("t"); console.timeEnd("t")');
    expect(timed.stdout).toMatch(/^t: \d+\.\d{3}ms mid\nt: \d+\.\d{3}ms\n$/);
    expect(timed.stderr).toBe("(node) Warning: No such label 't' for console.timeEnd()\n");
  });

  it('draws tables like Node', async () => {
    const out = await stdout('console.table([{ a: 1, b: "x" }, { a: 2 }]); console.table(5)');
    expect(out).toBe(
      [
        '┌─────────┬───┬─────┐',
        '│ (index) │ a │ b   │',
        '├─────────┼───┼─────┤',
        "│ 0       │ 1 │ 'x' │",
        '│ 1       │ 2 │     │',
        '└─────────┴───┴─────┘',
        '5',
        '',
      ].join('\n'),
    );
    const columns = await stdout('console.table({ r1: { a: 1, b: 2 }, r2: 3 }, ["a"])');
    expect(columns).toContain('│ (index) │ a │ Values │');
  });

  it('dirs with options and without custom inspection', async () => {
    expect(await stdout('console.dir({ a: { b: { c: { d: 1 } } } }, { depth: 0 })')).toBe('{ a: [Object] }\n');
  });
});
