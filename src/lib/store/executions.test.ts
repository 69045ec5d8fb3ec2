import { openDB } from 'idb';
import { describe, expect, it, vi } from 'vitest';
import { StorageFullError, WorkspaceFullError } from './errors';
import { must, openTestStore, openTwoTabs, request, result, runOnce, uniqueName } from './fixtures/helpers';
import type { SandcellSchema } from './schema';
import { openStore } from './store';

const enc = (s: string) => new TextEncoder().encode(s);

describe('an execution\'s life', () => {
  it('begin → started → finish stores request, code hash, result and timings, in audit order', async () => {
    let now = 10_000;
    const store = await openTestStore({ now: () => now });
    const analysis = { score: 4, level: 'medium', findings: [{ category: 'filesystem', severity: 'high', rule: 'open-write', line: 3 }] };
    const begun = must(await store.beginExecution({ request: request({ code: 'import os\nprint(1)' }), verdict: { decision: 'allow', analysis } }));
    expect(begun).toMatchObject({ kind: 'run', policy: 'standard' });
    const id = begun.executionId;
    expect(id).toMatch(/^exec_[0-9a-f]{12}$/);
    now += 5;
    void store.markStarted(id, { queueMs: 5 }); // fire and forget, as from onStart
    now += 20;
    const finished = must(await store.finishExecution(id, result(id, { durationMs: 20 })));
    expect(finished.record).toMatchObject({ state: 'finished', status: 'completed', requestedAt: 10_000, startedAt: 10_005, finishedAt: 10_025, durationMs: 20, queueMs: 1 });

    const detail = must(await store.executions.get(id));
    expect(detail.summary).toMatchObject({
      phase: 'finished', codeSha256: expect.stringMatching(/^[0-9a-f]{64}$/), codePreview: 'import os', decision: 'allow',
      risk: { score: 4, level: 'medium', findings: [{ category: 'filesystem', severity: 'high', rule: 'open-write' }] },
    });
    expect(detail.request.code).toBe('import os\nprint(1)');
    expect(detail.analysis).toEqual(analysis); // kept whole, as JSON
    expect(detail.result).toMatchObject({ status: 'completed', output: '1\n' });
    expect(detail.audit.map((r) => r.event)).toEqual(['requested', 'policy', 'started', 'finished']);
    expect(detail.audit[1]!.data).toMatchObject({ tier: 'standard', decision: 'allow', score: 4, level: 'medium', findings: 1 });
    expect(new Set(detail.audit.map((r) => r.codeSha256))).toEqual(new Set([detail.summary.codeSha256]));
    // Finishing twice records nothing more.
    expect(must(await store.finishExecution(id, result(id))).alreadyFinished).toBe(true);
    expect(must(await store.audit.head()).seq).toBe(4);
    await store.close();
  });

  it('records a blocked run as requested → policy → blocked', async () => {
    const store = await openTestStore();
    const begun = must(await store.beginExecution({ request: request({ code: 'import subprocess' }), verdict: { decision: 'block', reasons: ['command execution'] } }));
    expect(begun.kind).toBe('blocked');
    must(await store.finishExecution(begun.executionId, result(begun.executionId, { status: 'blocked', durationMs: 0, error: { name: 'PolicyViolation', message: 'command execution' } })));
    const { audit, summary } = must(await store.executions.get(begun.executionId));
    expect(audit.map((r) => r.event)).toEqual(['requested', 'policy', 'blocked']);
    expect(audit[1]!.data).toMatchObject({ decision: 'block', reasons: ['command execution'] });
    expect(audit[2]!.data).toMatchObject({ status: 'blocked', reason: 'command execution' });
    expect(summary).toMatchObject({ status: 'blocked', decision: 'block', phase: 'finished' });
    await store.close();
  });

  it('keeps the chain verifiable when a result carries numbers JSON cannot (NaN, Infinity)', async () => {
    const store = await openTestStore();
    await runOnce(store, request(), { durationMs: Number.NaN, exitCode: Number.POSITIVE_INFINITY });
    const [, , , finished] = must(await store.audit.range());
    expect(finished!.data).toMatchObject({ durationMs: null, exitCode: null });
    expect(must(await store.audit.verify())).toMatchObject({ ok: true, count: 4 });
    await store.close();
  });

  it('refuses runs that cannot be recorded: bad input writes nothing', async () => {
    const store = await openTestStore();
    for (const bad of [{ code: 1 }, { code: 'x', language: 'ruby' }, { code: 'x', language: 'python', engine: 'quickjs' }, { code: 'x', language: 'python', policy: 'root' }]) {
      const begun = await store.beginExecution({ request: bad as never });
      expect(begun.ok).toBe(false);
    }
    expect(must(await store.audit.head()).seq).toBe(0);
    await store.close();
  });
});

describe('session runs', () => {
  it('creates the session on first use, adds request files, returns the workspace, writes back only changes', async () => {
    const store = await openTestStore();
    const sessionId = '0b6c7a4e-1d1e-4a8f-9d2c-3f0e5b6a7c8d';
    const first = must(await store.beginExecution({ request: request({ sessionId, files: { 'in.txt': 'input' } }) }));
    if (first.kind !== 'run') throw new Error(first.kind);
    expect(first.policy).toBe('extended');
    expect(first.workspace).toEqual({ revision: 1, files: { 'in.txt': enc('input') } });
    must(await store.markStarted(first.executionId));
    const done = must(await store.finishExecution(first.executionId, result(first.executionId, { sessionId, files: { 'out/result.json': enc('{"n":1}') } })));
    expect(done).toMatchObject({ revision: 2, record: { filesWritten: 1, filesDeleted: 0 } });
    expect(must(await store.sessions.get(sessionId))).toMatchObject({ policy: 'extended', fileCount: 2 });

    // The caller already holds revision 2: no files come back.
    const second = must(await store.beginExecution({ request: request({ sessionId }), knownRevision: 2 }));
    expect(second).toMatchObject({ kind: 'run', workspace: { revision: 2 } });
    expect(second.kind === 'run' && second.workspace?.files).toBeUndefined();
    expect(must(await store.finishExecution(second.executionId, result(second.executionId, { sessionId, deletedFiles: ['in.txt'] })))).toMatchObject({ revision: 3 });
    // A run that changed nothing reports the revision it left.
    const third = must(await store.beginExecution({ request: request({ sessionId }), knownRevision: 3 }));
    expect(must(await store.finishExecution(third.executionId, result(third.executionId, { sessionId })))).toMatchObject({ revision: 3 });
    expect(must(await store.files.list(sessionId)).map((f) => f.path)).toEqual(['out/result.json']);
    // The stored result lists written files by name and size only.
    expect(must(await store.executions.get(first.executionId)).result?.files).toEqual([{ path: 'out/result.json', size: 7 }]);
    await store.close();
  });

  it('records the result but not the files when they would pass the session cap, and says why', async () => {
    const store = await openTestStore({ limits: { fileBytes: 1000, workspaceBytes: 1500 } });
    const s = must(await store.sessions.create());
    const begun = must(await store.beginExecution({ request: request({ sessionId: s.id }) }));
    const done = must(await store.finishExecution(begun.executionId, result(begun.executionId, { sessionId: s.id, files: { a: new Uint8Array(900), b: new Uint8Array(900) } })));
    expect(done.filesError).toMatch(/writing "b" would bring session .* over the 1.5 KB cap per session/);
    expect(must(await store.files.list(s.id))).toEqual([]);
    const { audit } = must(await store.executions.get(begun.executionId));
    expect(audit.at(-1)!.data).toMatchObject({ status: 'completed', filesWritten: 0, filesError: done.filesError });
    await store.close();
  });

  it('refuses the run when the request\'s own files would pass the session cap', async () => {
    const store = await openTestStore({ limits: { fileBytes: 1000, workspaceBytes: 1500 } });
    const s = must(await store.sessions.create());
    const begun = await store.beginExecution({ request: request({ sessionId: s.id, files: { a: new Uint8Array(900), b: new Uint8Array(900) } }) });
    expect(begun.ok === false && begun.error).toBeInstanceOf(WorkspaceFullError);
    expect(must(await store.audit.head()).seq).toBe(0);
    // The refused run released the session's lock.
    expect(must(await store.files.write(s.id, 'ok.txt', 'x')).path).toBe('ok.txt');
    await store.close();
  });

  it('holds the session across tabs from begin to finish', async () => {
    const { tabs: [tab1, tab2] } = await openTwoTabs();
    const s = must(await tab1.sessions.create());
    const a = must(await tab1.beginExecution({ request: request({ sessionId: s.id }) }));
    let secondBegun = false;
    const b = tab2.beginExecution({ request: request({ sessionId: s.id }) }).then((r) => ((secondBegun = true), r));
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(secondBegun).toBe(false); // waiting for tab 1's run
    const write = tab2.files.write(s.id, 'x.txt', 'from tab 2'); // queued behind both runs
    must(await tab1.finishExecution(a.executionId, result(a.executionId, { sessionId: s.id, files: { 'x.txt': enc('from run 1') } })));
    const second = must(await b);
    // Tab 2's run sees tab 1's write-back.
    expect(second.kind === 'run' && second.workspace?.files?.['x.txt']).toEqual(enc('from run 1'));
    must(await tab2.finishExecution(second.executionId, result(second.executionId, { sessionId: s.id })));
    must(await write);
    expect(new TextDecoder().decode(must(await tab1.files.read(s.id, 'x.txt')))).toBe('from tab 2');
    // A waiting begin can be given up.
    const c = must(await tab1.beginExecution({ request: request({ sessionId: s.id }) }));
    const controller = new AbortController();
    const waiting = tab2.beginExecution({ request: request({ sessionId: s.id }), signal: controller.signal });
    controller.abort();
    const aborted = await waiting;
    expect(aborted.ok === false && aborted.error.name).toBe('LockAbortedError');
    must(await tab1.finishExecution(c.executionId, result(c.executionId, { sessionId: s.id })));
    expect(must(await tab1.audit.verify())).toMatchObject({ ok: true });
    await tab1.close();
    await tab2.close();
  });
});

describe('back-to-back runs of a session in one tab', () => {
  it('skip reading the session while the tab keeps its lock, and see what another tab changed once it let go', async () => {
    const { tabs: [here, there] } = await openTwoTabs();
    const sessionId = must(await here.sessions.create()).id;
    const run = async (knownRevision?: number) => {
      const begun = must(await here.beginExecution({ request: request({ sessionId }), knownRevision }));
      if (begun.kind !== 'run') throw new Error(begun.kind);
      const done = must(await here.finishExecution(begun.executionId, result(begun.executionId, { sessionId })));
      return { workspace: begun.workspace, revision: done.revision };
    };
    const first = await run();
    const second = await run(first.revision); // the lock lingered: begin and finish read nothing
    expect(second).toEqual({ workspace: { revision: first.revision }, revision: first.revision });
    must(await there.files.write(sessionId, 'from-there.txt', 'hello')); // waits out the linger, then writes
    const third = await run(first.revision);
    expect(third.workspace?.revision).toBe(first.revision! + 1);
    expect(Object.keys(third.workspace?.files ?? {})).toEqual(['from-there.txt']);
    expect(must(await there.audit.verify())).toMatchObject({ ok: true });
    await here.close();
    await there.close();
  });

  it("move the session's updatedAt at most once a second", async () => {
    let now = 5_000_000;
    const store = await openTestStore({ now: () => now });
    const sessionId = must(await store.sessions.create()).id;
    const run = async () => {
      const begun = must(await store.beginExecution({ request: request({ sessionId }) }));
      must(await store.finishExecution(begun.executionId, result(begun.executionId, { sessionId })));
      return must(await store.sessions.get(sessionId)).updatedAt;
    };
    expect(await run()).toBe(now);
    const touched = now;
    now += 400;
    expect(await run()).toBe(touched);
    now += 700;
    expect(await run()).toBe(now);
    await store.close();
  });
});

describe('interrupted runs', () => {
  it('shows a run whose tab died (its lock gone) as interrupted, with requested and no finished', async () => {
    const { tabs: [dying, other] } = await openTwoTabs();
    const begun = must(await dying.beginExecution({ request: request() }));
    must(await dying.markStarted(begun.executionId));
    expect(must(await other.executions.list()).items[0]!.phase).toBe('started'); // still running in its tab
    await dying.close(); // the browser releases a dead tab's locks
    const [item] = must(await other.executions.list()).items;
    expect(item).toMatchObject({ id: begun.executionId, state: 'started', phase: 'interrupted' });
    const { audit } = must(await other.executions.get(begun.executionId));
    expect(audit.map((r) => r.event)).toEqual(['requested', 'policy', 'started']);
    expect(must(await other.stats()).byStatus).toEqual({ interrupted: 1 });
    await other.close();
  });

  it('without Web Locks, falls back to age for other tabs\' runs', async () => {
    const name = uniqueName();
    let now = 1_000_000;
    const a = must(await openStore({ name, locks: null, channel: null, storage: null, now: () => now }));
    const b = must(await openStore({ name, locks: null, channel: null, storage: null, now: () => now }));
    must(await a.beginExecution({ request: request() }));
    expect(must(await b.executions.list()).items[0]!.phase).toBe('requested');
    expect(must(await a.executions.list()).items[0]!.phase).toBe('requested'); // its own tab knows it is live
    now += 11 * 60_000;
    expect(must(await b.executions.list()).items[0]!.phase).toBe('interrupted');
    await a.close();
    await b.close();
  });
});

describe('listing', () => {
  it('pages newest first, globally and per session, with ties within a millisecond', async () => {
    const now = 50_000; // every run in the same millisecond
    const store = await openTestStore({ now: () => now });
    const s = must(await store.sessions.create());
    const ids: string[] = [];
    for (let i = 0; i < 7; i++) ids.push(await runOnce(store, request({ code: `print(${i})`, sessionId: i % 2 ? s.id : undefined })));
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = must(await store.executions.list({ limit: 3, cursor }));
      seen.push(...page.items.map((e) => e.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(7);
    expect(new Set(seen)).toEqual(new Set(ids));
    expect([...seen]).toEqual([...seen].sort().reverse()); // same time: id order, descending

    const sessionPage1 = must(await store.executions.list({ sessionId: s.id, limit: 2 }));
    const sessionPage2 = must(await store.executions.list({ sessionId: s.id, limit: 2, cursor: sessionPage1.nextCursor }));
    expect([...sessionPage1.items, ...sessionPage2.items].map((e) => e.sessionId)).toEqual([s.id, s.id, s.id]);
    expect(sessionPage2.nextCursor).toBeUndefined();
    expect((await store.executions.list({ cursor: 'garbage' })).ok).toBe(false);
    await store.close();
  });

  it('orders by time first', async () => {
    let now = 1;
    const store = await openTestStore({ now: () => now++ });
    const ids = [];
    for (let i = 0; i < 4; i++) ids.push(await runOnce(store));
    expect(must(await store.executions.list()).items.map((e) => e.id)).toEqual(ids.reverse());
    await store.close();
  });

  it('prunes executions past the retention, oldest first', async () => {
    let now = 1;
    const store = await openTestStore({ now: () => now++ });
    const ids = [];
    for (let i = 0; i < 5; i++) ids.push(await runOnce(store));
    must(await store.settings.setRetention({ executions: 3 }));
    expect(must(await store.maintain()).executionsPruned).toBe(2);
    expect(must(await store.executions.list()).items.map((e) => e.id)).toEqual(ids.slice(2).reverse());
    expect((await store.executions.get(ids[0]!)).ok).toBe(false);
    await store.close();
  });
});

describe('the result cache', () => {
  it('serves an identical stateless request, marked cached, recorded with its own audit trail', async () => {
    const store = await openTestStore();
    const req = request({ code: 'print(6*7)', context: { a: 1 } });
    const first = must(await store.beginExecution({ request: req, cache: true }));
    must(await store.finishExecution(first.executionId, result(first.executionId, { output: '42\n' })));
    const second = must(await store.beginExecution({ request: { ...req }, cache: true }));
    expect(second.kind).toBe('cached');
    if (second.kind !== 'cached') return;
    expect(second.result).toMatchObject({ id: second.executionId, output: '42\n', cached: true });
    expect(second.executionId).not.toBe(first.executionId);
    const detail = must(await store.executions.get(second.executionId));
    expect(detail.summary).toMatchObject({ cached: true, phase: 'finished', status: 'completed' });
    expect(detail.audit.map((r) => r.event)).toEqual(['requested', 'policy', 'finished']);
    expect(detail.audit[2]!.data).toMatchObject({ cached: true, from: first.executionId });

    // Anything that changes the output misses: context, policy, engine, stdin; and session runs never hit.
    for (const other of [{ ...req, context: { a: 2 } }, { ...req, policy: 'strict' as const }, { ...req, stdin: 'x' }, { ...req, sessionId: 'abc' }]) {
      const begun = must(await store.beginExecution({ request: other, cache: true }));
      expect(begun.kind).not.toBe('cached');
      must(await store.finishExecution(begun.executionId, result(begun.executionId, { sessionId: other.sessionId })));
    }
    // Without cache: true it runs.
    expect(must(await store.beginExecution({ request: req })).kind).toBe('run');
    await store.close();
  });

  it('does not cache timeouts, session runs or blocked code', async () => {
    const store = await openTestStore();
    const req = request({ code: 'while True: pass' });
    const first = must(await store.beginExecution({ request: req, cache: true }));
    must(await store.finishExecution(first.executionId, result(first.executionId, { status: 'timeout' })));
    expect(must(await store.beginExecution({ request: req, cache: true })).kind).toBe('run');
    await store.close();
  });

  it('evicts the least recently used past its capacity', async () => {
    const name = uniqueName();
    const store = await openTestStore({ name, cacheCapacity: 3 });
    const code = (n: number) => request({ code: `print(${n})` });
    for (const n of [1, 2, 3]) {
      const begun = must(await store.beginExecution({ request: code(n), cache: true }));
      must(await store.finishExecution(begun.executionId, result(begun.executionId, { output: `${n}\n` })));
    }
    expect(must(await store.beginExecution({ request: code(1), cache: true })).kind).toBe('cached'); // 1 is now the most recent
    const fourth = must(await store.beginExecution({ request: code(4), cache: true }));
    must(await store.finishExecution(fourth.executionId, result(fourth.executionId)));
    const raw = await openDB<SandcellSchema>(name);
    expect(await raw.count('cache')).toBe(3);
    expect(must(await store.beginExecution({ request: code(2), cache: true })).kind).toBe('run'); // evicted
    for (const n of [1, 3, 4]) expect(must(await store.beginExecution({ request: code(n), cache: true })).kind).toBe('cached');
    raw.close();
    await store.close();
  });
});

describe('a full disk', () => {
  it('refuses the run up front when the estimate says it cannot be recorded', async () => {
    const storage = { estimate: async () => ({ usage: 999_000_000, quota: 1_000_000_000 }), persisted: async () => false };
    const store = await openTestStore({ storage });
    const begun = await store.beginExecution({ request: request() });
    expect(begun.ok).toBe(false);
    if (!begun.ok) {
      expect(begun.error).toBeInstanceOf(StorageFullError);
      expect(begun.error.message).toMatch(/storage for Sandcell is full \(952.7 MB used of 953.7 MB\), so the run was refused/);
    }
    expect(must(await store.audit.head()).seq).toBe(0);
    await store.close();
  });

  it('refuses the run when IndexedDB throws QuotaExceededError, leaving nothing half-written', async () => {
    const store = await openTestStore();
    const spy = vi.spyOn(IDBObjectStore.prototype, 'add').mockImplementation(() => {
      throw new DOMException('quota', 'QuotaExceededError');
    });
    const begun = await store.beginExecution({ request: request() });
    spy.mockRestore();
    expect(begun.ok === false && begun.error).toBeInstanceOf(StorageFullError);
    expect(begun.ok === false && begun.error.message).toMatch(/so the run was refused/);
    expect(must(await store.audit.head()).seq).toBe(0);
    expect(must(await store.executions.list()).items).toEqual([]);
    // The store works again once there is room.
    await runOnce(store);
    expect(must(await store.audit.verify())).toMatchObject({ ok: true, count: 4 });
    await store.close();
  });

  it('still records a run that filled the disk, trimmed and without its files', async () => {
    const store = await openTestStore();
    const s = must(await store.sessions.create());
    const begun = must(await store.beginExecution({ request: request({ sessionId: s.id }) }));
    const original = IDBObjectStore.prototype.put;
    let failures = 0;
    const spy = vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['put']>) {
      if (this.name === 'fileData' && failures++ === 0) throw new DOMException('quota', 'QuotaExceededError');
      return original.apply(this, args);
    });
    const big = 'x'.repeat(10_000);
    const done = must(await store.finishExecution(begun.executionId, result(begun.executionId, { sessionId: s.id, output: big, files: { 'f.bin': new Uint8Array(10) } })));
    spy.mockRestore();
    expect(done.filesError).toMatch(/storage is full/);
    const detail = must(await store.executions.get(begun.executionId));
    expect(detail.result!.output.length).toBeLessThan(5_000);
    expect(detail.audit.at(-1)!.data).toMatchObject({ storageFull: true, filesWritten: 0 });
    expect(must(await store.files.list(s.id))).toEqual([]);
    expect(must(await store.audit.verify())).toMatchObject({ ok: true });
    await store.close();
  });
});
