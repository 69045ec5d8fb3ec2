import { describe, expect, it } from 'vitest';
import { InvalidSessionError, SessionNotFoundError } from './errors';
import { FakeLocks, must, openTestStore, request, runOnce } from './fixtures/helpers';
import { validateSessionId } from './sessions';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('session ids', () => {
  it.each(['../x', 'a/b', 'a\\b', '..', 'a..b', '', 'a b', 'x'.repeat(129), 'naïve', 'a\0b', '/etc'])('refuses %j', (id) => {
    expect(() => validateSessionId(id)).toThrow(InvalidSessionError);
  });

  it('accepts plain ids, and only UUIDs when asked', () => {
    expect(validateSessionId('my-session_1.2')).toBe('my-session_1.2');
    expect(() => validateSessionId('my-session', true)).toThrow(/not a UUID/);
    expect(validateSessionId('6f1c7c3e-2b7a-4d2e-9a51-0d7f1d0c9b11', true)).toBe('6f1c7c3e-2b7a-4d2e-9a51-0d7f1d0c9b11');
  });
});

describe('sessions', () => {
  it('creates with a UUID, extended policy and the language default engine', async () => {
    const store = await openTestStore();
    const session = must(await store.sessions.create({ name: 'Analysis', language: 'javascript' }));
    expect(session).toMatchObject({ name: 'Analysis', language: 'javascript', engine: 'quickjs', policy: 'extended', stateful: true, revision: 0, bytes: 0 });
    expect(session.id).toMatch(UUID);
    const bad = await store.sessions.create({ language: 'javascript', engine: 'cpython' });
    expect(bad.ok === false && bad.error.message).toMatch(/cpython runs python, not javascript/);
    await store.close();
  });

  it('honours uuidOnlySessionIds for ids callers bring, including a run that names a new session', async () => {
    const store = await openTestStore({ uuidOnlySessionIds: true });
    const created = await store.sessions.create({ id: 'mine' });
    expect(created.ok).toBe(false);
    const begun = await store.beginExecution({ request: request({ sessionId: 'mine' }) });
    expect(begun.ok === false && begun.error).toBeInstanceOf(InvalidSessionError);
    await store.close();
  });

  it('renames, updates, lists newest activity first', async () => {
    let now = 1_000;
    const store = await openTestStore({ now: () => now });
    const a = must(await store.sessions.create({ name: 'A' }));
    now += 10;
    const b = must(await store.sessions.create({ name: 'B' }));
    now += 10;
    must(await store.sessions.rename(a.id, '  A renamed  '));
    expect(must(await store.sessions.list()).map((s) => s.name)).toEqual(['A renamed', b.name]);
    expect((await store.sessions.rename(a.id, '   ')).ok).toBe(false);
    expect(must(await store.sessions.update(a.id, { language: 'javascript' }))).toMatchObject({ language: 'javascript', engine: 'quickjs' });
    expect(must(await store.sessions.update(a.id, { policy: 'strict' })).policy).toBe('strict');
    const missing = await store.sessions.rename('nope', 'x');
    expect(missing.ok === false && missing.error).toBeInstanceOf(SessionNotFoundError);
    await store.close();
  });

  it('duplicates with all files under a new id', async () => {
    const store = await openTestStore();
    const s = must(await store.sessions.create({ name: 'Orig' }));
    must(await store.files.write(s.id, 'a.txt', 'hello'));
    must(await store.files.write(s.id, 'dir/b.bin', new Uint8Array([1, 2, 3])));
    const copy = must(await store.sessions.duplicate(s.id));
    expect(copy.id).not.toBe(s.id);
    expect(copy).toMatchObject({ name: 'Orig (copy)', bytes: 8, fileCount: 2 });
    expect(must(await store.files.list(copy.id)).map((f) => f.path)).toEqual(['a.txt', 'dir/b.bin']);
    // Independent: changing the copy leaves the original alone.
    must(await store.files.delete(copy.id, 'a.txt'));
    expect(must(await store.files.list(s.id))).toHaveLength(2);
    await store.close();
  });

  it('resets runtime state (told to every tab) and keeps files', async () => {
    const store = await openTestStore();
    const s = must(await store.sessions.create());
    must(await store.files.write(s.id, 'keep.txt', 'x'));
    const heard: unknown[] = [];
    store.onChange((event) => heard.push(event.change));
    const reset = must(await store.sessions.reset(s.id));
    expect(reset.resetAt).toBeDefined();
    expect(heard).toContainEqual({ kind: 'session', sessionId: s.id, action: 'reset' });
    expect(must(await store.files.list(s.id))).toHaveLength(1);
    await store.close();
  });

  it('deletes a session with its files, keeping its executions and audit', async () => {
    const store = await openTestStore();
    const s = must(await store.sessions.create());
    must(await store.files.write(s.id, 'a.txt', '12345'));
    await runOnce(store, request({ sessionId: s.id }));
    expect(must(await store.sessions.delete(s.id))).toEqual({ bytesFreed: 5 });
    expect((await store.sessions.get(s.id)).ok).toBe(false);
    expect((await store.files.list(s.id)).ok).toBe(false);
    expect(must(await store.executions.list({ sessionId: s.id })).items).toHaveLength(1);
    expect(must(await store.audit.verify())).toMatchObject({ ok: true, count: 4 });
    await store.close();
  });

  it('prunes sessions idle for more than N days, returning deletedCount and bytesFreed', async () => {
    const day = 86_400_000;
    let now = 100 * day;
    const locks = new FakeLocks();
    const store = await openTestStore({ now: () => now, locks });
    const old1 = must(await store.sessions.create({ name: 'old1' }));
    must(await store.files.write(old1.id, 'a', new Uint8Array(100)));
    const old2 = must(await store.sessions.create({ name: 'old2' }));
    must(await store.files.write(old2.id, 'b', new Uint8Array(50)));
    const busy = must(await store.sessions.create({ name: 'busy' }));
    now += 10 * day;
    const fresh = must(await store.sessions.create({ name: 'fresh' }));
    // A run holds `busy`: pruning skips it.
    const begun = must(await store.beginExecution({ request: request({ sessionId: busy.id }) }));
    now += 1;
    const pruned = must(await store.sessions.prune(7));
    expect(pruned).toMatchObject({ deletedCount: 2, bytesFreed: 150 });
    expect(pruned.deleted.sort()).toEqual([old1.id, old2.id].sort());
    must(await store.finishExecution(begun.executionId, { ...(await import('./fixtures/helpers')).result(begun.executionId), sessionId: busy.id }));
    expect(must(await store.sessions.list()).map((s) => s.name).sort()).toEqual(['busy', 'fresh']);
    expect(fresh).toBeDefined();
    expect((await store.sessions.prune(-1)).ok).toBe(false);
    await store.close();
  });

  it('resolves the policy: the run\'s, else the session\'s, else extended for a new session, else standard', async () => {
    const store = await openTestStore();
    const s = must(await store.sessions.create({ policy: 'strict' }));
    expect(must(await store.resolvePolicy({}))).toBe('standard');
    expect(must(await store.resolvePolicy({ sessionId: s.id }))).toBe('strict');
    expect(must(await store.resolvePolicy({ sessionId: s.id, policy: 'agent' }))).toBe('agent');
    expect(must(await store.resolvePolicy({ sessionId: 'not-yet' }))).toBe('extended');
    await store.close();
  });
});
