import { describe, expect, it } from 'vitest';
import { transformTopLevel } from './repl-transform';

function rewritten(code: string): string {
  const result = transformTopLevel(code);
  if (result.kind !== 'async') throw new Error(`expected a rewrite of: ${code}`);
  return result.code;
}

const lines = (code: string) => code.split('\n').length;

describe('transformTopLevel', () => {
  it('leaves plain code alone, without parsing it', () => {
    expect(transformTopLevel('const x = 1;\nconsole.log(x)')).toEqual({ kind: 'script' });
  });

  it('leaves code alone when await and import only appear inside functions, strings or comments', () => {
    expect(transformTopLevel('async function f() { await g() }\nconst s = "await import"; // export')).toEqual({ kind: 'script' });
    expect(transformTopLevel("import('node:path').then(console.log)")).toEqual({ kind: 'script' });
  });

  it('leaves unparseable code to QuickJS, which reports the syntax error with its line', () => {
    expect(transformTopLevel('await (\n')).toEqual({ kind: 'script' });
  });

  it('wraps top-level await in an async function on the same first line', () => {
    const code = 'const a = await f();\nconsole.log(a)';
    const out = rewritten(code);
    expect(out.startsWith('let a; (async () => { void (a = await f());')).toBe(true);
    expect(lines(out)).toBe(lines(code) + 1);
    expect(out.split('\n')[1]).toBe('console.log(a)');
  });

  it('detects for await and await inside blocks, but not inside nested functions', () => {
    expect(transformTopLevel('for await (const x of xs) {}').kind).toBe('async');
    expect(transformTopLevel('if (a) { await b }').kind).toBe('async');
    expect(transformTopLevel('const f = async () => { await b }').kind).toBe('script');
  });

  it('hoists let, const and destructuring so they persist on the session', () => {
    const out = rewritten('const { a, b: [c, ...d] } = await o, e = 1;\nlet f;');
    expect(out).toContain('let a, c, d, e, f;');
    expect(out).toContain('void ({ a, b: [c, ...d] } = await o, e = 1);');
    expect(out).toContain('void (f = void 0);');
  });

  it('hoists var, including vars in top-level blocks and loop heads', () => {
    const out = rewritten('var x = await 1;\nif (x) { var y = 2 }\nfor (var i = 0; i < 2; i++) {}\nfor (var k in o) {}');
    expect(out).toContain('var x, y, i, k;');
    expect(out).toContain('if (x) { void (y = 2) }');
    expect(out).toContain('for (i = 0; i < 2; i++) {}');
    expect(out).toContain('for (k in o) {}');
  });

  it('keeps var inside functions local', () => {
    const out = rewritten('await 0;\nfunction f() { var local = 1; return local }');
    expect(out).not.toContain('local;');
    expect(out).toContain('var f;');
  });

  it('keeps function declarations hoisted in the body and publishes them', () => {
    const out = rewritten('await 0;\nfunction f() {}\nasync function g() {}');
    expect(out).toContain('var f, g;');
    expect(out).toContain('globalThis.f = f; globalThis.g = g; await 0;');
  });

  it('turns class declarations into assignments', () => {
    const out = rewritten('await 0;\nclass A extends B {}');
    expect(out).toContain('let A;');
    expect(out).toContain(';A = class A extends B {};');
  });

  it('rewrites static imports into calls of the built-in loader, in place', () => {
    const code = "import fs, { readFileSync as read, 'x-y' as z } from 'node:fs';\nimport * as path from 'path';\nimport 'events';";
    const out = rewritten(code);
    expect(out).toContain('var fs, read, z, path;');
    expect(out).toContain(`;({ default: fs, "readFileSync": read, "x-y": z } = globalThis[Symbol.for("sandcell.import")]("node:fs"));`);
    expect(out).toContain(`;path = globalThis[Symbol.for("sandcell.import")]("path");`);
    expect(out).toContain(`;globalThis[Symbol.for("sandcell.import")]("events");`);
    expect(lines(out)).toBe(lines(code) + 1);
  });

  it('keeps line numbers when an import spans lines', () => {
    const code = "import {\n  a,\n  b\n} from 'util';\nthrow 1";
    const out = rewritten(code);
    expect(out.split('\n')[4]).toBe('throw 1');
  });

  it('drops export keywords but keeps the declarations', () => {
    const out = rewritten('export const a = 1;\nexport function f() {}\nexport default 42;\nexport { a as b };');
    expect(out).toContain('void (a = 1);');
    expect(out).toContain('function f() {}');
    expect(out).toContain(';(42);');
    expect(out).not.toContain('export');
  });

  it('comments out a hashbang line instead of breaking it', () => {
    const out = rewritten('#!/usr/bin/env node\nawait 1');
    expect(out).toContain('//!/usr/bin/env node');
  });

  it('accepts sloppy-mode code that a module parse would reject', () => {
    expect(transformTopLevel('with (o) { x }\nawait 1').kind).toBe('async');
  });
});
