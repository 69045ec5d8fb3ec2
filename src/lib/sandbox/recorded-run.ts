import type { DangerAnalysis } from '../policy';
import type { Store } from '../store';
import { blockedResult } from './blocked';
import type { Pool } from './pool';
import type { ExecuteHandlers, ExecuteRequest, ExecutionResult } from './types';
import type { ValidRequest } from './validate';

/** How long a run goes before its `started` record is written on its own (see ExecutionLog.markStarted). */
const STARTED_DEFER_MS = 25;

export interface Verdict {
  readonly allowed: boolean;
  readonly violations: readonly string[];
}

/**
 * Runs a request with a store: `requested` and `policy` are written before anything starts (so a
 * tab that dies mid-run leaves an interrupted execution), the session's files come from storage,
 * and the result, `finished` and the changed files are written in one transaction afterwards.
 * A store that cannot record the run refuses it: nothing runs unaudited.
 */
export class RecordedRuns {
  /** Per session: the storage revision whose files the pool already holds. */
  readonly #revisions = new Map<string, number>();
  readonly #unsubscribe: () => void;

  constructor(
    private readonly store: Store,
    private readonly pool: Pool,
  ) {
    this.#unsubscribe = store.onChange(({ change, origin }) => {
      if (change.kind === 'session' && (change.action === 'reset' || change.action === 'deleted')) {
        this.#revisions.delete(change.sessionId);
        void pool.resetSession(change.sessionId);
        if (change.action === 'deleted') pool.workspaces.delete(change.sessionId);
      } else if (change.kind === 'files' && (origin === 'remote' || this.#revisions.get(change.sessionId) !== change.revision)) {
        // Files changed elsewhere (another tab, the files API): reload them before the session's next run.
        this.#revisions.delete(change.sessionId);
      }
    });
  }

  dispose(): void {
    this.#unsubscribe();
  }

  async run(
    id: string,
    request: ExecuteRequest,
    valid: ValidRequest,
    dangerAnalysis: DangerAnalysis,
    verdict: Verdict,
    handlers: ExecuteHandlers,
  ): Promise<ExecutionResult> {
    const { sessionId } = valid;
    const begun = await this.store.beginExecution({
      request:
        typeof valid.policy === 'string'
          ? { ...request, policy: valid.policy }
          : { ...request, policy: valid.policy.base, customPolicy: valid.policy },
      verdict: { decision: verdict.allowed ? 'allow' : 'block', reasons: verdict.violations, analysis: dangerAnalysis },
      id,
      cache: request.cache === true && handlers.onInput === undefined,
      knownRevision: sessionId === undefined ? undefined : this.#revisions.get(sessionId),
      signal: handlers.signal,
    });
    if (!begun.ok) throw begun.error;
    const started = begun.value;
    if (started.kind === 'cached') return { ...started.result, dangerAnalysis };
    if (started.kind === 'blocked') {
      const result = blockedResult(id, valid, dangerAnalysis, [...verdict.violations]);
      await this.store.finishExecution(id, result);
      return result;
    }

    let result: ExecutionResult | undefined;
    try {
      if (sessionId !== undefined && started.workspace?.files) this.pool.workspaces.replace(sessionId, started.workspace.files);
      const onStart = (startedId: string) => {
        // Not awaited, and deferred: a run that ends sooner has `started` written with its result,
        // in one transaction, and no store work competes with it while it runs.
        void this.store.markStarted(startedId, { deferMs: STARTED_DEFER_MS }).then((saved) => {
          if (!saved.ok) reportWriteFailure(startedId, 'its start', saved.error);
        });
        handlers.onStart?.(startedId);
      };
      result = { ...(await this.pool.run(id, valid, { ...handlers, onStart })), dangerAnalysis };
      return result;
    } finally {
      const saved = await this.store.finishExecution(id, result ?? lostResult(id, valid, dangerAnalysis));
      if (!saved.ok) reportWriteFailure(id, 'its result', saved.error);
      if (sessionId !== undefined) {
        if (!saved.ok || saved.value.filesError || saved.value.revision === undefined) this.#revisions.delete(sessionId);
        else this.#revisions.set(sessionId, saved.value.revision);
      }
    }
  }
}

/** What is recorded when the run threw instead of returning (a bug): the audit trail still closes. */
function lostResult(id: string, valid: ValidRequest, dangerAnalysis: DangerAnalysis): ExecutionResult {
  return {
    ...blockedResult(id, valid, dangerAnalysis, []),
    status: 'error',
    error: { name: 'InternalError', message: 'the run failed inside Sandcell before it produced a result' },
    violations: undefined,
  };
}

/** A record the store could not write: the run's result still goes back, and the console says what is missing from the history. */
function reportWriteFailure(id: string, what: string, error: Error): void {
  console.warn(`sandcell: the store could not record ${what} for ${id}: ${error.message}`);
}
