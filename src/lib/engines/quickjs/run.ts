import type { QuickJSHandle } from 'quickjs-emscripten-core';
import type { GuestError, RunOutcome, RunStatus } from '../protocol';
import { MAIN_FILENAME, engineError, isInterrupted, isOutOfMemory, readGuestError } from './errors';
import { runEventLoop, type LoopEnd } from './event-loop';
import type { StopReason } from './guard';
import { transformTopLevel } from './repl-transform';
import type { RunState } from './run-state';
import type { Session } from './session';

/** A finished run, before the engine adds session bookkeeping. */
export interface RunResult {
  readonly outcome: Omit<RunOutcome, 'stateful' | 'stateLost' | 'metrics'> & { readonly metrics: Omit<RunOutcome['metrics'], 'runMs'> };
  /** Guest work could not be cleared away (e.g. an endless chain of promise jobs): drop the session. */
  readonly poisoned: boolean;
}

// Jobs left after a stopped run are drained with the guard halted: each stops at its first
// interrupt poll, and output is muted. A chain that outlives this many rounds poisons the session.
const DRAIN_ROUNDS = 100;

/** Runs one job in a session: applies the job's workspace, policy and context, evaluates, pumps the event loop. */
export async function executeRun(session: Session, run: RunState): Promise<RunResult> {
  const { job } = run;
  const { context: ctx } = session;

  const syncError = session.workspace.sync(job.workspace);
  if (syncError) return finish(session, run, { kind: 'refused', error: engineError('WorkspaceError', syncError) });
  session.workspace.beginRun();
  session.runtime.setMemoryLimit(job.memoryBytes);

  let contextJson: string | undefined;
  if (job.context !== undefined) {
    try {
      contextJson = JSON.stringify(job.context);
    } catch (error) {
      return finish(session, run, { kind: 'refused', error: engineError('TypeError', `job.context is not JSON-serialisable: ${String(error)}`) });
    }
    if (typeof job.context !== 'object' || job.context === null || Array.isArray(job.context)) {
      return finish(session, run, { kind: 'refused', error: engineError('TypeError', 'job.context must be a JSON object') });
    }
  }
  const prepared = session.prepare(job.permissions.eval, job.permissions.tier, contextJson);
  if (prepared) return finish(session, run, fromThrow(run, prepared));

  const plan = transformTopLevel(job.code);
  const source = plan.kind === 'async' ? plan.code : job.code;
  const tooDeep = session.precompile(source, MAIN_FILENAME);
  if (tooDeep) return finish(session, run, fromThrow(run, tooDeep));
  const evaluated = session.guest(() => ctx.evalCode(source, MAIN_FILENAME, { type: 'global' }));
  if (evaluated.error) return finish(session, run, fromThrow(run, evaluated.error));
  // The rewritten form's completion value is the promise of its async body.
  let main: QuickJSHandle | undefined;
  if (plan.kind === 'async') main = evaluated.value;
  else evaluated.value.dispose();
  let end: LoopEnd;
  try {
    end = await runEventLoop(session, run, main);
  } finally {
    if (main && main.alive && !session.dead) main.dispose();
  }
  return finish(session, run, end);
}

type Ending = LoopEnd | { readonly kind: 'refused'; readonly error: GuestError };

function fromThrow(run: RunState, error: QuickJSHandle): LoopEnd {
  const reason = run.guard.stopReason;
  return reason ? { kind: 'stopped', reason, error } : { kind: 'error', error };
}

const STOPPED: Record<StopReason, RunStatus> = { timeout: 'timeout', cancelled: 'cancelled', memory: 'memory' };

function stopMessage(reason: StopReason, run: RunState): GuestError {
  switch (reason) {
    case 'timeout':
      return engineError('TimeoutError', `execution timed out after ${run.job.timeoutMs} ms`);
    case 'cancelled':
      return engineError('CancelledError', 'the run was cancelled');
    case 'memory':
      return engineError('MemoryError', `out of memory: the run exceeded its limit of ${run.job.memoryBytes} bytes`);
  }
}

function finish(session: Session, run: RunState, end: Ending): RunResult {
  const { guard, output, job } = run;
  let status: RunStatus = 'completed';
  let error: GuestError | undefined;
  let exitCode: number | undefined = 0;

  // Reading a thrown object goes through QuickJS's JSON dump, which recurses into it.
  const thrownHandle = end.kind !== 'refused' && 'error' in end ? end.error : undefined;
  const thrown = thrownHandle ? session.withJsonStack(() => readGuestError(session.context, thrownHandle)) : undefined;
  if (end.kind !== 'refused' && 'error' in end && end.error) end.error.dispose();

  if (end.kind === 'refused') {
    status = 'error';
    error = end.error;
    exitCode = 1;
  } else if (end.kind === 'stopped' || (thrown && isInterrupted(thrown) && guard.stopReason)) {
    const reason = end.kind === 'stopped' ? end.reason : (guard.stopReason as StopReason);
    status = STOPPED[reason];
    // Where the guest was when it was stopped, if it was running.
    error = { ...stopMessage(reason, run), ...(thrown?.line !== undefined ? { line: thrown.line } : {}) };
    exitCode = undefined;
  } else if (thrown) {
    status = isOutOfMemory(thrown) ? 'memory' : 'error';
    const { isError: _isError, ...guestError } = thrown;
    error = guestError;
    exitCode = 1;
    output.write('stderr', `Uncaught ${thrown.stack ?? `${thrown.name}: ${thrown.message}`}\n`);
  } else if (end.kind === 'idle' && end.unsettled) {
    status = 'error';
    error = engineError('Error', 'top-level await never settled: nothing is left that could settle it (no timers, no pending input)');
    exitCode = 13;
    output.write('stderr', `Warning: Detected unsettled top-level await in ${MAIN_FILENAME}\n`);
  }

  // Nothing of this run may run later: timers go, queued jobs are drained silently.
  guard.halt();
  session.timers.clearAll();
  let poisoned = false;
  if (!session.dead) {
    for (let round = 0; round < DRAIN_ROUNDS && session.runtime.hasPendingJob(); round++) {
      session.guest(() => session.runtime.executePendingJobs(1000)).dispose();
    }
    poisoned = session.runtime.hasPendingJob();
  }
  run.release();

  let memoryBytes = guard.peakBytes;
  if (!session.dead) {
    try {
      memoryBytes = Math.max(memoryBytes, session.memoryUsed());
    } catch {
      // Measuring allocates; a session at its limit may refuse.
    }
  }
  // QuickJS polls its interrupt handler only every ~10k bytecodes, so a short run can pass its
  // budget unseen; it is still reported, though the session keeps what it holds.
  if (status === 'completed' && memoryBytes > job.memoryBytes) {
    status = 'memory';
    error = engineError('MemoryError', `out of memory: the run ended holding ${memoryBytes} bytes, more than its limit of ${job.memoryBytes}`);
    exitCode = undefined;
  }
  const collected = output.finish();
  return {
    outcome: {
      status,
      stdout: collected.stdout,
      stderr: collected.stderr,
      truncated: collected.truncated,
      ...(error ? { error } : {}),
      ...(exitCode !== undefined ? { exitCode } : {}),
      changes: session.workspace.changes(),
      metrics: { outputBytes: collected.outputBytes, memoryBytes, fuel: guard.fuel },
    },
    poisoned,
  };
}
