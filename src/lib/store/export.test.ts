import { strToU8, unzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { csvCell } from './csv';
import { InvalidArchiveError } from './errors';
import { must, openTestStore, request, runOnce } from './fixtures/helpers';
import { REPORT_COLUMNS } from './export';
import { SESSION_MANIFEST } from './session-zip';

const enc = (s: string) => new TextEncoder().encode(s);

async function sessionWithFiles() {
  const store = await openTestStore({ now: () => Date.UTC(2025, 5, 1) });
  const s = must(await store.sessions.create({ name: 'Data work', language: 'python', policy: 'agent' }));
  must(await store.files.change(s.id, {
    'data/input.csv': enc('a,b\n1,2\n'),
    'site-packages/tiny/__init__.py': enc('X = 1\n'),
    'empty.txt': new Uint8Array(),
    'bin/blob': new Uint8Array([0, 255, 1, 254]),
  }));
  return { store, s };
}

describe('session zip', () => {
  it('round-trips files, their times and the session metadata, as a new session', async () => {
    const { store, s } = await sessionWithFiles();
    const zip = must(await store.sessions.export(s.id));
    const entries = unzipSync(zip);
    expect(Object.keys(entries).sort()).toEqual(['files/bin/blob', 'files/data/input.csv', 'files/empty.txt', 'files/site-packages/tiny/__init__.py', SESSION_MANIFEST]);
    const manifest = JSON.parse(new TextDecoder().decode(entries[SESSION_MANIFEST]));
    expect(manifest).toMatchObject({ format: 'sandcell-session', version: 1, session: { id: s.id, name: 'Data work', policy: 'agent' } });

    const imported = must(await store.sessions.import(zip));
    expect(imported.id).not.toBe(s.id);
    expect(imported).toMatchObject({ name: 'Data work', language: 'python', policy: 'agent', fileCount: 4, bytes: s.bytes + 18 });
    expect(must(await store.files.list(imported.id))).toEqual(must(await store.files.list(s.id)));
    expect(must(await store.files.snapshot(imported.id)).files).toEqual(must(await store.files.snapshot(s.id)).files);
    await store.close();
  });

  it('keeps the id when asked and free, and refuses a clash', async () => {
    const { store, s } = await sessionWithFiles();
    const zip = must(await store.sessions.export(s.id));
    const clash = await store.sessions.import(zip, { keepId: true });
    expect(clash.ok === false && clash.error.message).toMatch(/already exists/);
    must(await store.sessions.delete(s.id));
    expect(must(await store.sessions.import(zip, { keepId: true })).id).toBe(s.id);
    await store.close();
  });

  const manifest = (files: Array<{ path: string; size: number; sha256: string }> = []) =>
    strToU8(JSON.stringify({
      format: 'sandcell-session', version: 1, exportedAt: '2025-01-01T00:00:00Z',
      session: { id: 'x', name: 'Evil', language: 'python', engine: 'cpython', policy: 'extended', stateful: true, createdAt: 1, updatedAt: 1 },
      files: files.map((f) => ({ ...f, mtime: 1 })),
    }));

  it.each([
    ['a traversal entry', () => zipSync({ [SESSION_MANIFEST]: manifest(), 'files/../../evil.py': enc('x') }), /not a plain workspace path/],
    ['an absolute entry', () => zipSync({ [SESSION_MANIFEST]: manifest(), 'files//etc/passwd': enc('x') }), /not a plain workspace path/],
    ['a backslash entry', () => zipSync({ [SESSION_MANIFEST]: manifest(), 'files/a\\..\\b': enc('x') }), /not a plain workspace path/],
    ['no manifest', () => zipSync({ 'files/a.txt': enc('x') }), /no sandcell-session.json/],
    ['a foreign manifest', () => zipSync({ [SESSION_MANIFEST]: strToU8('{"format":"other"}') }), /not a Sandcell session export/],
    ['a hash mismatch', () => zipSync({ [SESSION_MANIFEST]: manifest([{ path: 'a.txt', size: 1, sha256: '0'.repeat(64) }]), 'files/a.txt': enc('x') }), /does not match the hash/],
    ['a listed file missing', () => zipSync({ [SESSION_MANIFEST]: manifest([{ path: 'gone.txt', size: 1, sha256: '0'.repeat(64) }]) }), /missing from the zip/],
    ['not a zip', () => enc('PK but not really'), /cannot be read/],
    ['a file over the cap', () => zipSync({ [SESSION_MANIFEST]: manifest(), 'files/big': new Uint8Array(2048) }), /over the per-file cap/],
    ['files over the session cap', () => zipSync({ [SESSION_MANIFEST]: manifest(), 'files/a': new Uint8Array(1000), 'files/b': new Uint8Array(1000), 'files/c': new Uint8Array(1000) }), /over the per-session cap/],
  ])('refuses %s', async (_label, build, reason) => {
    const store = await openTestStore({ limits: { fileBytes: 1024, workspaceBytes: 2500 } });
    const imported = await store.sessions.import(build());
    expect(imported.ok).toBe(false);
    if (!imported.ok) {
      expect(imported.error).toBeInstanceOf(InvalidArchiveError);
      expect(imported.error.message).toMatch(reason);
    }
    expect(must(await store.sessions.list())).toEqual([]);
    await store.close();
  });

  it('refuses a zip bomb from its declared sizes, before inflating it', async () => {
    const store = await openTestStore({ limits: { fileBytes: 1024 * 1024, workspaceBytes: 2 * 1024 * 1024 } });
    const bomb = zipSync({ [SESSION_MANIFEST]: manifest(), 'files/zeros': new Uint8Array(64 * 1024 * 1024) }, { level: 9 });
    expect(bomb.byteLength).toBeLessThan(200_000);
    const imported = await store.sessions.import(bomb);
    expect(imported.ok === false && imported.error.message).toMatch(/over the per-file cap/);
    await store.close();
  });
});

describe('reports', () => {
  it('an execution report as JSON carries its audit records and the head', async () => {
    const store = await openTestStore();
    const id = await runOnce(store, request({ code: 'print("hi")' }), { output: 'hi\n' });
    const report = must(await store.executions.report(id));
    expect(report).toMatchObject({
      format: 'sandcell-execution-report', version: 1, auditHead: { seq: 4 },
      execution: { id, phase: 'finished' }, request: { code: 'print("hi")' }, result: { output: 'hi\n' },
    });
    expect(report.audit.map((r) => r.event)).toEqual(['requested', 'policy', 'started', 'finished']);
    expect(JSON.parse(JSON.stringify(report))).toEqual(report);
    await store.close();
  });

  it('executions as CSV, escaped and defused against spreadsheet formulas', async () => {
    const store = await openTestStore();
    await runOnce(store, request(), { status: 'error', error: { name: 'Error', message: '=HYPERLINK("http://evil")' } });
    await runOnce(store, request(), { error: { name: 'X', message: 'a, "quoted"\nmultiline' } });
    const csv = must(await store.executions.csv());
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe(REPORT_COLUMNS.join(','));
    expect(csv).toContain('"X: a, ""quoted""\nmultiline"');
    expect(csv).toContain('"Error: =HYPERLINK(""http://evil"")"'); // starts with "Error", so harmless
    expect(csvCell('=1+1')).toBe("'=1+1");
    expect(csvCell('-2')).toBe("'-2");
    expect(csvCell(-2)).toBe('-2');
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell(' padded ')).toBe('" padded "');
    await store.close();
  });
});
