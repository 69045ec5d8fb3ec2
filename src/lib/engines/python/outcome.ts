/** Turns how a run ended into the RunOutcome the host sees. */
import type { GuestError, RunOutcome, RunStatus, WorkspaceChanges } from '../protocol';
import type { CollectedOutput } from '../output';
import type { DriverError } from './control';
import type { RunEnd } from './interpreter';

/** Names of the errors the engine itself reports (guest exceptions keep their own names). */
export const EngineErrors = {
  timeout: 'TimeoutError',
  cancelled: 'CancelledError',
  protocol: 'ProtocolError',
  crash: 'InterpreterCrash',
  exit: 'InterpreterExit',
  memory: 'MemoryError',
  workspace: 'WorkspaceError',
  context: 'ContextError',
  start: 'InterpreterStartError',
  unavailable: 'EngineUnavailable',
} as const;

export type AbortReason = 'timeout' | 'cancelled';

export interface OutcomeFacts {
  readonly end: RunEnd;
  readonly aborted: AbortReason | null;
  readonly timeoutMs: number;
  readonly output: CollectedOutput;
  readonly changes: WorkspaceChanges;
  readonly memoryBytes: number;
  readonly maxMemoryBytes: number;
  readonly runMs: number;
  readonly stateful: boolean;
  readonly stateLost: boolean;
}

/** Within this much of its maximum, a dead interpreter is taken to have run out of memory. */
const NEAR_MAX_BYTES = 2 * 1024 * 1024;

function guestError(error: DriverError): GuestError {
  return {
    name: error.name,
    message: error.message,
    ...(error.traceback ? { stack: error.traceback } : {}),
    ...(error.line !== null ? { line: error.line } : {}),
  };
}

function mb(bytes: number): string {
  return `${Math.round(bytes / (1024 * 1024))} MB`;
}

function classify(facts: OutcomeFacts): { status: RunStatus; error?: GuestError; exitCode?: number } {
  const { end, aborted } = facts;
  if (aborted === 'timeout') {
    return { status: 'timeout', error: { name: EngineErrors.timeout, message: `The run did not finish within ${facts.timeoutMs} ms` } };
  }
  if (aborted === 'cancelled') return { status: 'cancelled', error: { name: EngineErrors.cancelled, message: 'The run was cancelled' } };
  if (end.kind === 'done') {
    const { exitCode, error } = end.reply;
    if (error?.memory) return { status: 'memory', error: guestError(error) };
    if (exitCode !== null) {
      return exitCode === 0 ? { status: 'completed', exitCode } : { status: 'error', exitCode, ...(error ? { error: guestError(error) } : {}) };
    }
    return error ? { status: 'error', error: guestError(error) } : { status: 'completed' };
  }
  const lost = facts.stateLost ? '; its state was lost' : '';
  const outOfMemory =
    facts.memoryBytes >= facts.maxMemoryBytes - NEAR_MAX_BYTES || /MemoryError|out of memory/i.test(facts.output.stderr.slice(-4096));
  if (end.cause === 'protocol') {
    return { status: 'error', error: { name: EngineErrors.protocol, message: `The Python driver's control channel was corrupted (${end.detail}); the interpreter was restarted` } };
  }
  if (outOfMemory && end.cause === 'crash') {
    return { status: 'memory', error: { name: EngineErrors.memory, message: `The interpreter ran out of memory (limit ${mb(facts.maxMemoryBytes)})${lost}` } };
  }
  if (end.cause === 'exit') {
    const code = end.exitCode ?? 1;
    if (code === 0) return { status: 'completed', exitCode: 0 };
    return { status: 'error', exitCode: code, error: { name: EngineErrors.exit, message: `The interpreter exited with code ${code}${lost}` } };
  }
  return { status: 'error', error: { name: EngineErrors.crash, message: `The Python interpreter crashed (${end.detail})${lost}` } };
}

export function buildOutcome(facts: OutcomeFacts): RunOutcome {
  const { status, error, exitCode } = classify(facts);
  return {
    status,
    stdout: facts.output.stdout,
    stderr: facts.output.stderr,
    truncated: facts.output.truncated,
    ...(error ? { error } : {}),
    ...(exitCode !== undefined ? { exitCode } : {}),
    changes: facts.changes,
    metrics: { outputBytes: facts.output.outputBytes, memoryBytes: facts.memoryBytes, runMs: facts.runMs },
    stateful: facts.stateful,
    ...(facts.stateLost ? { stateLost: true } : {}),
  };
}

/** An outcome for a run refused before any guest code ran. */
export function refusedOutcome(name: string, message: string, output: CollectedOutput, runMs: number, stateful = false): RunOutcome {
  return {
    status: 'error',
    stdout: output.stdout,
    stderr: output.stderr,
    truncated: output.truncated,
    error: { name, message },
    changes: { files: {}, deleted: [] },
    metrics: { outputBytes: output.outputBytes, memoryBytes: 0, runMs },
    stateful,
  };
}
