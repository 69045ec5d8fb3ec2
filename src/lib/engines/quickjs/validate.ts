import type { RunJob } from '../protocol';

function fail(problem: string): never {
  throw new TypeError(`invalid RunJob: ${problem}`);
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

/**
 * Checks a job's shape before anything runs. A malformed job is a bug in the host, so it
 * throws (rejecting `run`) instead of becoming a guest error.
 */
export function validateJob(job: RunJob): void {
  if (!isObject(job)) fail('not an object');
  if (typeof job.id !== 'string' || !job.id) fail('id must be a non-empty string');
  if (typeof job.code !== 'string') fail('code must be a string');
  if (job.sessionId !== undefined && (typeof job.sessionId !== 'string' || !job.sessionId)) fail('sessionId must be a non-empty string');
  if (job.stdin !== undefined && typeof job.stdin !== 'string') fail('stdin must be a string');
  if (!(Number.isFinite(job.timeoutMs) && job.timeoutMs > 0)) fail('timeoutMs must be a positive number');
  if (job.deadlineAt !== undefined && !Number.isFinite(job.deadlineAt)) fail('deadlineAt must be a finite number');
  if (!(Number.isFinite(job.memoryBytes) && job.memoryBytes > 0)) fail('memoryBytes must be a positive number');
  if (!(Number.isFinite(job.outputLimitBytes) && job.outputLimitBytes >= 0)) fail('outputLimitBytes must be a number >= 0');
  if (typeof job.interactive !== 'boolean') fail('interactive must be a boolean');
  const p = job.permissions;
  if (!isObject(p)) fail('permissions must be an object');
  if (typeof p.tier !== 'string') fail('permissions.tier must be a string');
  if (p.fs !== 'none' && p.fs !== 'read' && p.fs !== 'write') fail('permissions.fs must be "none", "read" or "write"');
  if (typeof p.eval !== 'boolean') fail('permissions.eval must be a boolean');
  if (p.modules !== '*' && !(Array.isArray(p.modules) && p.modules.every((m) => typeof m === 'string'))) {
    fail('permissions.modules must be "*" or an array of strings');
  }
  const w = job.workspace;
  if (!isObject(w)) fail('workspace must be an object');
  if (typeof w.replace !== 'boolean') fail('workspace.replace must be a boolean');
  if (!isObject(w.files)) fail('workspace.files must be an object');
  if (!Array.isArray(w.deleted) || !w.deleted.every((d) => typeof d === 'string')) fail('workspace.deleted must be an array of strings');
}
