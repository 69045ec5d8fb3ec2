/**
 * What one embedding origin sees: its own sandbox and, where the page has storage, its own
 * IndexedDB database; otherwise sessions and files kept in memory for as long as the page lives.
 */
import { normalizeWorkspacePath } from '../engines/paths';
import type { ExecuteHandlers, ExecuteRequest, ExecutionResult, FileMap, Language, Sandbox } from '../sandbox/types';
import type { Store } from '../store';

export type Outcome<T> = { ok: true; value: T } | { ok: false; error: string };

export interface SessionInfo {
  id: string;
  name: string;
  language: Language;
  createdAt: number;
}

export interface FileEntry {
  path: string;
  size: number;
}

/** The operations the API needs, with or without storage. */
export interface Backend {
  readonly persistent: boolean;
  readonly sandbox: Sandbox;
  execute(request: ExecuteRequest, handlers: ExecuteHandlers): Promise<ExecutionResult>;
  sessions: {
    create(input: { name?: string; language?: Language }): Promise<Outcome<SessionInfo>>;
    list(): Promise<Outcome<SessionInfo[]>>;
    reset(id: string): Promise<Outcome<void>>;
    delete(id: string): Promise<Outcome<void>>;
  };
  files: {
    list(sessionId: string): Promise<Outcome<FileEntry[]>>;
    read(sessionId: string, path: string): Promise<Outcome<Uint8Array>>;
    write(sessionId: string, path: string, content: Uint8Array): Promise<Outcome<FileEntry>>;
    delete(sessionId: string, path: string): Promise<Outcome<void>>;
  };
  audit: {
    list(query: { executionId?: string; limit?: number }): Promise<Outcome<unknown[]>>;
    verify(): Promise<Outcome<unknown>>;
    export(): Promise<Outcome<{ name: string; text: string }[]>>;
  };
  dispose(): void;
}

const NO_STORAGE = 'not available: this page has no storage (a sandboxed iframe without allow-same-origin), so there is no audit trail';

const fromStore = <T, U = T>(result: { ok: true; value: T } | { ok: false; error: Error }, map?: (value: T) => U): Outcome<U> =>
  result.ok ? { ok: true, value: map ? map(result.value) : (result.value as unknown as U) } : { ok: false, error: result.error.message };

function path(input: string): Outcome<string> {
  const normal = normalizeWorkspacePath(input);
  return normal.ok ? normal : { ok: false, error: normal.error };
}

/** A backend over a store (the embedding origin's own database). */
export function storeBackend(sandbox: Sandbox, store: Store): Backend {
  return {
    persistent: true,
    sandbox,
    execute: (request, handlers) => sandbox.execute(request, handlers),
    sessions: {
      create: async (input) => fromStore(await store.sessions.create(input), sessionInfo),
      list: async () => fromStore(await store.sessions.list(), (list) => list.map(sessionInfo)),
      async reset(id) {
        const done = await store.sessions.reset(id);
        if (done.ok) await sandbox.resetSession(id);
        return fromStore(done, () => undefined);
      },
      delete: async (id) => fromStore(await store.sessions.delete(id), () => undefined),
    },
    files: {
      list: async (sessionId) => fromStore(await store.files.list(sessionId), (list) => list.map(({ path, size }) => ({ path, size }))),
      async read(sessionId, input) {
        const p = path(input);
        return p.ok ? fromStore(await store.files.read(sessionId, p.value)) : p;
      },
      async write(sessionId, input, content) {
        const p = path(input);
        return p.ok ? fromStore(await store.files.write(sessionId, p.value, content), ({ path, size }) => ({ path, size })) : p;
      },
      async delete(sessionId, input) {
        const p = path(input);
        return p.ok ? fromStore(await store.files.delete(sessionId, p.value), () => undefined) : p;
      },
    },
    audit: {
      async list({ executionId, limit }) {
        const records = executionId ? await store.audit.forExecution(executionId) : await store.audit.range();
        return fromStore(records, (list: unknown[]) => (limit === undefined ? list : list.slice(-limit)));
      },
      verify: async () => fromStore(await store.audit.verify()),
      export: async () => fromStore(await store.audit.exportFiles()),
    },
    dispose: () => sandbox.dispose(),
  };
}

const sessionInfo = (record: { id: string; name: string; language: Language; createdAt: number }): SessionInfo => ({
  id: record.id, name: record.name, language: record.language, createdAt: record.createdAt,
});

/** A backend without storage: sessions in memory; files written here go into the session's next run. */
export function memoryBackend(sandbox: Sandbox): Backend {
  const sessions = new Map<string, SessionInfo>();
  // Writes not yet handed to a run, and deletions hidden from listings until a run would see them.
  const pending = new Map<string, FileMap>();
  const view = (sessionId: string): FileMap => ({ ...sandbox.files(sessionId), ...(pending.get(sessionId) ?? {}) });
  const known = (id: string): Outcome<void> => (sessions.has(id) ? { ok: true, value: undefined } : { ok: false, error: `no session "${id}"` });
  return {
    persistent: false,
    sandbox,
    execute(request, handlers) {
      const id = request.sessionId;
      const files = id ? pending.get(id) : undefined;
      if (id && files) {
        pending.delete(id);
        request = { ...request, files: { ...files, ...(request.files ?? {}) } };
      }
      return sandbox.execute(request, handlers);
    },
    sessions: {
      async create(input) {
        const info: SessionInfo = { id: crypto.randomUUID(), name: input.name ?? 'Untitled', language: input.language ?? 'python', createdAt: Date.now() };
        sessions.set(info.id, info);
        return { ok: true, value: info };
      },
      list: async () => ({ ok: true, value: [...sessions.values()].reverse() }),
      async reset(id) {
        const found = known(id);
        if (found.ok) await sandbox.resetSession(id);
        return found;
      },
      async delete(id) {
        const found = known(id);
        if (!found.ok) return found;
        sessions.delete(id);
        pending.delete(id);
        await sandbox.resetSession(id);
        return found;
      },
    },
    files: {
      async list(sessionId) {
        const found = known(sessionId);
        if (!found.ok) return found;
        return { ok: true, value: Object.entries(view(sessionId)).map(([path, bytes]) => ({ path, size: bytes.length })) };
      },
      async read(sessionId, input) {
        const p = path(input);
        if (!p.ok) return p;
        const bytes = view(sessionId)[p.value];
        return bytes ? { ok: true, value: bytes } : { ok: false, error: `no file "${p.value}" in session ${sessionId}` };
      },
      async write(sessionId, input, content) {
        const found = known(sessionId);
        if (!found.ok) return found;
        const p = path(input);
        if (!p.ok) return p;
        pending.set(sessionId, { ...(pending.get(sessionId) ?? {}), [p.value]: content });
        return { ok: true, value: { path: p.value, size: content.length } };
      },
      async delete() {
        return { ok: false, error: 'files.delete is not available without storage' };
      },
    },
    audit: {
      list: async () => ({ ok: false, error: `audit.list is ${NO_STORAGE}` }),
      verify: async () => ({ ok: false, error: `audit.verify is ${NO_STORAGE}` }),
      export: async () => ({ ok: false, error: `audit.export is ${NO_STORAGE}` }),
    },
    dispose: () => sandbox.dispose(),
  };
}
