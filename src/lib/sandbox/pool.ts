import { deadlineAt } from '../engines/deadline';
import { utf8Length } from '../engines/output';
import type { EngineId, EngineInfo, FileMap, GuestError, HostHooks, OutputStream, RunJob, RunOutcome } from '../engines/protocol';
import { ENGINES } from './engine-catalog';
import { WorkerTerminatedError } from './errors';
import { RunQueue } from './queue';
import { Slot, type Connect } from './slot';
import type { EngineResult, ExecuteHandlers, ExecutionStatus, PoolStats } from './types';
import type { ValidRequest } from './validate';
import { Workspaces } from './workspaces';

/** How long past its deadline a self-interrupting engine gets before its worker is killed. */
const SELF_INTERRUPT_GRACE_MS = 500;
/** The same for engines that cannot stop themselves (busy Python): they only get to answer. */
const KILL_GRACE_MS = 100;
/** How long a cancelled run gets to stop by itself before its worker is killed. */
const CANCEL_GRACE_MS = 250;
/** Live workers per engine beyond which the least recently used idle one is retired. */
const MAX_WORKERS: Readonly<Record<EngineId, number>> = { quickjs: 2, 'quickjs-ng': 2, cpython: 4 };

export interface PoolOptions {
  readonly connect: Connect;
  readonly concurrency: number;
}

interface Execution {
  readonly id: string;
  readonly request: ValidRequest;
  readonly handlers: ExecuteHandlers;
  readonly priority: number;
  readonly sessionKey?: string;
  readonly submittedAt: number;
  readonly resolve: (result: EngineResult) => void;
  state: 'queued' | 'running' | 'done';
  slot?: Slot;
  /** Output streamed so far: all the host has if the worker is killed. Bounded by the output cap. */
  readonly streamed: Record<OutputStream, string>;
  cancelTimer?: ReturnType<typeof setTimeout>;
  /** Stops listening to the caller's AbortSignal. */
  detach?: () => void;
}

/**
 * Runs validated requests on engine workers: a priority queue under a concurrency cap, session
 * affinity, workspace sync, a watchdog per run, and a replacement for any worker that dies.
 */
export class Pool {
  readonly #connect: Connect;
  readonly #concurrency: number;
  readonly #queue = new RunQueue<Execution>();
  readonly #executions = new Map<string, Execution>();
  readonly #slots = new Set<Slot>();
  readonly #info = new Map<EngineId, EngineInfo>();
  /** `engine\0session` pairs whose runtime state died with a worker; their next result says so. */
  readonly #lostSessions = new Set<string>();
  readonly workspaces = new Workspaces();
  #running = 0;
  #disposed = false;

  constructor(options: PoolOptions) {
    this.#connect = options.connect;
    this.#concurrency = Math.max(1, options.concurrency);
  }

  run(id: string, request: ValidRequest, handlers: ExecuteHandlers): Promise<EngineResult> {
    return new Promise((resolve) => {
      const execution: Execution = {
        id, request, handlers, resolve,
        priority: request.priority,
        sessionKey: request.sessionId,
        submittedAt: performance.now(),
        state: 'queued',
        streamed: { stdout: '', stderr: '' },
      };
      if (this.#disposed) return resolve(this.#endedEarly(execution, 'cancelled', 'the sandbox was disposed'));
      this.#executions.set(id, execution);
      this.#queue.push(execution);
      this.#safely(() => handlers.onQueued?.(id, this.#queue.position(execution)));
      const { signal } = handlers;
      if (signal) {
        const onAbort = () => this.cancel(id);
        if (signal.aborted) onAbort();
        else {
          signal.addEventListener('abort', onAbort, { once: true });
          execution.detach = () => signal.removeEventListener('abort', onAbort);
        }
      }
      this.#pump();
    });
  }

  cancel(id: string): boolean {
    const execution = this.#executions.get(id);
    if (!execution || execution.state === 'done') return false;
    if (execution.state === 'queued') {
      this.#queue.remove(execution);
      this.#finish(execution, this.#endedEarly(execution, 'cancelled', 'cancelled before it started'));
      this.#pump();
      return true;
    }
    const slot = execution.slot;
    if (slot && !execution.cancelTimer) {
      slot.ready.then((): unknown => slot.connection.api.cancel(id)).catch(() => {});
      execution.cancelTimer = setTimeout(() => slot.kill('cancelled'), CANCEL_GRACE_MS);
    }
    return true;
  }

  /** Starts an idle worker for the engine if it has none, so the first run does not wait for it. */
  prewarm(engine: EngineId): Promise<EngineInfo> {
    const existing = [...this.#slots].find((slot) => slot.engine === engine && !slot.dead);
    return (existing ?? this.#spawn(engine)).ready;
  }

  /** What a started worker reported about its engine, if one has started. */
  knownInfo(engine: EngineId): EngineInfo | undefined {
    return this.#info.get(engine);
  }

  async resetSession(sessionId: string): Promise<void> {
    const calls: Promise<unknown>[] = [];
    for (const slot of this.#slots) {
      if (!slot.sessions.has(sessionId)) continue;
      slot.forget(sessionId);
      calls.push(Promise.race([slot.connection.api.dropSession(sessionId), slot.connection.died]).catch(() => {}));
    }
    for (const key of [...this.#lostSessions]) if (key.endsWith(`\0${sessionId}`)) this.#lostSessions.delete(key);
    await Promise.all(calls);
  }

  stats(): PoolStats {
    return { queued: this.#queue.size, running: this.#running, workers: this.#slots.size, concurrency: this.#concurrency };
  }

  dispose(): void {
    this.#disposed = true;
    for (const execution of this.#queue.drain()) {
      this.#finish(execution, this.#endedEarly(execution, 'cancelled', 'the sandbox was disposed'));
    }
    for (const slot of [...this.#slots]) slot.kill('disposed');
  }

  #pump(): void {
    while (!this.#disposed && this.#running < this.#concurrency) {
      let chosen: Slot | 'spawn' | undefined;
      const execution = this.#queue.take((candidate) => (chosen = this.#slotFor(candidate)) !== undefined);
      if (!execution || !chosen) return;
      const slot: Slot = chosen === 'spawn' ? this.#spawn(execution.request.engine) : chosen;
      slot.busy = true;
      this.#running++;
      void this.#start(execution, slot).finally(() => {
        slot.busy = false;
        slot.lastUsed = performance.now();
        this.#running--;
        this.#pump();
      });
    }
  }

  /** The worker that can take this run now, `'spawn'` when a new one should, or undefined to wait. */
  #slotFor(execution: Execution): Slot | 'spawn' | undefined {
    const { engine, sessionId } = execution.request;
    const slots = [...this.#slots].filter((slot) => slot.engine === engine && !slot.dead);
    if (sessionId !== undefined) {
      const home = slots.find((slot) => slot.sessions.has(sessionId));
      if (home) return home.busy ? undefined : home;
    }
    const idle = slots.filter((slot) => !slot.busy && (sessionId === undefined || slot.hasRoom));
    // Stateless runs prefer workers holding no sessions: a kill there loses nobody's state.
    idle.sort((a, b) => a.sessions.size - b.sessions.size);
    if (idle[0] && (sessionId !== undefined || idle[0].sessions.size === 0)) return idle[0];
    if (slots.length < MAX_WORKERS[engine]) return 'spawn';
    if (idle[0]) return idle[0];
    // At the cap: retire the least recently used idle worker, whose sessions lose their state.
    const retiree = slots.filter((slot) => !slot.busy).sort((a, b) => a.lastUsed - b.lastUsed)[0];
    if (!retiree) return undefined;
    retiree.kill('evicted');
    return 'spawn';
  }

  #spawn(engine: EngineId): Slot {
    const hooks: HostHooks = {
      output: (id, chunks) => {
        const execution = this.#executions.get(id);
        if (!execution || execution.state !== 'running') return;
        for (const { stream, text } of chunks) {
          execution.streamed[stream] += text;
          this.#safely(() => execution.handlers.onOutput?.(stream, text));
        }
      },
      input: async (id, prompt) => {
        const execution = this.#executions.get(id);
        const onInput = execution?.handlers.onInput;
        if (!onInput || execution.state !== 'running') return null;
        try {
          const line = await onInput(prompt);
          return typeof line === 'string' ? line : null;
        } catch {
          return null;
        }
      },
      progress: () => {},
    };
    const slot = new Slot(engine, this.#connect, hooks, (dead, reason) => this.#onSlotDeath(dead, reason));
    this.#slots.add(slot);
    slot.ready.then((info) => this.#info.set(engine, info)).catch(() => {});
    return slot;
  }

  #onSlotDeath(slot: Slot, reason: WorkerTerminatedError['reason']): void {
    this.#slots.delete(slot);
    const running = [...this.#executions.values()].find((e) => e.slot === slot && e.state === 'running');
    for (const sessionId of slot.sessions) {
      if (sessionId !== running?.request.sessionId) this.#lostSessions.add(`${slot.engine}\0${sessionId}`);
    }
    if (reason !== 'disposed') queueMicrotask(() => this.#pump());
  }

  async #start(execution: Execution, slot: Slot): Promise<void> {
    execution.state = 'running';
    execution.slot = slot;
    const { request, handlers } = execution;
    const onProgress = handlers.onProgress;
    const progress = onProgress ? (p: Parameters<typeof onProgress>[1]) => this.#safely(() => onProgress(request.engine, p)) : undefined;
    if (progress) {
      slot.progressListeners.add(progress);
      if (slot.lastProgress) progress(slot.lastProgress);
    }
    let info: EngineInfo;
    try {
      info = await slot.ready;
    } catch (error) {
      if (error instanceof WorkerTerminatedError && (error.reason === 'cancelled' || error.reason === 'disposed')) {
        this.#finish(execution, this.#endedEarly(execution, 'cancelled', 'cancelled while the engine was starting'));
        return;
      }
      const message = error instanceof Error ? error.message : String(error);
      this.#finish(execution, this.#endedEarly(execution, 'error', `engine ${request.engine} is unavailable: ${message}`, 'EngineUnavailableError'));
      return;
    } finally {
      if (progress) slot.progressListeners.delete(progress);
    }
    if (execution.state !== 'running') return; // cancelled while the worker was starting

    const startedAt = performance.now();
    this.#safely(() => handlers.onStart?.(execution.id));
    const { sessionId } = request;
    let files: Map<string, Uint8Array>;
    if (sessionId === undefined) files = new Map(Object.entries(request.files));
    else {
      this.workspaces.write(sessionId, request.files);
      files = this.workspaces.files(sessionId);
    }
    const fileMap: FileMap = Object.fromEntries(files);
    const permissions = request.permissions;
    // The permissions as the slot remembers them: compared before the run, stored after it.
    const grant = JSON.stringify(permissions);
    const regranted = sessionId !== undefined && (await this.#dropIfRegranted(slot, sessionId, grant));
    const job: RunJob = {
      id: execution.id,
      code: request.code,
      sessionId,
      context: request.context,
      stdin: request.stdin,
      timeoutMs: request.timeoutMs,
      deadlineAt: deadlineAt(request.timeoutMs),
      memoryBytes: request.memoryBytes,
      outputLimitBytes: request.outputLimitBytes,
      permissions,
      workspace: slot.syncFor(sessionId, fileMap),
      interactive: handlers.onInput !== undefined,
    };
    const grace = ENGINES[request.engine].selfInterrupting ? SELF_INTERRUPT_GRACE_MS : KILL_GRACE_MS;
    const watchdog = setTimeout(() => slot.kill('timeout'), request.timeoutMs + grace);
    const lostBefore = sessionId !== undefined && this.#lostSessions.delete(`${request.engine}\0${sessionId}`);

    let outcome: RunOutcome;
    try {
      outcome = await Promise.race([slot.connection.run(job), slot.connection.died]);
    } catch (error) {
      const durationMs = performance.now() - startedAt;
      if (sessionId !== undefined) slot.forget(sessionId);
      this.#finish(execution, this.#fromFailure(execution, error, info, durationMs, startedAt, lostBefore));
      return;
    } finally {
      clearTimeout(watchdog);
    }

    if (sessionId !== undefined) {
      this.workspaces.apply(sessionId, outcome.changes);
      slot.remember(sessionId, this.workspaces.files(sessionId));
      slot.grants.set(sessionId, grant);
    }
    const changedFiles = Object.keys(outcome.changes.files).length ? outcome.changes.files : undefined;
    this.#finish(execution, {
      id: execution.id,
      status: outcome.status,
      output: outcome.stdout,
      stderr: outcome.stderr,
      engine: request.engine,
      language: request.language,
      policy: request.policyName,
      durationMs: performance.now() - startedAt,
      error: outcome.error,
      exitCode: outcome.exitCode,
      truncated: outcome.truncated,
      stateful: outcome.stateful,
      stateLost: outcome.stateLost || ((lostBefore || regranted) && info.stateful) || undefined,
      sessionId,
      files: changedFiles,
      deletedFiles: outcome.changes.deleted.length ? [...outcome.changes.deleted] : undefined,
      metrics: {
        queueMs: startedAt - execution.submittedAt,
        outputBytes: outcome.metrics.outputBytes,
        memoryBytes: outcome.metrics.memoryBytes,
        fuel: outcome.metrics.fuel,
      },
    });
  }

  /**
   * Drops a session's runtime state when it was built under other permissions: objects kept from
   * a looser tier (a stashed Function constructor, say) must not outlive a switch to a stricter one.
   */
  async #dropIfRegranted(slot: Slot, sessionId: string, grant: string): Promise<boolean> {
    const granted = slot.grants.get(sessionId);
    if (granted === undefined || granted === grant) return false;
    slot.grants.delete(sessionId);
    slot.synced.delete(sessionId); // the engine may drop its copy of the files too: send them all again
    await Promise.race([slot.connection.api.dropSession(sessionId), slot.connection.died]).catch(() => {});
    return true;
  }

  /** The result of a run whose worker died under it: what was streamed is all the output there is. */
  #fromFailure(execution: Execution, error: unknown, info: EngineInfo, durationMs: number, startedAt: number, lostBefore: boolean): EngineResult {
    const { request } = execution;
    let status: ExecutionStatus = 'error';
    let guestError: GuestError;
    if (error instanceof WorkerTerminatedError) {
      if (error.reason === 'timeout') {
        status = 'timeout';
        guestError = { name: 'TimeoutError', message: `stopped after ${request.timeoutMs} ms (the ${request.policyName} policy's limit is enforced by terminating the worker)` };
      } else if (error.reason === 'cancelled' || error.reason === 'disposed') {
        status = 'cancelled';
        guestError = { name: 'CancelledError', message: error.reason === 'disposed' ? 'the sandbox was disposed' : 'cancelled while running' };
      } else guestError = { name: 'WorkerCrashedError', message: error.message };
    } else {
      guestError = { name: error instanceof Error ? error.name : 'Error', message: error instanceof Error ? error.message : String(error) };
    }
    const { stdout, stderr } = execution.streamed;
    return {
      id: execution.id,
      status,
      output: stdout,
      stderr,
      engine: request.engine,
      language: request.language,
      policy: request.policyName,
      durationMs,
      error: guestError,
      truncated: false,
      stateful: info.stateful,
      stateLost: request.sessionId !== undefined && (info.stateful || lostBefore) ? true : undefined,
      sessionId: request.sessionId,
      metrics: { queueMs: startedAt - execution.submittedAt, outputBytes: utf8Length(stdout) + utf8Length(stderr), memoryBytes: 0 },
    };
  }

  /** A result for a run that never reached an engine. */
  #endedEarly(execution: Execution, status: ExecutionStatus, message: string, name = 'CancelledError'): EngineResult {
    const { request } = execution;
    return {
      id: execution.id,
      status,
      output: '',
      stderr: '',
      engine: request.engine,
      language: request.language,
      policy: request.policyName,
      durationMs: 0,
      error: { name, message },
      truncated: false,
      stateful: this.#info.get(request.engine)?.stateful ?? false,
      sessionId: request.sessionId,
      metrics: { queueMs: performance.now() - execution.submittedAt, outputBytes: 0, memoryBytes: 0 },
    };
  }

  #finish(execution: Execution, result: EngineResult): void {
    if (execution.state === 'done') return;
    execution.state = 'done';
    clearTimeout(execution.cancelTimer);
    execution.detach?.();
    this.#executions.delete(execution.id);
    // A cancel that raced the run's own completion still reports what the caller asked for.
    execution.resolve(result);
  }

  /** Caller-supplied handlers must not break the pool. */
  #safely(call: () => void): void {
    try {
      call();
    } catch (error) {
      console.error('sandcell: a handler threw', error);
    }
  }
}
