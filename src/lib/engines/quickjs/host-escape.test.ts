import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../protocol';
import { VARIANTS, engineFor, hooks, job } from './testing';

// The prelude hands `host` to Sandcell's own guest modules only; guest code replacing the
// built-ins those modules' loader goes through must not be handed it. (Found by e2e/hardening.)
describe.each(VARIANTS)('$id keeps `host` inside the prelude', ({ id }) => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await engineFor(id);
  });
  afterAll(() => engine.dispose());

  const isHost = `(x) => x !== null && typeof x === 'object' && 'resolveModule' in x`;

  it('from a replaced Function.prototype.call or apply while modules load', async () => {
    const out = await engine.run(
      job(`const isHost = ${isHost}; let seen = 0;
        const { call, apply } = Function.prototype;
        Function.prototype.call = function (...a) { seen += a.filter(isHost).length; return Reflect.apply(this, a[0], a.slice(1)); };
        Function.prototype.apply = function (t, a) { if (a) seen += Array.from(a).filter(isHost).length; return Reflect.apply(this, t, a || []); };
        try { for (const m of ['util', 'events', 'buffer', 'fs', 'path']) require(m); new TextEncoder(); queueMicrotask(() => {}); }
        finally { Function.prototype.call = call; Function.prototype.apply = apply; }
        console.log(seen);`),
      hooks(),
    );
    expect(out.error).toBeUndefined();
    expect(out.stdout).toBe('0\n');
  });

  it('from a getter planted on Object.prototype', async () => {
    const out = await engine.run(
      job(`const isHost = ${isHost}; let seen = 0;
        for (const k of ['fs', 'text', 'url', 'then', 'missing', 'constructor', 'toJSON']) Object.defineProperty(Object.prototype, k, { get() { if (isHost(this)) seen++; return undefined; }, configurable: true });
        try { require('fs').existsSync('x'); new TextEncoder().encode('a'); new URL('http://a'); } catch {}
        for (const k of ['fs', 'text', 'url', 'then', 'missing', 'constructor', 'toJSON']) delete Object.prototype[k];
        console.log(seen);`),
      hooks(),
    );
    expect(out.stdout).toBe('0\n');
  });
});

// Found by e2e/hardening: a NUL cut host strings short (output after it vanished, files lost their tail).
describe.each(VARIANTS)('$id passes strings with NUL whole', ({ id }) => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await engineFor(id);
  });
  afterAll(() => engine.dispose());

  it('in output, file contents and paths', async () => {
    const out = await engine.run(
      job(`console.log('a\\0b'); const fs = require('fs'); fs.writeFileSync('t.txt', 'c\\0d'); console.log(JSON.stringify(fs.readFileSync('t.txt', 'utf8')));
        try { fs.writeFileSync('x\\0../y', 'z'); console.log('wrote'); } catch (e) { console.log(e.code); }`),
      hooks(),
    );
    expect(out.stdout).toBe('a\0b\n"c\\u0000d"\nEACCES\n');
  });
});
