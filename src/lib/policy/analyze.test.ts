import { describe, expect, it } from 'vitest';
import { analyze } from './analyze';
import { MAX_CODE_BYTES } from './limits';
import { MAX_NESTING, tooDeepAt } from './nesting';
import type { Language } from './types';

const rules = (code: string, lang: Language) => analyze(code, lang).findings.map((f) => f.rule);

describe('the idioms issue 3 lists', () => {
  it.each([
    ['javascript', 'globalThis["ev" + "al"]("x")', 'code-injection/eval'],
    ['javascript', '(0, eval)("x")', 'code-injection/eval'],
    ['javascript', '\\u0065val("x")', 'code-injection/eval'],
    ['javascript', 'Reflect.apply(eval, null, ["x"])', 'code-injection/eval'],
    ['javascript', 'Function(atob("eA=="))()', 'code-injection/function-constructor'],
    ['javascript', '"".constructor.constructor("return this")()', 'code-injection/function-constructor'],
    ['javascript', 'eval(atob("eA=="))', 'encoding/decoded-exec'],
    ['javascript', 'eval("\\x65\\x76\\x61\\x6c")', 'code-injection/eval'],
    ['javascript', 'const ｅｖａｌ = 1', 'encoding/homoglyph-identifier'],
    ['python', 'getattr(__builtins__, "ex" + "ec")("x")', 'code-injection/exec'],
    ['python', '__import__("o" + "s")', 'module-loading/py-dynamic'],
    ['python', 'exec(base64.b64decode("eA=="))', 'encoding/decoded-exec'],
    ['python', 'exec(bytes.fromhex("78").decode())', 'encoding/decoded-exec'],
    ['python', 'exec("".join(chr(c) for c in [120]))', 'encoding/decoded-exec'],
    ['python', 'ｅｘｅｃ("x")', 'code-injection/exec'],
    ['python', 'ᵉval("x")', 'code-injection/exec'],
    ['python', '# -*- coding: utf-7 -*-\nx = 1', 'encoding/coding-cookie'],
  ] as const)('%s: %s', (lang, code, rule) => {
    expect(rules(code, lang)).toContain(rule);
    expect(analyze(code, lang).level).not.toBe('safe');
  });

  it.each([
    ['javascript', 'regex.exec(s)'],
    ['javascript', 'obj.eval(x)'],
    ['javascript', 'const o = { eval: f }'],
    ['javascript', '// eval(x)\n/* eval(y) */'],
    ['javascript', 'const s = "eval(x)"'],
    ['javascript', 'JSON.parse(text)'],
    ['javascript', 'setTimeout(() => tick(), 0)'],
    ['javascript', 'btoa("hi")'],
    ['python', 'exec_time = 3'],
    ['python', '# exec(x)\ns = "eval(y)"'],
    ['python', 'import re\nre.compile(r"import\\s+os")'],
    ['python', 'import base64\nbase64.b64encode(b"hi")'],
  ] as const)('%s: %s is safe', (lang, code) => {
    const a = analyze(code, lang);
    expect(a.findings).toEqual([]);
    expect(a.level).toBe('safe');
    expect(a.score).toBe(0);
  });
});

describe('findings', () => {
  it('carry 1-based positions, offsets and a one-line snippet', () => {
    const code = 'const a = 1;\n  eval(\n    "x")';
    const [f] = analyze(code, 'javascript').findings;
    expect(f).toMatchObject({ rule: 'code-injection/eval', category: 'code-injection', severity: 'high', weight: 7, line: 2, column: 3, endLine: 3, endColumn: 9 });
    expect(f!.snippet).toBe('eval( "x")');
    expect(code.slice(f!.from, f!.to)).toBe('eval(\n    "x")');
  });

  it('are sorted by position and scored once per rule', () => {
    const a = analyze('require("a"); require("b"); require("c");', 'javascript');
    expect(a.findings.map((f) => f.column)).toEqual([1, 15, 29]);
    expect(a.score).toBe(1);
    expect(a.level).toBe('low');
  });

  it('never push the level above the worst finding', () => {
    const a = analyze('const k = process.env.K; Atomics.wait(v, 0, 0); new SharedArrayBuffer(8); Buffer.allocUnsafe(1); require(x)', 'javascript');
    expect(a.findings.every((f) => f.severity === 'medium' || f.severity === 'low')).toBe(true);
    expect(a.level).toBe('medium');
    expect(a.score).toBe(6);
  });
});

describe('telemetry', () => {
  it('reports identifiers, imports, metrics and flags for JavaScript', () => {
    const code = 'import fs from "fs";\nconst cp = require("child_process");\nfunction f(x) { for (const y of x) { if (y) return eval(y) } }\nawait import("./m.js");\nprocess.exit(0);';
    const t = analyze(code, 'javascript').telemetry;
    expect(t.isValid).toBe(true);
    expect(t.parser).toBe('acorn');
    expect(t.imports).toEqual(['./m.js', 'child_process', 'fs']);
    expect(t.accessedIdentifiers).toEqual(expect.arrayContaining(['eval', 'process', 'require', 'x', 'y']));
    expect(t.accessedIdentifiers).not.toContain('exit');
    expect(t.metrics).toMatchObject({ loopCount: 1, functionCount: 1 });
    expect(t.metrics.astNodeCount).toBeGreaterThan(20);
    expect(t.metrics.maxDepth).toBeGreaterThan(3);
    expect(t.flags).toMatchObject({ hasEval: true, hasRequire: true, hasProcess: true, hasDynamicImport: true, hasImport: true, hasCommandExecution: true, hasNetwork: false });
  });

  it('reports the same for Python', () => {
    const t = analyze('import os, json\nfrom urllib import request\nwhile True:\n    exec(input())\n', 'python').telemetry;
    expect(t.parser).toBe('lezer');
    expect(t.imports).toEqual(['json', 'os', 'urllib']);
    expect(t.flags).toMatchObject({ hasEval: true, hasNetwork: true, hasInfiniteLoop: true, hasDynamicImport: false });
    expect(t.metrics.loopCount).toBe(1);
  });
});

describe('code that does not parse', () => {
  it('is still scanned (JavaScript): tokens, with the parse error', () => {
    const a = analyze('const x = ;\nrequire("child_process").exec("id")\nglobalThis["ev" + "al"](1)', 'javascript');
    expect(a.telemetry.isValid).toBe(false);
    expect(a.telemetry.parser).toBe('tokens');
    expect(a.telemetry.parseError).toMatchObject({ line: 1, column: 11 });
    expect(a.findings.map((f) => f.rule)).toEqual(expect.arrayContaining(['command-execution/child-process', 'code-injection/eval']));
    expect(a.level).toBe('critical');
  });

  it('is still scanned (Python): the recovered tree plus tokens', () => {
    const a = analyze('def f(:\n    pass\nimport os\nos.system("id")\nexec(', 'python');
    expect(a.telemetry.isValid).toBe(false);
    expect(a.telemetry.parseError?.line).toBe(1);
    expect(a.findings.map((f) => f.rule)).toEqual(expect.arrayContaining(['command-execution/os-command', 'code-injection/exec']));
  });

  it('keeps traps quiet in the token scan too', () => {
    const a = analyze('regex.exec(s); obj.eval(x); // eval(y)\nconst s = "eval(z)"; btoa("hi"); {', 'javascript');
    expect(a.telemetry.isValid).toBe(false);
    expect(a.findings).toEqual([]);
  });
});

describe('limits', () => {
  it(`refuses code over ${MAX_CODE_BYTES} UTF-8 bytes before parsing`, () => {
    const a = analyze(`// ${'é'.repeat(MAX_CODE_BYTES / 2)}`, 'javascript');
    expect(a.level).toBe('critical');
    expect(a.findings.map((f) => f.rule)).toEqual(['resource/code-too-large']);
    expect(a.telemetry).toMatchObject({ isValid: false, parser: 'none', degraded: { reason: 'too-large' } });
  });

  it('analyses code of exactly the limit', () => {
    const code = `x = 1\n#${'a'.repeat(MAX_CODE_BYTES - 7)}`;
    const a = analyze(code, 'python');
    expect(a.telemetry.degraded).toBeUndefined();
    expect(a.level).toBe('safe');
  });

  it.each([
    ['javascript', `${'['.repeat(50_000)}eval("x")${']'.repeat(50_000)}`],
    ['javascript', `${'('.repeat(50_000)}1${')'.repeat(50_000)}; eval("x")`],
    ['javascript', `x = ${'"a" + '.repeat(50_000)}"b"; eval("x")`],
    ['javascript', `${'{'.repeat(50_000)}eval("x")${'}'.repeat(50_000)}`],
    ['python', `${'('.repeat(50_000)}1${')'.repeat(50_000)}\neval("x")`],
    ['python', `${'['.repeat(50_000)}${']'.repeat(50_000)}\neval("x")`],
    ['python', `x = ${'"a" + '.repeat(50_000)}"b"\neval("x")`],
  ] as const)('survives deep nesting (%s #%#)', (lang, code) => {
    const a = analyze(code, lang);
    expect(a.findings.map((f) => f.rule)).toContain(lang === 'javascript' ? 'code-injection/eval' : 'code-injection/exec');
    if (a.telemetry.degraded) expect(a.telemetry.degraded.reason).toBe('too-deep');
  });

  it('says when nesting forced the token scan', () => {
    const a = analyze(`${'['.repeat(100_000)}${']'.repeat(100_000)}`, 'javascript');
    expect(a.telemetry.degraded?.reason).toBe('too-deep');
    expect(a.telemetry.parser).toBe('tokens');
  });

  it('never hands JavaScript nested past the limit to acorn (a V8 abort lurks at the bottom of its stack)', () => {
    const a = analyze(`${'while (true) {'.repeat(3000)}${'}'.repeat(3000)}`, 'javascript');
    expect(a.telemetry).toMatchObject({ parser: 'tokens', degraded: { reason: 'too-deep' }, isValid: false });
    expect(a.findings.some((f) => f.rule === 'resource/unbounded-loop')).toBe(true);
    // The guard lets 900 levels through to acorn (whose own stack may still give out when its frames
    // are not yet optimised; the analysis then falls back to tokens), and moderate nesting parses.
    expect(tooDeepAt(`${'['.repeat(900)}${']'.repeat(900)}`, MAX_NESTING.javascript, 'javascript')).toBe(-1);
    expect(analyze(`${'['.repeat(100)}${']'.repeat(100)}`, 'javascript').telemetry.parser).toBe('acorn');
  });

  it('walks Python trees only so deep, and says so', () => {
    const a = analyze(`x = ${'a + '.repeat(3000)}a\nexec(y)`, 'python');
    expect(a.telemetry.degraded?.reason).toBe('too-deep');
    expect(a.findings.map((f) => f.rule)).toContain('code-injection/exec');
  });

  it('stays linear on pathological token streams', () => {
    for (const lang of ['javascript', 'python'] as const) {
      const a = analyze(`${'f('.repeat(100_000)}${')'.repeat(100_000)}`, lang);
      expect(a.telemetry.degraded?.reason).toBe('too-deep');
    }
  });

  it('treats non-strings and unknown languages defensively', () => {
    expect(analyze(undefined as unknown as string, 'javascript').level).toBe('safe');
    expect(analyze('eval(x)', 'ruby' as Language).language).toBe('javascript');
  });
});
