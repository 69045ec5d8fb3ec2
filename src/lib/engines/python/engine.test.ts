/**
 * The engine end to end in Node: fresh mode (Node 20 has no JSPI), one interpreter per run,
 * files carried per session. The stateful JSPI path is exercised in Chromium (see the report
 * and e2e/).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { zipSync } from 'fflate';
import type { Engine, LoadProgress, RunJob } from '../protocol';
import { MAX_FILE_BYTES } from '../paths';
import driverSource from './driver.py?raw';
import { createPythonEngine } from './engine';
import { encode, FULL, job, MB, pythonSource, recordingHooks } from './test-support';

let engine: Engine;
const progress: LoadProgress[] = [];
const run = (code: string, extra: Partial<RunJob> = {}, hooks = recordingHooks()) => engine.run(job(code, extra), hooks);

beforeAll(async () => {
  engine = createPythonEngine({ source: pythonSource, jspi: false });
  await engine.init({ onProgress: (p) => progress.push(p) });
});
afterAll(() => engine.dispose());

describe('loading', () => {
  it('ships an ASCII driver (the shim sizes argv in UTF-16 units)', () => {
    expect(/^[\x00-\x7f]*$/.test(driverSource)).toBe(true);
  });

  it('reports download, then compile, then ready', () => {
    const phases = progress.map((p) => p.phase);
    expect(phases[0]).toBe('download');
    expect(phases.slice(-2)).toEqual(['compile', 'ready']);
    const last = progress.at(-1)!;
    expect(last.totalBytes).toBe(last.loadedBytes);
  });

  it('describes itself without JSPI', async () => {
    const info = await engine.init();
    expect(info).toMatchObject({ id: 'cpython', language: 'python', available: true, stateful: false });
    expect(info.version).toBe('Python 3.12.0');
    expect(info.features).not.toContain('input');
    expect(info.note).toMatch(/fresh interpreter/);
  });

  it('reports a failed download as unavailable, and runs say why', async () => {
    const broken = createPythonEngine({ source: async () => new Response('nope', { status: 404, statusText: 'Not Found' }), jspi: false });
    const info = await broken.init();
    expect(info.available).toBe(false);
    expect(info.note).toMatch(/404/);
    const outcome = await broken.run(job('print(1)'), recordingHooks());
    expect(outcome.status).toBe('error');
    expect(outcome.error?.name).toBe('EngineUnavailable');
  });
});

describe('running code', () => {
  it('streams stdout and keeps runs apart from each other', async () => {
    const hooks = recordingHooks();
    const outcome = await run('print("héllo", 1 + 1)\nprint("∑ 🐍")', {}, hooks);
    expect(outcome).toMatchObject({ status: 'completed', stdout: 'héllo 2\n∑ 🐍\n', stderr: '', stateful: false });
    expect(hooks.chunks.map((c) => c.text).join('')).toBe(outcome.stdout);
    expect(outcome.metrics.memoryBytes).toBeGreaterThanOrEqual(10 * MB);
    expect(outcome.metrics.runMs).toBeGreaterThan(0);
  });

  it('prints a CPython traceback without driver frames and reports the deepest user line', async () => {
    const outcome = await run('def f(x):\n    return 1 / x\n\nf(0)');
    expect(outcome.status).toBe('error');
    expect(outcome.error).toMatchObject({ name: 'ZeroDivisionError', message: 'division by zero', line: 2 });
    expect(outcome.stderr).toBe(outcome.error?.stack);
    expect(outcome.stderr).toContain('File "<main>", line 4, in <module>');
    expect(outcome.stderr).toContain('    return 1 / x');
    expect(outcome.stderr).not.toContain('sandcell');
  });

  it('reports syntax errors with their line and no traceback header', async () => {
    const outcome = await run('x = 1\nif x\n    pass');
    expect(outcome.error).toMatchObject({ name: 'SyntaxError', line: 2 });
    expect(outcome.stderr.startsWith('  File "<main>", line 2')).toBe(true);
  });

  it('runs as __main__, so pickle finds user classes', async () => {
    const outcome = await run('import pickle\nclass P:\n    pass\nprint(__name__, type(pickle.loads(pickle.dumps(P()))).__name__)');
    expect(outcome.stdout).toBe('__main__ P\n');
  });

  it('maps SystemExit to exit codes', async () => {
    expect(await run('raise SystemExit')).toMatchObject({ status: 'completed', exitCode: 0 });
    expect(await run('import sys; sys.exit(0)')).toMatchObject({ status: 'completed', exitCode: 0 });
    const three = await run('import sys\nsys.exit(3)');
    expect(three).toMatchObject({ status: 'error', exitCode: 3, error: { name: 'SystemExit', line: 2 } });
    const text = await run('import sys; sys.exit("bye")');
    expect(text).toMatchObject({ status: 'error', exitCode: 1, stderr: 'bye\n' });
  });

  it('treats os._exit as the interpreter ending', async () => {
    const outcome = await run('import os\nprint("before")\nos._exit(4)');
    expect(outcome).toMatchObject({ status: 'error', exitCode: 4, stdout: 'before\n', error: { name: 'InterpreterExit' } });
  });

  it('turns context keys into variables', async () => {
    const outcome = await run('print(user["name"], n + 1, flag, nothing)', { context: { user: { name: 'Ada' }, n: 41, flag: true, nothing: null } });
    expect(outcome.stdout).toBe('Ada 42 True None\n');
  });

  it('gives an uncaught MemoryError the memory status, and the next run is fine', async () => {
    const outcome = await run('hog = []\nwhile True:\n    hog.append(bytearray(4 * 1024 * 1024))', { memoryBytes: 48 * MB });
    expect(outcome.status).toBe('memory');
    expect(outcome.error?.name).toBe('MemoryError');
    expect(outcome.metrics.memoryBytes).toBeLessThanOrEqual(48 * MB);
    expect((await run('print("ok")')).status).toBe('completed');
  });

  it('reports a caught MemoryError as the guest handled it', async () => {
    const outcome = await run('try:\n    bytearray(2**30)\nexcept MemoryError:\n    print("caught")', { memoryBytes: 32 * MB });
    expect(outcome).toMatchObject({ status: 'completed', stdout: 'caught\n' });
  });

  it('reports a crashed interpreter (a wasm trap) as an error', async () => {
    const outcome = await run('import os\nprint("before")\nos.abort()');
    expect(outcome).toMatchObject({ status: 'error', stdout: 'before\n', error: { name: 'InterpreterCrash' } });
    expect(outcome.error?.message).toMatch(/unreachable/);
    expect((await run('print("next")')).stdout).toBe('next\n');
  });

  it('gives CPython at least the memory it needs to start', async () => {
    const outcome = await run('print("small")', { memoryBytes: 1 * MB });
    expect(outcome).toMatchObject({ status: 'completed', stdout: 'small\n' });
    expect(outcome.metrics.memoryBytes).toBe(10 * MB);
  });

  it('reports RecursionError as an error', async () => {
    const outcome = await run('def f():\n    return f()\nf()');
    expect(outcome.status).toBe('error');
    expect(outcome.error?.name).toBe('RecursionError');
    expect(outcome.stderr).toMatch(/Previous line repeated/);
  });

  it('stops sleeps at the deadline even without JSPI', async () => {
    const outcome = await run('import time\nprint("start")\ntime.sleep(30)\nprint("never")', { timeoutMs: 300 });
    expect(outcome.status).toBe('timeout');
    expect(outcome.stdout).toBe('start\n');
    expect(outcome.metrics.runMs).toBeLessThan(5_000);
  });

  it('sleeps for real', async () => {
    const outcome = await run('import time\nt = time.monotonic()\ntime.sleep(0.05)\nprint(round(time.monotonic() - t, 1))');
    expect(outcome.stdout).toBe('0.1\n');
  });

  it('honours a cancel that arrives before the run starts', async () => {
    const queued = job('print("no")');
    engine.cancel(queued.id);
    const outcome = await engine.run(queued, recordingHooks());
    expect(outcome.status).toBe('cancelled');
    expect(outcome.stdout).toBe('');
  });
});

describe('input', () => {
  it('reads stdin and echoes the prompt like CPython', async () => {
    const outcome = await run('a = input("first? ")\nb = input()\nprint(a + b)', { stdin: 'x\ny\n' });
    expect(outcome).toMatchObject({ status: 'completed', stdout: 'first? xy\n' });
  });

  it('raises a clear EOFError when stdin runs out (no hook without JSPI)', async () => {
    const hooks = recordingHooks(['never asked']);
    const outcome = await run('input("name? ")', { interactive: true }, hooks);
    expect(outcome.error?.name).toBe('EOFError');
    expect(outcome.error?.message).toMatch(/no more input was given.*no input handler/);
    expect(hooks.prompts).toEqual([]);
  });

  it('lets sys.stdin be read directly', async () => {
    const outcome = await run('import sys\nprint(sys.stdin.read().split())', { stdin: 'a b\nc' });
    expect(outcome.stdout).toBe("['a', 'b', 'c']\n");
  });
});

describe('workspace', () => {
  const files = (entries: Record<string, string>) => Object.fromEntries(Object.entries(entries).map(([k, v]) => [k, encode(v)]));

  it('carries files across runs of a session and reports only changes', async () => {
    const sessionId = 'files-session';
    const first = await run('import os\nos.makedirs("d", exist_ok=True)\nopen("d/a.txt", "w").write("A")\nprint(sorted(os.listdir(".")))', {
      sessionId,
      workspace: { replace: true, files: files({ 'keep.txt': 'K' }), deleted: [] },
    });
    expect(first.stdout).toBe("['d', 'keep.txt']\n");
    expect(Object.keys(first.changes.files)).toEqual(['d/a.txt']);
    const second = await run('import os\nos.rename("d/a.txt", "b.txt")\nprint(open("keep.txt").read(), open("b.txt").read())', { sessionId });
    expect(second.stdout).toBe('K A\n');
    expect(Object.keys(second.changes.files)).toEqual(['b.txt']);
    expect(second.changes.deleted).toEqual(['d/a.txt']);
    engine.dropSession(sessionId);
  });

  it('applies upserts and deletions from the host', async () => {
    const sessionId = 'sync-session';
    await run('pass', { sessionId, workspace: { replace: true, files: files({ 'a.txt': '1', 'b.txt': '2' }), deleted: [] } });
    const outcome = await run('import os\nprint(sorted(os.listdir(".")), open("a.txt").read())', {
      sessionId,
      workspace: { replace: false, files: files({ 'a.txt': 'new', 'c/d.txt': '4' }), deleted: ['b.txt'] },
    });
    expect(outcome.stdout).toBe("['a.txt', 'c'] new\n");
    expect(outcome.changes).toEqual({ files: {}, deleted: [] });
    engine.dropSession(sessionId);
  });

  it('refuses a workspace path that leaves the workspace', async () => {
    const outcome = await run('print(1)', { workspace: { replace: true, files: { '../x': encode('x') }, deleted: [] } });
    expect(outcome).toMatchObject({ status: 'error', error: { name: 'WorkspaceError' } });
  });

  it('keeps /app read-only when the tier says read', async () => {
    const outcome = await run(
      'import os\nprint(open("a.txt").read())\nfor op in (lambda: open("a.txt", "w"), lambda: open("new.txt", "w"), lambda: os.remove("a.txt"), lambda: os.mkdir("d"), lambda: os.rename("a.txt", "b.txt")):\n    try:\n        op()\n    except OSError as e:\n        print(type(e).__name__, e.errno)',
      { permissions: { ...FULL, fs: 'read' }, workspace: { replace: true, files: files({ 'a.txt': 'A' }), deleted: [] } },
    );
    expect(outcome.stdout).toBe('A\n' + 'OSError 69\n'.repeat(5).replace(/69/g, '69'));
    expect(outcome.changes).toEqual({ files: {}, deleted: [] });
  });

  it('mounts nothing at /app when the tier has no filesystem', async () => {
    const outcome = await run('import os, sys\nprint(os.path.exists("/app"), os.getcwd(), "/app" in sys.path)\nopen("x.txt", "w")', {
      permissions: { ...FULL, fs: 'none' },
      workspace: { replace: true, files: files({ 'secret.txt': 's' }), deleted: [] },
    });
    expect(outcome.stdout).toBe('False / False\n');
    expect(outcome.status).toBe('error');
  });

  it('fails writes past the file size limit inside the guest', async () => {
    const outcome = await run(
      `data = b"x" * (${MAX_FILE_BYTES} + 1)\ntry:\n    with open("big.bin", "wb") as f:\n        f.write(data)\nexcept OSError as e:\n    print("refused", e.errno)\nimport os\nprint(os.path.getsize("big.bin") <= ${MAX_FILE_BYTES})`,
      { memoryBytes: 128 * MB },
    );
    expect(outcome.stdout).toBe('refused 22\nTrue\n');
  });

  it('imports workspace modules, site-packages and wheels', async () => {
    const wheel = zipSync({ 'wheelpkg/__init__.py': encode('NAME = "from a wheel"\n') });
    const outcome = await run('import helper, vendored, wheelpkg\nprint(helper.VALUE, vendored.VALUE, wheelpkg.NAME)', {
      workspace: {
        replace: true,
        files: { ...files({ 'helper.py': 'VALUE = 1\n', 'site-packages/vendored/__init__.py': 'VALUE = 2\n' }), 'site-packages/wheelpkg-1.0-py3-none-any.whl': wheel },
        deleted: [],
      },
    });
    expect(outcome.stderr).toBe('');
    expect(outcome.stdout).toBe('1 2 from a wheel\n');
  });

  it('finds a module written earlier in the same run', async () => {
    const outcome = await run('open("fresh_mod.py", "w").write("X = 5\\n")\nimport fresh_mod\nprint(fresh_mod.X)');
    expect(outcome.stdout).toBe('5\n');
  });
});

describe('permissions (defence in depth; the WASM boundary is the real one)', () => {
  const strict = { ...FULL, tier: 'strict', eval: false, modules: ['json', 'collections', 'math'] };

  it('refuses exec, eval and compile of strings from user code, naming the tier', async () => {
    for (const code of ['exec("x = 1")', 'eval("1 + 1")', 'compile("1", "f", "eval")', '__builtins__.eval("1")']) {
      const outcome = await run(code, { permissions: strict });
      expect(outcome.error?.name, code).toBe('PermissionError');
      expect(outcome.error?.message).toContain('strict policy');
    }
  });

  it('still lets the stdlib use exec internally', async () => {
    const outcome = await run('from collections import namedtuple\nP = namedtuple("P", "x y")\nprint(P(1, 2))', { permissions: strict });
    expect(outcome.stdout).toBe('P(x=1, y=2)\n');
  });

  it('refuses top-level imports outside the list, but not what allowed modules import', async () => {
    const refused = await run('import json\nimport socket', { permissions: strict });
    expect(refused.error).toMatchObject({ name: 'ImportError', line: 2 });
    expect(refused.error?.message).toBe("import of 'socket' is not allowed under the strict policy");
    const allowed = await run('import json, math\nprint(json.dumps({"a": math.floor(1.5)}))', { permissions: strict });
    expect(allowed.stdout).toBe('{"a": 1}\n');
  });

  it('leaves builtins as they were for the next run', async () => {
    const sessionId = 'perm-session';
    await run('pass', { sessionId, permissions: strict });
    const outcome = await run('print(eval("2 * 3"))\nimport socket', { sessionId });
    expect(outcome.stdout).toBe('6\n');
    engine.dropSession(sessionId);
  });
});

describe('the control channel is not a boundary, but it cannot hang the engine', () => {
  it('refuses a second open of /dev/sandcell', async () => {
    const outcome = await run('import os\ntry:\n    os.open("/dev/sandcell", os.O_RDWR)\nexcept OSError as e:\n    print(e.errno)');
    expect(outcome.stdout).toBe('10\n');
  });

  it('turns garbage on the driver descriptor into a protocol error', async () => {
    const outcome = await run('import os\nfor fd in range(3, 40):\n    try:\n        os.write(fd, b"\\xff\\xff\\xff\\xffgarbage")\n    except OSError:\n        pass');
    expect(outcome.status).toBe('error');
    expect(outcome.error?.name).toBe('ProtocolError');
    expect((await run('print("fine")')).stdout).toBe('fine\n');
  });

  it('turns a guest read of the channel into a protocol error', async () => {
    const outcome = await run('import os\nfor fd in range(3, 40):\n    try:\n        os.read(fd, 4)\n    except OSError:\n        pass');
    expect(outcome.error?.name).toBe('ProtocolError');
  });
});

describe('output', () => {
  it('caps a flood, keeping head and tail', async () => {
    const outcome = await run('for i in range(20000):\n    print("line", i)', { outputLimitBytes: 2000 });
    expect(outcome.truncated).toBe(true);
    expect(outcome.stdout.startsWith('line 0\n')).toBe(true);
    expect(outcome.stdout.endsWith('line 19999\n')).toBe(true);
  });

  it('keeps stdout and stderr in the order a traceback expects', async () => {
    const outcome = await run('print("partial", end="")\nraise KeyError("k")');
    expect(outcome.stdout).toBe('partial');
    expect(outcome.stderr).toMatch(/KeyError: 'k'\n$/);
  });
});

