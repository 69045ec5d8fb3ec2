import type { RunJob } from './protocol';

/**
 * A run's deadline on this thread's clock: its time limit from now or, when the host says when
 * its watchdog runs out (`deadlineAt`), no later than that. A job that waited inside the worker
 * (behind another run, or behind a spare interpreter starting) then still stops itself before
 * the host kills the worker, which would lose the session's state.
 */
export function runDeadline(job: Pick<RunJob, 'timeoutMs' | 'deadlineAt'>): number {
  const local = performance.now() + job.timeoutMs;
  return job.deadlineAt === undefined ? local : Math.min(local, job.deadlineAt - performance.timeOrigin);
}

/** The `deadlineAt` for a job whose time limit starts now: comparable across the page and its workers. */
export function deadlineAt(timeoutMs: number): number {
  return performance.timeOrigin + performance.now() + timeoutMs;
}
