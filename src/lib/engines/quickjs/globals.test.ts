import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine, RunJob } from '../protocol';
import { VARIANTS, engineFor, hooks, job } from './testing';

describe.each(VARIANTS)('$id globals', ({ id }) => {
  let engine: Engine;
  const run = (code: string, overrides: Partial<RunJob> = {}) => engine.run(job(code, overrides), hooks());
  const stdout = async (code: string) => {
    const out = await run(code);
    if (out.status !== 'completed') throw new Error(`${out.status}: ${out.error?.name}: ${out.error?.message}`);
    return out.stdout;
  };

  beforeAll(async () => {
    engine = await engineFor(id);
  });
  afterAll(() => engine.dispose());

  it('has no network, no importScripts and no process', async () => {
    expect(await stdout('console.log([typeof fetch, typeof XMLHttpRequest, typeof WebSocket, typeof importScripts, typeof process, typeof navigator].join())')).toBe(
      'undefined,undefined,undefined,undefined,undefined,undefined\n',
    );
  });

  it('has what a modern runtime offers', async () => {
    const names = ['globalThis', 'global', 'console', 'setTimeout', 'setInterval', 'clearTimeout', 'clearInterval', 'setImmediate', 'queueMicrotask', 'structuredClone', 'TextEncoder', 'TextDecoder', 'atob', 'btoa', 'URL', 'URLSearchParams', 'crypto', 'performance', 'require', 'input', 'Buffer'];
    expect(await stdout(`console.log(${JSON.stringify(names)}.filter((n) => typeof globalThis[n] === 'undefined').join() || 'all there')`)).toBe('all there\n');
  });

  it('lets user code shadow lazy globals', async () => {
    expect(await stdout('const URL = "mine"; let atob = 1; console.log(URL, atob)')).toBe('mine 1\n');
    expect(await stdout('globalThis.Buffer = 5; console.log(Buffer)')).toBe('5\n');
  });

  it('encodes and decodes text', async () => {
    expect(await stdout('const b = new TextEncoder().encode("h€llo"); console.log(b.length, new TextDecoder().decode(b))')).toBe('7 h€llo\n');
    expect(await stdout('console.log(new TextDecoder("utf-16le").decode(new Uint8Array([104, 0, 105, 0])), new TextDecoder("latin1").encoding)')).toBe('hi windows-1252\n');
    // A sequence split across chunks survives streaming.
    expect(await stdout('const d = new TextDecoder(); const b = new TextEncoder().encode("€"); console.log(d.decode(b.subarray(0, 1), { stream: true }) + d.decode(b.subarray(1)))')).toBe('€\n');
    expect(await stdout('try { new TextDecoder("utf-8", { fatal: true }).decode(new Uint8Array([0xff])) } catch (e) { console.log(e.name) }')).toBe('TypeError\n');
    expect(await stdout('try { new TextDecoder("klingon") } catch (e) { console.log(e.name) }')).toBe('RangeError\n');
    expect(await stdout('const r = new TextEncoder().encodeInto("a€b", new Uint8Array(3)); console.log(r.read, r.written)')).toBe('1 1\n');
  });

  it('has atob and btoa with the DOM errors', async () => {
    expect(await stdout('console.log(btoa("hello"), atob("aGVsbG8="), atob(" aGk "))')).toBe('aGVsbG8= hello hi\n');
    expect(await stdout('try { btoa("€") } catch (e) { console.log(e.name) } try { atob("*") } catch (e) { console.log(e.name) }')).toBe('InvalidCharacterError\nInvalidCharacterError\n');
  });

  it('parses URLs the WHATWG way and keeps searchParams in sync', async () => {
    const out = await stdout(
      'const u = new URL("../a b?x=1#h", "https://user@example.com:8080/dir/page");\n' +
        'console.log(u.href, u.host, u.pathname, u.searchParams.get("x"));\n' +
        'u.searchParams.append("y", "a&b"); u.hash = ""; console.log(u.search, String(u));\n' +
        'console.log(URL.canParse("nope"), JSON.stringify({ u: new URL("http://x") }));\n' +
        'try { new URL("nope") } catch (e) { console.log(e.name, e.code) }\n' +
        'const p = new URLSearchParams({ b: "2", a: "1" }); p.sort(); console.log(p.toString(), [...p.keys()].join(), p.size);',
    );
    expect(out).toBe(
      'https://user@example.com:8080/a%20b?x=1#h example.com:8080 /a%20b 1\n' +
        '?x=1&y=a%26b https://user@example.com:8080/a%20b?x=1&y=a%26b\n' +
        'false {"u":"http://x/"}\n' +
        'TypeError ERR_INVALID_URL\n' +
        'a=1&b=2 a,b 2\n',
    );
  });

  it('structured-clones like a browser', async () => {
    expect(await stdout('const o = { d: new Date(0), m: new Map([[1, 2]]), r: /x/g }; o.o = o; const c = structuredClone(o); console.log(c !== o, c.o === c, c.d.getTime(), c.m.get(1), c.r.flags)')).toBe('true true 0 2 g\n');
    expect(await stdout('try { structuredClone(() => {}) } catch (e) { console.log(e.name) }')).toBe('TypeError\n');
  });

  it('has crypto.getRandomValues and randomUUID', async () => {
    expect(await stdout('const a = crypto.getRandomValues(new Uint32Array(8)); console.log(a.some((x) => x !== 0), /^[0-9a-f-]{36}$/.test(crypto.randomUUID()))')).toBe('true true\n');
    expect(await stdout('try { crypto.getRandomValues(new Uint8Array(70000)) } catch (e) { console.log(e.name) }')).toBe('QuotaExceededError\n');
  });

  it('measures time with performance.now', async () => {
    expect(await stdout('const a = performance.now(); for (let i = 0; i < 1e5; i++); const b = performance.now(); console.log(b >= a, Math.abs(performance.timeOrigin + b - Date.now()) < 1000)')).toBe('true true\n');
  });

  it('fires timers in Node order, with microtasks in between', async () => {
    const out = await stdout(
      'setTimeout(() => console.log("t20"), 20);\n' +
        'setTimeout(() => { console.log("t0"); Promise.resolve().then(() => console.log("micro after t0")) }, 0);\n' +
        'setTimeout(() => console.log("t0 second"), 0);\n' +
        'setImmediate((x) => console.log("immediate", x), "arg");\n' +
        'queueMicrotask(() => console.log("micro"));\n' +
        'console.log("sync");',
    );
    expect(out).toBe('sync\nmicro\nt0\nmicro after t0\nt0 second\nimmediate arg\nt20\n');
  });

  it('clears timeouts and intervals, from inside their callbacks too', async () => {
    expect(await stdout('let n = 0; const t = setInterval(() => { n++; if (n === 3) clearInterval(t) }, 1); const never = setTimeout(() => console.log("no"), 5); clearTimeout(never); setTimeout(() => console.log(n), 30)')).toBe('3\n');
  });

  it('ends when only unref-ed timers are left', async () => {
    const out = await run('setTimeout(() => console.log("no"), 10_000).unref(); console.log("done")', { timeoutMs: 2000 });
    expect(out).toMatchObject({ status: 'completed', stdout: 'done\n' });
    expect(out.metrics.runMs).toBeLessThan(1000);
  });

  it('refuses string callbacks', async () => {
    expect(await stdout('try { setTimeout("console.log(1)", 1) } catch (e) { console.log(e.name, e.message) }')).toBe(
      'TypeError setTimeout(): string callbacks are not supported (they would need eval)\n',
    );
  });

  it('has a Node-like Buffer', async () => {
    expect(await stdout('const b = Buffer.from("héllo"); console.log(b, b.toString("base64"), Buffer.concat([b, Buffer.from([33])]).toString())')).toBe(
      '<Buffer 68 c3 a9 6c 6c 6f> aMOpbGxv héllo!\n',
    );
  });
});
