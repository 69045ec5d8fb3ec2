import type { QuickJSHandle } from 'quickjs-emscripten-core';
import type { StopReason } from './guard';
import type { RunState } from './run-state';
import type { Session } from './session';
import type { Timer } from './timers';

/** How the loop ended. Error handles are owned by the caller. */
export type LoopEnd =
  | { readonly kind: 'idle'; readonly unsettled: boolean }
  | { readonly kind: 'error'; readonly error: QuickJSHandle }
  | { readonly kind: 'stopped'; readonly reason: StopReason; readonly error?: QuickJSHandle };

/** The session's wasm module crashed while this run was waiting. */
export class SessionLost extends Error {
  override name = 'SessionLost';
}

// Hand control back to the host at least this often, so cancel messages and output flushes
// get through even while timers keep firing back to back.
const YIELD_EVERY_MS = 20;
// Timers due within this are fired now: Node's shortest delay is 1 ms anyway, and waiting
// would cost a host timer that browsers clamp to 4 ms once nested.
const TIMER_SLACK_MS = 1;

/**
 * Runs what the evaluation left behind, Node-style: microtasks, then each due timer followed
 * by microtasks again, waiting on real host timers in between, until nothing is left that
 * could run, the top-level promise (`main`) rejects, something throws uncaught, or the guard
 * stops the run.
 */
export async function runEventLoop(session: Session, run: RunState, main: QuickJSHandle | undefined): Promise<LoopEnd> {
  const { runtime, context: ctx, timers } = session;
  const guard = run.guard;
  let mainSettled = main === undefined;
  let lastYield = performance.now();
  for (;;) {
    if (session.dead) throw new SessionLost('the JavaScript engine was restarted');
    if (guard.stopReason) return { kind: 'stopped', reason: guard.stopReason };

    const jobs = session.guest(() => runtime.executePendingJobs());
    if (jobs.error) {
      if (guard.stopReason) return { kind: 'stopped', reason: guard.stopReason, error: jobs.error };
      return { kind: 'error', error: jobs.error };
    }
    guard.checkpoint();
    if (guard.stopReason) return { kind: 'stopped', reason: guard.stopReason };
    if (run.fatal) {
      const error = run.fatal;
      run.fatal = undefined;
      return { kind: 'error', error };
    }
    if (!mainSettled && main) {
      const state = ctx.getPromiseState(main);
      if (state.type === 'rejected') return { kind: 'error', error: state.error };
      if (state.type === 'fulfilled') {
        if (!state.notAPromise) state.value.dispose();
        mainSettled = true;
      }
    }

    const now = performance.now();
    if (now >= guard.deadline) {
      guard.stop('timeout');
      continue;
    }
    const next = timers.peek();
    if (next && next.due <= now + TIMER_SLACK_MS) {
      const failed = fire(session, next);
      if (failed) return guard.stopReason ? { kind: 'stopped', reason: guard.stopReason, error: failed } : { kind: 'error', error: failed };
      if (performance.now() - lastYield >= YIELD_EVERY_MS) {
        await run.sleep(0);
        lastYield = performance.now();
      }
      continue;
    }
    if (runtime.hasPendingJob()) continue;
    if (!timers.hasRef && run.pending === 0) return { kind: 'idle', unsettled: !mainSettled };

    // Unref'd timers still fire while something else keeps the loop alive, as in Node.
    await run.sleep(Math.min(next ? next.due : Number.POSITIVE_INFINITY, guard.deadline) - performance.now());
    lastYield = performance.now();
  }
}

/** Calls a due timer's callback; returns the error it threw, if any (owned). */
function fire(session: Session, timer: Timer): QuickJSHandle | undefined {
  const { context: ctx, timers } = session;
  timers.take(timer);
  const result = session.guest(() => ctx.callFunction(timer.callback, ctx.undefined));
  timers.finish(timer, performance.now());
  if (result.error) return result.error;
  result.value.dispose();
  return undefined;
}
