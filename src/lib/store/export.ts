import { zipSync, strToU8 } from 'fflate';
import type { ChainHead } from './audit';
import { verifyRecords, type ChainAnchor, type VerifyResult } from './chain';
import { toCsv } from './csv';
import type { ExecutionDetail, ExecutionSummary } from './history';
import { canonicalJson } from './json';
import type { AuditRecord } from './schema';

export interface ExportFile {
  name: string;
  text: string;
}

/** What every audit export carries, so a later check can tell if records were cut off. */
export interface AuditManifest {
  format: 'sandcell-audit';
  version: 1;
  exportedAt: string;
  /** The newest record when exported: keep it (the UI shows it) to detect a cut-off tail later. */
  head: ChainHead;
  /** First and last seq in the exported files. */
  fromSeq: number;
  toSeq: number;
  count: number;
  files: string[];
  /** Verification of the stored chain at export time. */
  verified: VerifyResult;
}

export const AUDIT_MANIFEST = 'audit-head.json';

/** `YYYY-MM-DD` (UTC) of an ISO timestamp. */
function day(ts: string): string {
  return ts.slice(0, 10);
}

/** The audit trail as JSONL, one file per UTC day (`audit-YYYY-MM-DD.jsonl`), plus the manifest with the head. */
export function auditFiles(records: readonly AuditRecord[], head: ChainHead, verified: VerifyResult, exportedAt: string): ExportFile[] {
  const days = new Map<string, string[]>();
  for (const record of records) {
    const name = `audit-${day(record.ts)}.jsonl`;
    const lines = days.get(name) ?? [];
    lines.push(canonicalJson(record));
    days.set(name, lines);
  }
  const files = [...days].map(([name, lines]) => ({ name, text: `${lines.join('\n')}\n` }));
  const manifest: AuditManifest = {
    format: 'sandcell-audit', version: 1, exportedAt, head,
    fromSeq: records[0]?.seq ?? 0, toSeq: records.at(-1)?.seq ?? 0, count: records.length,
    files: files.map((file) => file.name), verified,
  };
  return [...files, { name: AUDIT_MANIFEST, text: `${JSON.stringify(manifest, null, 2)}\n` }];
}

/** Several export files as one zip, for a single download. */
export function zipFiles(files: readonly ExportFile[], mtime = new Date()): Uint8Array {
  return zipSync(Object.fromEntries(files.map((file) => [file.name, [strToU8(file.text), { mtime }]])), { level: 6 });
}

/** Parses JSONL audit files back into records (malformed lines are kept as-is, so verification names them). */
export function parseAuditJsonl(texts: readonly string[]): unknown[] {
  const records: unknown[] = [];
  for (const text of texts) {
    for (const line of text.split('\n')) {
      if (!line.trim()) continue;
      try {
        records.push(JSON.parse(line));
      } catch {
        records.push({ malformed: line });
      }
    }
  }
  records.sort((a, b) => seqOf(a) - seqOf(b));
  return records;
}

function seqOf(value: unknown): number {
  return typeof value === 'object' && value !== null && 'seq' in value && typeof value.seq === 'number' ? value.seq : Number.MAX_SAFE_INTEGER;
}

/**
 * Verifies exported JSONL offline against the manifest's head (or any anchor): flips, deletions,
 * reorderings and a cut-off tail all show. `partial` accepts an export that does not start at
 * the beginning of the chain (some days only).
 */
export function verifyAuditExport(texts: readonly string[], anchor?: ChainAnchor, partial = false): Promise<VerifyResult> {
  return verifyRecords(parseAuditJsonl(texts), { anchor, partial });
}

export interface ExecutionReport {
  format: 'sandcell-execution-report';
  version: 1;
  generatedAt: string;
  /** The audit head when the report was made. */
  auditHead: ChainHead;
  execution: ExecutionSummary;
  request: ExecutionDetail['request'];
  analysis?: ExecutionDetail['analysis'];
  result?: ExecutionDetail['result'];
  audit: AuditRecord[];
}

/** One execution's full report, as JSON. */
export function executionReport(detail: ExecutionDetail, auditHead: ChainHead, generatedAt: string): ExecutionReport {
  const report: ExecutionReport = {
    format: 'sandcell-execution-report', version: 1, generatedAt, auditHead,
    execution: detail.summary, request: detail.request, audit: detail.audit,
  };
  if (detail.analysis !== undefined) report.analysis = detail.analysis;
  if (detail.result !== undefined) report.result = detail.result;
  return report;
}

export const REPORT_COLUMNS = [
  'id', 'requestedAt', 'startedAt', 'finishedAt', 'phase', 'status', 'sessionId', 'language', 'engine', 'policy',
  'decision', 'riskScore', 'riskLevel', 'findings', 'durationMs', 'queueMs', 'outputBytes', 'cached', 'codeSha256',
  'error', 'filesWritten', 'filesDeleted', 'filesError', 'auditHead',
] as const;

function iso(ms: number | undefined): string | undefined {
  return ms === undefined ? undefined : new Date(ms).toISOString();
}

/** Executions as CSV, one row each, with the audit head the report was made against. */
export function executionsCsv(executions: readonly ExecutionSummary[], auditHead: ChainHead): string {
  return toCsv(
    REPORT_COLUMNS,
    executions.map((e) => [
      e.id, iso(e.requestedAt), iso(e.startedAt), iso(e.finishedAt), e.phase, e.status, e.sessionId, e.language, e.engine, e.policy,
      e.decision, e.risk?.score, e.risk?.level, e.risk?.findings.map((f) => `${f.severity}:${f.category}:${f.rule}`).join('; '),
      e.durationMs === undefined ? undefined : Math.round(e.durationMs), e.queueMs === undefined ? undefined : Math.round(e.queueMs),
      e.outputBytes, e.cached, e.codeSha256, e.error, e.filesWritten, e.filesDeleted, e.filesError, `${auditHead.seq}:${auditHead.hash}`,
    ]),
  );
}
