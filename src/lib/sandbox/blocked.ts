import type { DangerAnalysis } from '../policy';
import type { ExecutionResult } from './types';
import type { ValidRequest } from './validate';

/** The result of a run the policy refused: nothing started, so nothing ran and nothing changed. */
export function blockedResult(id: string, request: ValidRequest, analysis: DangerAnalysis, violations: string[]): ExecutionResult {
  return {
    id,
    status: 'blocked',
    output: '',
    stderr: '',
    engine: request.engine,
    language: request.language,
    policy: request.policyName,
    durationMs: 0,
    error: { name: 'PolicyViolation', message: violations.join(' ') },
    truncated: false,
    stateful: false,
    sessionId: request.sessionId,
    metrics: { queueMs: 0, outputBytes: 0, memoryBytes: 0 },
    dangerAnalysis: analysis,
    violations,
  };
}
