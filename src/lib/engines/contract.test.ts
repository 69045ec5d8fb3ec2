/**
 * One contract, every engine: what `run` must do whatever runtime is underneath.
 * Python runs here without JSPI (Node 20 has none), so it starts a fresh interpreter per run;
 * its stateful mode is covered by the Playwright tests in Chromium.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import quickjsVariant from '@jitl/quickjs-wasmfile-release-sync';
import quickjsNgVariant from '@jitl/quickjs-ng-wasmfile-release-sync';
import { createQuickJSEngine } from './quickjs/engine';
import { createPythonEngine } from './python/engine';
import type { Engine, EngineId, EngineInfo, Language, Permissions, RunJob, RunOutcome } from './protocol';
import { KNOWN_FAILURES, type ContractCase } from './contract.known-failures';
import { pythonSource } from './python/test-support';
import { recordingHooks } from './testing';

const ENGINE_FACTORIES: Record<EngineId, { language: Language; create: () => Engine }> = {
  quickjs: { language: 'javascript', create: () => createQuickJSEngine({ id: 'quickjs', variant: quickjsVariant }) },
  'quickjs-ng': { language: 'javascript', create: () => createQuickJSEngine({ id: 'quickjs-ng', variant: quickjsNgVariant }) },
  cpython: { language: 'python', create: () => createPythonEngine({ source: pythonSource, jspi: false }) },
};

const MB = 1024 * 1024;
const FULL: Permissions = { tier: 'agent', fs: 'write', eval: true, modules: '*' };
const encode = (text: string) => new TextEncoder().encode(text);
const decode = (bytes: Uint8Array | undefined) => new TextDecoder().decode(bytes);

let counter = 0;
function job(code: string, extra: Partial<RunJob> = {}): RunJob {
  return {
    id: `exec_${(++counter).toString(16).padStart(12, '0')}`,
    code,
    timeoutMs: 5_000,
    memoryBytes: 64 * MB,
    outputLimitBytes: MB,
    permissions: FULL,
    workspace: { replace: true, files: {}, deleted: [] },
    interactive: false,
    ...extra,
  };
}


/** The same behaviour spelled in each language. */
const CODE: Record<Language, Record<string, string>> = {
  javascript: {
    hello: `console.log('hello', 1 + 1)`,
    stderr: `console.error('oops')`,
    thrownAtLine3: `const a = 1;\nconst b = 2;\nthrow new TypeError('bad ' + (a + b));`,
    syntaxErrorAtLine2: `const ok = 1;\nconst = ;`,
    context: `console.log(name, nums.length, nested.deep)`,
    echoInput: `const line = await input('name? ');\nconsole.log('hi ' + line.toUpperCase());`,
    readPastEnd: `const line = await input();`,
    writeData: `const fs = require('fs');\nfs.writeFileSync('/app/data.json', JSON.stringify({ users: ['ada'] }));\nfs.mkdirSync('out', { recursive: true });\nfs.writeFileSync('out/b.txt', 'B');`,
    readData: `const fs = require('fs');\nconst data = JSON.parse(fs.readFileSync('data.json', 'utf8'));\nconsole.log(data.users.join(','));`,
    touchOne: `const fs = require('fs');\nfs.writeFileSync('b.txt', fs.readFileSync('b.txt', 'utf8') + '!');\nfs.unlinkSync('c.txt');`,
    writeFile: `require('fs').writeFileSync('x.txt', 'x')`,
    listWorkspace: `console.log(require('fs').readdirSync('.').sort().join(','))`,
    escapeWorkspace: `require('fs').readFileSync('../../etc/passwd', 'utf8')`,
    setState: `globalThis.counter = 41;\nlet kept = 1;`,
    readState: `console.log(counter + kept)`,
    infiniteLoop: `for (;;) {}`,
    memoryBomb: `const hog = [];\nwhile (true) hog.push(new Array(1e5).fill('x'.repeat(10)));`,
    deepRecursion: `function down(n) { return down(n + 1) + 1; }\ndown(0);`,
    outputFlood: `for (let i = 0; i < 100000; i++) console.log('line ' + i);`,
    useEval: `console.log(eval('1 + 1'))`,
    importRefused: `require('fs')`,
    exit3: `throw new Error('exit')`,
  },
  python: {
    hello: `print('hello', 1 + 1)`,
    stderr: `import sys\nprint('oops', file=sys.stderr)`,
    thrownAtLine3: `a = 1\nb = 2\nraise TypeError('bad ' + str(a + b))`,
    syntaxErrorAtLine2: `ok = 1\ndef (:`,
    context: `print(name, len(nums), nested['deep'])`,
    echoInput: `line = input('name? ')\nprint('hi ' + line.upper())`,
    readPastEnd: `line = input()`,
    writeData: `import json, os\nwith open('/app/data.json', 'w') as f:\n    json.dump({'users': ['ada']}, f)\nos.makedirs('out', exist_ok=True)\nopen('out/b.txt', 'w').write('B')`,
    readData: `import json\nwith open('data.json') as f:\n    data = json.load(f)\nprint(','.join(data['users']))`,
    touchOne: `import os\ns = open('b.txt').read()\nopen('b.txt', 'w').write(s + '!')\nos.remove('c.txt')`,
    writeFile: `open('x.txt', 'w').write('x')`,
    listWorkspace: `import os\nprint(','.join(sorted(os.listdir('.'))))`,
    escapeWorkspace: `open('../../etc/passwd').read()`,
    setState: `counter = 41\nkept = 1`,
    readState: `print(counter + kept)`,
    infiniteLoop: `while True:\n    pass`,
    memoryBomb: `hog = []\nwhile True:\n    hog.append(bytearray(10**6))`,
    deepRecursion: `def down(n):\n    return down(n + 1) + 1\ndown(0)`,
    outputFlood: `for i in range(100000):\n    print('line', i)`,
    useEval: `print(eval('1 + 1'))`,
    importRefused: `import socket`,
    exit3: `import sys\nsys.exit(3)`,
  },
};

for (const [engineId, factory] of Object.entries(ENGINE_FACTORIES) as [EngineId, (typeof ENGINE_FACTORIES)[EngineId]][]) {
  const code = CODE[factory.language];
  const known = KNOWN_FAILURES[engineId] ?? {};
  const test = (name: ContractCase, body: () => Promise<void>) => (known[name] ? it.skip : it)(name, body);

  describe(`engine contract: ${engineId}`, () => {
    let engine: Engine;
    let info: EngineInfo;
    const run = async (source: string, extra: Partial<RunJob> = {}, hooks = recordingHooks()): Promise<RunOutcome> =>
      engine.run(job(source, extra), hooks);

    beforeAll(async () => {
      engine = factory.create();
      info = await engine.init();
    });
    afterAll(() => engine.dispose());

    test('describes itself', async () => {
      expect(info.id).toBe(engineId);
      expect(info.language).toBe(factory.language);
      expect(info.available).toBe(true);
      expect(info.version).toMatch(factory.language === 'python' ? /^Python 3\.12\.\d+$/ : /QuickJS/i);
    });

    test('prints to stdout and streams it', async () => {
      const hooks = recordingHooks();
      const outcome = await run(code.hello!, {}, hooks);
      expect(outcome.status).toBe('completed');
      expect(outcome.stdout).toBe('hello 2\n');
      expect(outcome.stderr).toBe('');
      expect(outcome.truncated).toBe(false);
      expect(hooks.chunks.filter((c) => c.stream === 'stdout').map((c) => c.text).join('')).toBe('hello 2\n');
    });

    test('keeps stderr apart', async () => {
      const outcome = await run(code.stderr!);
      expect(outcome.status).toBe('completed');
      expect(outcome.stderr).toBe('oops\n');
      expect(outcome.stdout).toBe('');
    });

    test('reports a thrown error with its line', async () => {
      const outcome = await run(code.thrownAtLine3!);
      expect(outcome.status).toBe('error');
      expect(outcome.error?.name).toBe('TypeError');
      expect(outcome.error?.message).toBe('bad 3');
      expect(outcome.error?.line).toBe(3);
      expect(outcome.stderr).toContain('bad 3');
    });

    test('reports a syntax error with its line', async () => {
      const outcome = await run(code.syntaxErrorAtLine2!);
      expect(outcome.status).toBe('error');
      expect(outcome.error?.name).toBe('SyntaxError');
      expect(outcome.error?.line).toBe(2);
    });

    test('turns context into variables', async () => {
      const outcome = await run(code.context!, { context: { name: 'Ada', nums: [1, 2, 3], nested: { deep: true } } });
      expect(outcome.status).toBe('completed');
      expect(outcome.stdout.trim()).toBe(factory.language === 'python' ? 'Ada 3 True' : 'Ada 3 true');
    });

    test('reads stdin before asking for input', async () => {
      const outcome = await run(code.echoInput!, { stdin: 'ada\n' });
      expect(outcome.status).toBe('completed');
      expect(outcome.stdout).toContain('hi ADA');
    });

    test('gives end of input a clear error, never a hang', async () => {
      const outcome = await run(code.readPastEnd!);
      expect(outcome.status).toBe('error');
      expect(outcome.error?.name).toBe('EOFError');
      expect(outcome.error?.message.length).toBeGreaterThan(10);
    });

    test('returns the files a run writes, /app/ and relative paths alike', async () => {
      const outcome = await run(code.writeData!);
      expect(outcome.status, outcome.stderr).toBe('completed');
      expect(Object.keys(outcome.changes.files).sort()).toEqual(['data.json', 'out/b.txt']);
      expect(JSON.parse(decode(outcome.changes.files['data.json']))).toEqual({ users: ['ada'] });
    });

    test('returns only what changed, and what was deleted', async () => {
      const files = { 'a.txt': encode('A'), 'b.txt': encode('B'), 'c.txt': encode('C') };
      const outcome = await run(code.touchOne!, { workspace: { replace: true, files, deleted: [] } });
      expect(outcome.status, outcome.stderr).toBe('completed');
      expect(Object.keys(outcome.changes.files)).toEqual(['b.txt']);
      expect(decode(outcome.changes.files['b.txt'])).toBe('B!');
      expect(outcome.changes.deleted).toEqual(['c.txt']);
    });

    test('keeps guest paths inside the workspace', async () => {
      const outcome = await run(code.escapeWorkspace!);
      expect(outcome.status).toBe('error');
    });

    test('mounts no workspace when the tier has no filesystem', async () => {
      const files = { 'secret.txt': encode('s') };
      const permissions: Permissions = { ...FULL, tier: 'strict', fs: 'none' };
      const outcome = await run(code.listWorkspace!, { permissions, workspace: { replace: true, files, deleted: [] } });
      expect(outcome.status).toBe('error');
      expect(outcome.stdout).not.toContain('secret.txt');
    });

    test('refuses writes to a read-only workspace', async () => {
      const permissions: Permissions = { ...FULL, tier: 'standard', fs: 'read' };
      const outcome = await run(code.writeFile!, { permissions });
      expect(outcome.status).toBe('error');
      expect(outcome.changes.files).toEqual({});
    });

    test('refuses eval when the tier forbids it, naming the tier', async () => {
      const outcome = await run(code.useEval!, { permissions: { ...FULL, tier: 'standard', eval: false } });
      expect(outcome.status).toBe('error');
      expect(`${outcome.error?.message}`).toContain('standard');
      const allowed = await run(code.useEval!);
      expect(allowed.stdout.trim()).toBe('2');
    });

    test('refuses a module outside the tier allowlist, naming module and tier', async () => {
      const outcome = await run(code.importRefused!, { permissions: { ...FULL, tier: 'strict', modules: ['json', 'util'] } });
      expect(outcome.status).toBe('error');
      expect(`${outcome.error?.message}`).toMatch(/fs|socket/);
      expect(`${outcome.error?.message}`).toContain('strict');
    });

    test('keeps state within a session when stateful', async () => {
      const sessionId = `contract-${engineId}`;
      const first = await run(code.setState!, { sessionId });
      expect(first.status, first.stderr).toBe('completed');
      expect(first.stateful).toBe(info.stateful);
      const second = await run(code.readState!, { sessionId });
      if (info.stateful) expect(second.stdout.trim()).toBe('42');
      else expect(second.status).toBe('error');
      engine.dropSession(sessionId);
      const afterDrop = await run(code.readState!, { sessionId });
      expect(afterDrop.status).toBe('error');
    });

    test('shares workspace files with another engine', async () => {
      const other = ENGINE_FACTORIES[engineId === 'cpython' ? 'quickjs' : 'cpython'];
      const writer = await run(code.writeData!);
      const reader = other.create();
      try {
        await reader.init();
        const read = await reader.run(
          job(CODE[other.language].readData!, { workspace: { replace: true, files: writer.changes.files, deleted: [] } }),
          recordingHooks(),
        );
        expect(read.stdout.trim()).toBe('ada');
      } finally {
        reader.dispose();
      }
    });

    test('stops an infinite loop at the deadline', async () => {
      const outcome = await run(code.infiniteLoop!, { timeoutMs: 300 });
      expect(outcome.status).toBe('timeout');
    });

    test('stops a memory bomb at the memory limit', async () => {
      const outcome = await run(code.memoryBomb!, { memoryBytes: 32 * MB });
      expect(outcome.status).toBe('memory');
      const after = await run(code.hello!);
      expect(after.status).toBe('completed');
    });

    test('turns unbounded recursion into an error', async () => {
      const outcome = await run(code.deepRecursion!);
      expect(outcome.status).toBe('error');
      expect(`${outcome.error?.name} ${outcome.error?.message}`).toMatch(/recursion|stack/i);
      const after = await run(code.hello!);
      expect(after.status).toBe('completed');
    });

    test('caps an output flood, keeping head and tail', async () => {
      const hooks = recordingHooks();
      const outcome = await run(code.outputFlood!, { outputLimitBytes: 10_000 }, hooks);
      expect(outcome.status).toBe('completed');
      expect(outcome.truncated).toBe(true);
      expect(outcome.stdout.length).toBeLessThan(10_200);
      expect(outcome.stdout.startsWith('line 0\n')).toBe(true);
      expect(outcome.stdout.endsWith('line 99999\n')).toBe(true);
      expect(outcome.stdout).toMatch(/truncated/);
      expect(outcome.metrics.outputBytes).toBeGreaterThan(1_000_000);
      const streamed = hooks.chunks.reduce((n, c) => n + c.text.length, 0);
      expect(streamed).toBeLessThan(10_200);
    });

    test('reports a non-zero exit as an error', async () => {
      const outcome = await run(code.exit3!);
      expect(outcome.status).toBe('error');
      if (factory.language === 'python') expect(outcome.exitCode).toBe(3);
    });
  });
}
