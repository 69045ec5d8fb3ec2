/** Checks each method's params; an error names the field. */
import { ENGINES } from '../sandbox/engine-catalog';
import type { EngineId, ExecuteRequest, Language } from '../sandbox/types';
import { invalidParams, type FileEncoding, type RpcError } from './protocol';

export type Checked<T> = { ok: true; value: T } | { ok: false; error: RpcError };

type Fields = Record<string, unknown>;

const ok = <T>(value: T): Checked<T> => ({ ok: true, value });
const bad = (field: string, why: string): Checked<never> => ({ ok: false, error: invalidParams(field, why) });

/** Params as an object (absent params are `{}`). */
export function fields(params: unknown): Checked<Fields> {
  if (params === undefined) return ok({});
  if (typeof params !== 'object' || params === null || Array.isArray(params)) return bad('params', 'must be an object');
  return ok(params as Fields);
}

const isString = (value: unknown): value is string => typeof value === 'string';

function string(p: Fields, field: string, optional: boolean): Checked<string | undefined> {
  const value = p[field];
  if (value === undefined) return optional ? ok(undefined) : bad(field, 'is required');
  return isString(value) ? ok(value) : bad(field, 'must be a string');
}

export function requireString(p: Fields, field: string): Checked<string> {
  return string(p, field, false) as Checked<string>;
}

export function optionalString(p: Fields, field: string): Checked<string | undefined> {
  return string(p, field, true);
}

export function optionalNumber(p: Fields, field: string): Checked<number | undefined> {
  const value = p[field];
  if (value === undefined) return ok(undefined);
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? ok(value) : bad(field, 'must be a non-negative number');
}

export function language(p: Fields, field: string, optional: boolean): Checked<Language | undefined> {
  const value = p[field];
  if (value === undefined && optional) return ok(undefined);
  return value === 'javascript' || value === 'python' ? ok(value) : bad(field, 'must be "javascript" or "python"');
}

export function encoding(p: Fields): Checked<FileEncoding> {
  const value = p.encoding ?? 'utf8';
  return value === 'utf8' || value === 'base64' ? ok(value) : bad('encoding', 'must be "utf8" or "base64"');
}

const utf8Bytes = (text: string) => new TextEncoder().encode(text).length;

/**
 * Shape-checks an `execute` request; the sandbox's validateRequest checks the rest (tiers, limits).
 * `files` must be text here: bytes do not survive JSON.
 */
export function executeRequest(params: unknown, maxCodeBytes: number): Checked<ExecuteRequest> | { ok: false; tooLarge: number } {
  const p = fields(params);
  if (!p.ok) return p;
  const f = p.value;
  const code = requireString(f, 'code');
  if (!code.ok) return code;
  const size = utf8Bytes(code.value!);
  if (size > maxCodeBytes) return { ok: false, tooLarge: size };
  const lang = language(f, 'language', false);
  if (!lang.ok) return lang;
  if (f.engine !== undefined && !(isString(f.engine) && Object.hasOwn(ENGINES, f.engine))) {
    return bad('engine', `must be one of ${Object.keys(ENGINES).join(', ')}`);
  }
  if (f.engine !== undefined && ENGINES[f.engine as EngineId].language !== lang.value) return bad('engine', `does not run ${lang.value}`);
  if (f.policy !== undefined && !isString(f.policy) && (typeof f.policy !== 'object' || f.policy === null || Array.isArray(f.policy))) {
    return bad('policy', 'must be a tier name or a custom policy object');
  }
  for (const field of ['timeout', 'priority', 'outputLimit'] as const) {
    const n = optionalNumber(f, field);
    if (!n.ok) return n;
  }
  if (f.memory !== undefined && !isString(f.memory) && typeof f.memory !== 'number') return bad('memory', 'must be a string or a number');
  if (f.context !== undefined && (typeof f.context !== 'object' || f.context === null || Array.isArray(f.context))) {
    return bad('context', 'must be an object');
  }
  for (const field of ['stdin', 'sessionId'] as const) {
    const s = optionalString(f, field);
    if (!s.ok) return s;
  }
  if (f.cache !== undefined && typeof f.cache !== 'boolean') return bad('cache', 'must be a boolean');
  let files: Record<string, string> | undefined;
  if (f.files !== undefined) {
    if (typeof f.files !== 'object' || f.files === null || Array.isArray(f.files)) return bad('files', 'must be an object of path → text');
    files = {};
    let total = 0;
    for (const [path, content] of Object.entries(f.files)) {
      if (!isString(content)) return bad(`files.${path}`, 'must be a string');
      total += utf8Bytes(content);
      files[path] = content;
    }
    if (total + size > maxCodeBytes) return { ok: false, tooLarge: total + size };
  }
  const request: ExecuteRequest = { code: code.value!, language: lang.value! };
  const copy = ['engine', 'policy', 'timeout', 'memory', 'context', 'stdin', 'sessionId', 'priority', 'outputLimit', 'cache'] as const;
  for (const key of copy) if (f[key] !== undefined) (request as unknown as Fields)[key] = f[key];
  if (files) request.files = files;
  return ok(request);
}

/** Bytes from a `files.write` content. */
export function decodeContent(content: string, as: FileEncoding): Checked<Uint8Array> {
  if (as === 'utf8') return ok(new TextEncoder().encode(content));
  try {
    return ok(Uint8Array.from(atob(content), (char) => char.charCodeAt(0)));
  } catch {
    return bad('content', 'is not valid base64');
  }
}

/** A file's bytes as the caller asked: UTF-8 text, or base64. */
export function encodeContent(bytes: Uint8Array, as: FileEncoding): string {
  if (as === 'utf8') return new TextDecoder().decode(bytes);
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}
