import type { ExecutionResult } from '../sandbox/types';
import type { ExecuteRequest } from './schema';
import type { JsonObject } from './json';
import type { FileSummary, RiskSummary, StoredRequest, StoredResult } from './schema';

/**
 * The least the store needs of a policy analysis (lib/policy's DangerAnalysis has these and
 * more). The whole object is kept as JSON; these fields feed the summaries and stats.
 */
export interface AnalysisLike {
  readonly score: number;
  readonly level: string;
  readonly findings: ReadonlyArray<{ readonly category: string; readonly severity: string; readonly rule: string }>;
}

/** What the policy decided before the run. */
export interface PolicyVerdict {
  decision: 'allow' | 'block';
  /** Why it was blocked (violations), for the audit record. */
  reasons?: readonly string[];
  analysis?: AnalysisLike;
}


/** What is kept of output when storage is full and the result must shrink to be recorded at all. */
const TRIMMED_OUTPUT = 4096;
const encoder = new TextEncoder();

export function riskOf(analysis: AnalysisLike | undefined): RiskSummary | undefined {
  if (!analysis || typeof analysis !== 'object') return undefined;
  const findings = Array.isArray(analysis.findings) ? analysis.findings : [];
  return {
    score: typeof analysis.score === 'number' ? analysis.score : 0,
    level: typeof analysis.level === 'string' ? analysis.level : 'unknown',
    findings: findings.map((f) => ({ category: String(f?.category ?? 'unknown'), severity: String(f?.severity ?? 'unknown'), rule: String(f?.rule ?? 'unknown') })),
  };
}

export function summarizeFiles(files: Record<string, Uint8Array | string> | undefined): FileSummary[] | undefined {
  if (!files) return undefined;
  return Object.entries(files).map(([path, content]) => ({ path, size: typeof content === 'string' ? encoder.encode(content).byteLength : content.byteLength }));
}

export function storedRequest(request: ExecuteRequest): StoredRequest {
  const { files, ...rest } = request;
  const stored: StoredRequest = { ...rest };
  const summary = summarizeFiles(files);
  if (summary) stored.files = summary;
  return stored;
}

export function storedResult(result: ExecutionResult, cached = false): StoredResult {
  const { files, ...rest } = result;
  const stored: StoredResult = { ...rest };
  const summary = summarizeFiles(files);
  if (summary) stored.files = summary;
  if (cached) stored.cached = true;
  return stored;
}

export function trimmed(text: string): string {
  return text.length <= TRIMMED_OUTPUT ? text : `${text.slice(0, TRIMMED_OUTPUT)}\n[… not stored: the browser's storage was full]`;
}

export function preview(code: string): string {
  const line = code.split('\n').find((l) => l.trim()) ?? '';
  return line.length > 120 ? `${line.slice(0, 119)}…` : line;
}

export function errorText(result: ExecutionResult): string | undefined {
  return result.error ? `${result.error.name}: ${result.error.message}` : undefined;
}

export function finishedData(result: ExecutionResult, extra: JsonObject): JsonObject {
  const data: JsonObject = {
    status: result.status,
    durationMs: Math.round(result.durationMs),
    outputBytes: result.metrics.outputBytes,
    truncated: result.truncated,
    ...extra,
  };
  if (result.exitCode !== undefined) data.exitCode = result.exitCode;
  if (result.error) data.error = result.error.name;
  return data;
}
