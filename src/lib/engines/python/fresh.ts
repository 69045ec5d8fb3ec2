/**
 * Fresh mode: a new interpreter for one run, which exits when the run is done (no JSPI, or
 * no session). Only the workspace outlives it.
 */
import type { RunOutcome } from '../protocol';
import type { RunCommand } from './control';
import type { Interpreter } from './interpreter';
import type { Interpreters } from './interpreters';
import { EngineErrors } from './outcome';
import type { JobRun } from './run-job';
import { WASM_PAGE_BYTES } from './wasm-memory';
import type { Workspace } from './workspace';

export interface FreshResult {
  readonly outcome: RunOutcome;
  /** What the driver reported as its version, when it got that far. */
  readonly version: string | null;
}

export async function runFresh(interpreters: Interpreters, run: JobRun, workspace: Workspace, command: RunCommand): Promise<FreshResult> {
  const maxPages = interpreters.pagesFor(run.job.memoryBytes);
  let interpreter: Interpreter;
  try {
    // Under JSPI a parked spare may serve, with /app hidden for runs without a filesystem;
    // a new interpreter just leaves /app out.
    const mount = command.fs === 'none' && !interpreters.jspi ? null : workspace.root;
    interpreter = await interpreters.acquire(maxPages, mount);
  } catch (error) {
    return { outcome: run.refuse(EngineErrors.start, `Could not start the interpreter: ${String(error)}`), version: null };
  }
  const snapshot = workspace.snapshot();
  try {
    const end = await interpreter.run(command, run.io(), true);
    const outcome = run.finish({
      end,
      changes: workspace.changesSince(snapshot),
      memoryBytes: interpreter.memoryBytes,
      maxMemoryBytes: maxPages * WASM_PAGE_BYTES,
      stateful: false,
      stateLost: false,
    });
    return { outcome, version: interpreter.version };
  } finally {
    interpreter.dispose();
  }
}
