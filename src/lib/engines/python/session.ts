/**
 * Sessions: each keeps its workspace and, under JSPI, one live interpreter that parks between
 * runs so variables, imports and functions persist.
 */
import type { RunOutcome } from '../protocol';
import type { RunCommand } from './control';
import type { Interpreter } from './interpreter';
import type { Interpreters } from './interpreters';
import { EngineErrors } from './outcome';
import type { JobRun } from './run-job';
import { WASM_PAGE_BYTES } from './wasm-memory';
import { Workspace } from './workspace';

/**
 * Live interpreters kept at once; the least recently used beyond this are dropped (their
 * sessions report stateLost next time). Each one reserves a wasm memory and its stack.
 */
export const MAX_LIVE_INTERPRETERS = 4;

export class Session {
  readonly workspace = new Workspace();
  interpreter: Interpreter | null = null;
  /** The interpreter was dropped outside a run; the next run must say state was lost. */
  lost = false;
  lastUsed = 0;

  dropInterpreter(): void {
    this.interpreter?.dispose();
    this.interpreter = null;
  }
}

export class SessionStore {
  readonly #sessions = new Map<string, Session>();
  #clock = 0;

  get(id: string): Session {
    let session = this.#sessions.get(id);
    if (!session) {
      session = new Session();
      this.#sessions.set(id, session);
    }
    session.lastUsed = ++this.#clock;
    return session;
  }

  drop(id: string): void {
    this.#sessions.get(id)?.dropInterpreter();
    this.#sessions.delete(id);
  }

  /** Drops the interpreters of the least recently used sessions beyond the limit. */
  evict(limit = MAX_LIVE_INTERPRETERS): void {
    const live = [...this.#sessions.values()].filter((s) => s.interpreter).sort((a, b) => b.lastUsed - a.lastUsed);
    for (const session of live.slice(limit)) {
      session.dropInterpreter();
      session.lost = true;
    }
  }

  dispose(): void {
    for (const session of this.#sessions.values()) session.dropInterpreter();
    this.#sessions.clear();
  }
}

/** Runs in the session's live interpreter, starting (or restarting) it when needed. */
export async function runStateful(interpreters: Interpreters, run: JobRun, session: Session, command: RunCommand): Promise<{ outcome: RunOutcome; version: string | null }> {
  const maxPages = interpreters.pagesFor(run.job.memoryBytes);
  let stateLost = session.lost;
  session.lost = false;
  const current = session.interpreter;
  // The memory maximum is fixed when an interpreter starts: another limit means another interpreter.
  if (current && (current.maxPages !== maxPages || !current.alive)) {
    session.dropInterpreter();
    stateLost = true;
  }
  let interpreter = session.interpreter;
  if (!interpreter) {
    try {
      interpreter = await interpreters.acquire(maxPages, session.workspace.root);
    } catch (error) {
      return { outcome: run.refuse(EngineErrors.start, `Could not start the interpreter: ${String(error)}`, { stateLost }), version: null };
    }
    session.interpreter = interpreter;
  }
  const snapshot = session.workspace.snapshot();
  const end = await interpreter.run(command, run.io(), false);
  const alive = interpreter.alive;
  if (!alive) {
    session.dropInterpreter();
    stateLost = true;
  }
  const outcome = run.finish({
    end,
    changes: session.workspace.changesSince(snapshot),
    memoryBytes: interpreter.memoryBytes,
    maxMemoryBytes: maxPages * WASM_PAGE_BYTES,
    stateful: alive,
    stateLost,
  });
  return { outcome, version: interpreter.version };
}
