import type { EngineId, EngineInfo, FileMap, HostHooks, LoadProgress, WorkspaceSync } from '../engines/protocol';
import type { EngineConnection } from './connection';
import { ENGINES } from './engine-catalog';
import { WorkerTerminatedError } from './errors';
import { hasJspi } from './static-info';

/** Spawns an engine worker and completes its handshake. */
export type Connect = (engine: EngineId, hooks: HostHooks) => Promise<EngineConnection>;

/**
 * One engine worker as the pool sees it: whether it is busy, which sessions live in it, and
 * which workspace files each of those sessions already holds there.
 */
export class Slot {
  readonly engine: EngineId;
  readonly sessions = new Set<string>();
  /** Per session: the files the worker holds, by identity, so a sync sends only what changed. */
  readonly synced = new Map<string, Map<string, Uint8Array>>();
  /** Per session: the permissions its runtime state was built under (as JSON). */
  readonly grants = new Map<string, string>();
  readonly progressListeners = new Set<(progress: LoadProgress) => void>();
  readonly ready: Promise<EngineInfo>;
  busy = false;
  dead = false;
  lastUsed = performance.now();
  lastProgress: LoadProgress | undefined;
  #connection: EngineConnection | undefined;
  readonly #connecting: Promise<EngineConnection>;
  readonly #onDeath: (slot: Slot, reason: WorkerTerminatedError['reason']) => void;
  #rejectReady!: (error: WorkerTerminatedError) => void;

  constructor(engine: EngineId, connect: Connect, hooks: HostHooks, onDeath: (slot: Slot, reason: WorkerTerminatedError['reason']) => void) {
    this.engine = engine;
    this.#onDeath = onDeath;
    const slotHooks: HostHooks = {
      output: hooks.output,
      input: hooks.input,
      progress: (progress) => {
        this.lastProgress = progress;
        for (const listener of this.progressListeners) listener(progress);
      },
    };
    this.#connecting = connect(engine, slotHooks);
    // A slot killed while it is still starting must not leave its first run waiting forever.
    const killed = new Promise<never>((_, reject) => (this.#rejectReady = reject));
    killed.catch(() => {});
    const started = this.#connecting.then(async (connection) => {
      this.#connection = connection;
      connection.died.catch((error: unknown) => {
        if (!this.dead) this.#markDead(error instanceof WorkerTerminatedError ? error.reason : 'crashed');
      });
      return Promise.race([connection.api.init({ jspi: hasJspi() }), connection.died]);
    });
    this.ready = Promise.race([started, killed]);
    this.ready.catch(() => this.kill('crashed'));
  }

  get connection(): EngineConnection {
    if (!this.#connection) throw new Error(`${this.engine} worker is not connected yet`);
    return this.#connection;
  }

  /** Sessions this worker can still take. */
  get hasRoom(): boolean {
    return this.sessions.size < ENGINES[this.engine].sessionsPerWorker;
  }

  /** What to send so the worker's copy of the workspace matches `files`. */
  syncFor(sessionId: string | undefined, files: FileMap): WorkspaceSync {
    const held = sessionId === undefined ? undefined : this.synced.get(sessionId);
    if (!held) return { replace: true, files, deleted: [] };
    const changed: FileMap = {};
    for (const [path, bytes] of Object.entries(files)) if (held.get(path) !== bytes) changed[path] = bytes;
    const deleted = [...held.keys()].filter((path) => !Object.hasOwn(files, path));
    return { replace: false, files: changed, deleted };
  }

  /** Records that the worker now holds `files` for the session. */
  remember(sessionId: string, files: Map<string, Uint8Array>): void {
    this.sessions.add(sessionId);
    this.synced.set(sessionId, new Map(files));
  }

  forget(sessionId: string): void {
    this.sessions.delete(sessionId);
    this.synced.delete(sessionId);
    this.grants.delete(sessionId);
  }

  /** Terminates the worker; every call in flight rejects with WorkerTerminatedError. */
  kill(reason: WorkerTerminatedError['reason']): void {
    if (this.dead) return;
    this.#markDead(reason);
    if (this.#connection) this.#connection.terminate(reason);
    else void this.#connecting.then((connection) => connection.terminate(reason), () => {});
  }

  #markDead(reason: WorkerTerminatedError['reason']): void {
    this.dead = true;
    this.#rejectReady(new WorkerTerminatedError(reason));
    this.#onDeath(this, reason);
  }
}
