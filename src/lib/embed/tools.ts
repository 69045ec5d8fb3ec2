/** MCP-shaped agent tools over a Backend: `tools/list` and `tools/call`. */
import { POLICY_TIERS } from '../policy/tiers';
import { ENGINE_IDS } from '../sandbox/engine-catalog';
import type { ExecuteHandlers, ExecutionResult } from '../sandbox/types';
import type { Backend } from './backend';
import { executeRequest, fields, requireString, type Checked } from './params';
import { ErrorCode, invalidParams, rpcError, type RpcError } from './protocol';

export interface Tool {
  name: string;
  description: string;
  inputSchema: { type: 'object'; properties: Record<string, unknown>; required?: string[]; additionalProperties: false };
}

export interface ToolResult {
  content: { type: 'text'; text: string }[];
  structuredContent: Record<string, unknown>;
  isError: boolean;
}

const sessionId = { type: 'string', description: 'A session id from sessions.create; runs in one session share files and state.' };
const path = { type: 'string', description: 'A workspace path: "data.csv" and "/app/data.csv" name the same file.' };

export const TOOLS: readonly Tool[] = [
  {
    name: 'execute_code',
    description: 'Runs JavaScript or Python in a WebAssembly sandbox in the browser and returns its output, status and a static risk analysis.',
    inputSchema: {
      type: 'object',
      properties: {
        code: { type: 'string', description: 'The program.' },
        language: { type: 'string', enum: ['javascript', 'python'] },
        engine: { type: 'string', enum: [...ENGINE_IDS], description: 'Default: quickjs for JavaScript, cpython for Python.' },
        policy: { type: 'string', enum: [...POLICY_TIERS], description: 'Security tier; default standard.' },
        session_id: sessionId,
        stdin: { type: 'string', description: 'Text read by input() before anything else.' },
        timeout: { type: 'number', description: 'Milliseconds, at most the tier maximum.' },
      },
      required: ['code', 'language'],
      additionalProperties: false,
    },
  },
  {
    name: 'read_file',
    description: "Reads a UTF-8 text file from a session's workspace.",
    inputSchema: { type: 'object', properties: { session_id: sessionId, path }, required: ['session_id', 'path'], additionalProperties: false },
  },
  {
    name: 'write_file',
    description: "Writes a UTF-8 text file into a session's workspace (created or replaced).",
    inputSchema: {
      type: 'object',
      properties: { session_id: sessionId, path, content: { type: 'string' } },
      required: ['session_id', 'path', 'content'],
      additionalProperties: false,
    },
  },
  {
    name: 'list_files',
    description: "Lists the files in a session's workspace with their sizes.",
    inputSchema: { type: 'object', properties: { session_id: sessionId }, required: ['session_id'], additionalProperties: false },
  },
  {
    name: 'reset_session',
    description: "Drops a session's runtime state (variables, imports); its files stay.",
    inputSchema: { type: 'object', properties: { session_id: sessionId }, required: ['session_id'], additionalProperties: false },
  },
];

const text = (value: string, structured: Record<string, unknown>, isError = false): ToolResult => ({
  content: [{ type: 'text', text: value }],
  structuredContent: structured,
  isError,
});

const failed = (message: string): ToolResult => text(`Error: ${message}`, { error: message }, true);

/** A result as an LLM reads it: status, output, errors and the risk level, in plain text. */
export function describeResult(result: ExecutionResult): string {
  const lines = [`status: ${result.status} (${Math.round(result.durationMs)} ms, ${result.engine}, policy ${result.policy})`];
  if (result.output) lines.push(`stdout:\n${result.output}`);
  if (result.stderr) lines.push(`stderr:\n${result.stderr}`);
  if (result.error) lines.push(`error: ${result.error.name}: ${result.error.message}`);
  if (result.violations?.length) lines.push(`blocked: ${result.violations.join('; ')}`);
  lines.push(`risk: ${result.dangerAnalysis.level} (score ${result.dangerAnalysis.score})`);
  return lines.join('\n');
}

/** Calls a tool. Bad arguments are JSON-RPC errors; a tool that runs and fails is a result with isError. */
export async function callTool(
  backend: Backend,
  params: unknown,
  options: { maxCodeBytes: number; handlers: ExecuteHandlers },
): Promise<Checked<ToolResult> | { ok: false; error: RpcError }> {
  const p = fields(params);
  if (!p.ok) return p;
  const name = requireString(p.value, 'name');
  if (!name.ok) return name;
  const args = fields(p.value.arguments);
  if (!args.ok) return { ok: false, error: invalidParams('arguments', 'must be an object') };
  const a = args.value;
  const session = a.session_id;
  if (session !== undefined && typeof session !== 'string') return { ok: false, error: invalidParams('arguments.session_id', 'must be a string') };
  switch (name.value) {
    case 'execute_code': {
      const { session_id: _ignored, ...rest } = a;
      const request = executeRequest({ ...rest, ...(session ? { sessionId: session } : {}) }, options.maxCodeBytes);
      if (!request.ok) {
        if ('tooLarge' in request) return { ok: false, error: rpcError(ErrorCode.PayloadTooLarge, `Payload too large: ${request.tooLarge} bytes, the limit is ${options.maxCodeBytes}`) };
        return { ok: false, error: { ...request.error, message: request.error.message.replace('params: ', 'params: arguments.') } };
      }
      try {
        const result = await backend.execute(request.value, options.handlers);
        const structured = {
          id: result.id, status: result.status, output: result.output, stderr: result.stderr, durationMs: result.durationMs,
          engine: result.engine, language: result.language, policy: result.policy, error: result.error, violations: result.violations,
          risk: { level: result.dangerAnalysis.level, score: result.dangerAnalysis.score, findings: result.dangerAnalysis.findings.map((f) => ({ rule: f.rule, category: f.category, message: f.message })) },
          sessionId: result.sessionId,
        };
        return { ok: true, value: text(describeResult(result), structured, result.status !== 'completed') };
      } catch (error) {
        return { ok: true, value: failed(error instanceof Error ? error.message : String(error)) };
      }
    }
    case 'read_file':
    case 'write_file':
    case 'list_files':
    case 'reset_session': {
      if (session === undefined) return { ok: false, error: invalidParams('arguments.session_id', 'is required') };
      if (name.value === 'list_files') {
        const listed = await backend.files.list(session);
        if (!listed.ok) return { ok: true, value: failed(listed.error) };
        const lines = listed.value.map((f) => `${f.path}\t${f.size} bytes`);
        return { ok: true, value: text(lines.join('\n') || '(no files)', { files: listed.value }) };
      }
      if (name.value === 'reset_session') {
        const reset = await backend.sessions.reset(session);
        return { ok: true, value: reset.ok ? text(`session ${session} reset`, { sessionId: session, reset: true }) : failed(reset.error) };
      }
      const filePath = requireString(a, 'path');
      if (!filePath.ok) return { ok: false, error: invalidParams('arguments.path', 'is required and must be a string') };
      if (name.value === 'read_file') {
        const read = await backend.files.read(session, filePath.value);
        if (!read.ok) return { ok: true, value: failed(read.error) };
        const content = new TextDecoder().decode(read.value);
        return { ok: true, value: text(content, { path: filePath.value, content, size: read.value.length }) };
      }
      const content = requireString(a, 'content');
      if (!content.ok) return { ok: false, error: invalidParams('arguments.content', 'is required and must be a string') };
      const bytes = new TextEncoder().encode(content.value);
      if (bytes.length > options.maxCodeBytes) return { ok: false, error: rpcError(ErrorCode.PayloadTooLarge, `Payload too large: ${bytes.length} bytes, the limit is ${options.maxCodeBytes}`) };
      const written = await backend.files.write(session, filePath.value, bytes);
      return { ok: true, value: written.ok ? text(`wrote ${written.value.path} (${written.value.size} bytes)`, { ...written.value }) : failed(written.error) };
    }
    default:
      return { ok: false, error: invalidParams('name', `is not a tool: ${name.value} (see tools/list)`) };
  }
}
