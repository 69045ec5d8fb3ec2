/**
 * The embed protocol: JSON-RPC 2.0 over postMessage (or a MessagePort handed over with `connect`).
 * Both sides import these types; `parseMessage` is the one place a message's shape is checked.
 */
import type { ExecuteRequest, ExecutionResult, OutputStream } from '../sandbox/types';

export const PROTOCOL_VERSION = '1.0';

/** JSON-RPC's own codes, and Sandcell's application codes (SandboxAI's HTTP statuses in the name). */
export const ErrorCode = {
  Parse: -32700,
  InvalidRequest: -32600,
  MethodNotFound: -32601,
  InvalidParams: -32602,
  Internal: -32603,
  /** The sender's origin is not in `allowedOrigins`. */
  ForbiddenOrigin: -32003,
  /** Too many requests from this origin in the window (HTTP 429). */
  RateLimited: -32029,
  /** The code or payload is over `maxCodeBytes` (HTTP 413). */
  PayloadTooLarge: -32013,
  /** The method ran and failed (a store error, a bad path): the message says why. */
  Failed: -32000,
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export type RequestId = string | number;

export interface RpcError {
  code: number;
  message: string;
  data?: unknown;
}

export interface RpcRequest {
  jsonrpc: '2.0';
  id: RequestId;
  method: string;
  params?: unknown;
}

export interface RpcNotification {
  jsonrpc: '2.0';
  method: string;
  params?: unknown;
}

export type RpcResponse =
  | { jsonrpc: '2.0'; id: RequestId; result: unknown }
  | { jsonrpc: '2.0'; id: RequestId | null; error: RpcError };

export type RpcMessage = RpcRequest | RpcNotification | RpcResponse;

/** Methods a host may call. */
export const METHODS = [
  'connect', 'execute', 'cancel', 'engines', 'stats',
  'sessions.create', 'sessions.list', 'sessions.reset', 'sessions.delete',
  'files.list', 'files.read', 'files.write', 'files.delete',
  'audit.list', 'audit.verify', 'audit.export',
  'tools/list', 'tools/call',
] as const;
export type Method = (typeof METHODS)[number];

export const isMethod = (name: string): name is Method => (METHODS as readonly string[]).includes(name);

/** Notifications Sandcell sends. */
export interface ReadyParams {
  version: string;
  engines: string[];
  /** False when the page has no storage (a sandboxed iframe without allow-same-origin): sessions live in memory. */
  persistent: boolean;
}
export interface OutputParams {
  executionId: string;
  /** The `execute` or `tools/call` request the run answers, so a client can route output before the result names the execution. */
  requestId: RequestId;
  stream: OutputStream;
  text: string;
}
export interface InputRequestParams {
  executionId: string;
  requestId: RequestId;
  prompt: string;
}
/** The host's answer to `input.request`; `text: null` is end of input. */
export interface InputReplyParams {
  executionId: string;
  text: string | null;
}
export interface ResizeParams {
  height: number;
}

export type { ExecuteRequest, ExecutionResult };

export type FileEncoding = 'utf8' | 'base64';

/** What parsing a raw message gives: a request, a notification, or the error to answer with. */
export type Parsed =
  | { kind: 'request'; message: RpcRequest }
  | { kind: 'notification'; message: RpcNotification }
  | { kind: 'response' }
  | { kind: 'invalid'; id: RequestId | null; error: RpcError };

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const isId = (value: unknown): value is RequestId =>
  typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value));

/** Checks a message's envelope. Strings are parsed as JSON (-32700 when they are not); objects are taken as sent. */
export function parseMessage(data: unknown): Parsed {
  let value = data;
  if (typeof data === 'string') {
    try {
      value = JSON.parse(data);
    } catch {
      return { kind: 'invalid', id: null, error: { code: ErrorCode.Parse, message: 'Parse error: the message is not valid JSON' } };
    }
  }
  if (!isRecord(value)) return invalid(null, 'the message is not an object');
  const id = isId(value.id) ? value.id : null;
  if (value.jsonrpc !== '2.0') return invalid(id, 'jsonrpc must be "2.0"');
  if ('result' in value || 'error' in value) return { kind: 'response' };
  if (typeof value.method !== 'string' || value.method === '') return invalid(id, 'method must be a non-empty string');
  if ('id' in value && value.id !== null && !isId(value.id)) return invalid(null, 'id must be a string or a number');
  if ('params' in value && value.params !== undefined && typeof value.params !== 'object') {
    return invalid(id, 'params must be an object or an array');
  }
  const params = value.params ?? undefined;
  if (id === null) return { kind: 'notification', message: { jsonrpc: '2.0', method: value.method, params } };
  return { kind: 'request', message: { jsonrpc: '2.0', id, method: value.method, params } };
}

function invalid(id: RequestId | null, why: string): Parsed {
  return { kind: 'invalid', id, error: { code: ErrorCode.InvalidRequest, message: `Invalid request: ${why}` } };
}

/** An error for a bad parameter, naming it in the message and in `data.field`. */
export function invalidParams(field: string, why: string): RpcError {
  return { code: ErrorCode.InvalidParams, message: `Invalid params: ${field} ${why}`, data: { field } };
}

export function rpcError(code: ErrorCode, message: string, data?: unknown): RpcError {
  return data === undefined ? { code, message } : { code, message, data };
}

/** True for a message that is a JSON-RPC response (what a client waits for). */
export function isResponse(value: unknown): value is RpcResponse {
  return isRecord(value) && value.jsonrpc === '2.0' && (value.id === null || isId(value.id)) && ('result' in value || 'error' in value);
}

/** True for a notification carrying `method` (what a client listens for). */
export function isNotification(value: unknown): value is RpcNotification {
  return isRecord(value) && value.jsonrpc === '2.0' && typeof value.method === 'string' && !('id' in value);
}
