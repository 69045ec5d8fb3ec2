import type { EngineId, FileMap, Language, Permissions } from '../engines/protocol';
import { MAX_FILE_BYTES, normalizeWorkspacePath } from '../engines/paths';
import { customPermissions, isPolicyTier, permissionsFor, TIERS, validateCustomPolicy, type CustomPolicy, type PolicyTier } from '../policy';
import { DEFAULT_ENGINE, ENGINES, isEngineId } from './engine-catalog';
import { InvalidRequestError } from './errors';
import type { ExecuteRequest } from './types';

/** Largest accepted source, in UTF-8 bytes. */
export const MAX_CODE_BYTES = 1024 * 1024;
/** Largest accepted `context`, as JSON. */
export const MAX_CONTEXT_BYTES = 1024 * 1024;
export const DEFAULT_OUTPUT_LIMIT = 1024 * 1024;
const MAX_OUTPUT_LIMIT = 16 * 1024 * 1024;
const MIN_MEMORY_BYTES = 1024 * 1024;

/** A request with every default resolved and every field checked. */
export interface ValidRequest {
  readonly code: string;
  readonly language: Language;
  readonly engine: EngineId;
  /** What the analysis is evaluated against. */
  readonly policy: PolicyTier | CustomPolicy;
  /** The tier's name or the custom policy's, for results and messages. */
  readonly policyName: string;
  /** What the runtime enforces. */
  readonly permissions: Permissions;
  readonly timeoutMs: number;
  readonly memoryBytes: number;
  readonly outputLimitBytes: number;
  readonly context?: Record<string, unknown>;
  readonly stdin?: string;
  readonly sessionId?: string;
  readonly files: FileMap;
  readonly priority: number;
}

const encoder = new TextEncoder();
const SIZE = /^(\d+(?:\.\d+)?)\s*(b|kb|mb|gb)?$/i;
const UNIT: Record<string, number> = { b: 1, kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3 };

/** `'64mb'`, `'512 KB'`, `'1gb'`, `'1048576'` or a number of bytes. */
export function parseMemory(value: string | number): number | undefined {
  if (typeof value === 'number') return Number.isSafeInteger(value) && value > 0 ? value : undefined;
  const match = SIZE.exec(value.trim());
  if (!match) return undefined;
  const bytes = Math.floor(Number(match[1]) * UNIT[(match[2] ?? 'b').toLowerCase()]!);
  return bytes > 0 ? bytes : undefined;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** Checks that `value` survives a JSON round trip unchanged in meaning; returns the problem or undefined. */
function jsonProblem(value: unknown, path: string, seen: Set<object>): string | undefined {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return undefined;
    case 'number':
      return Number.isFinite(value) ? undefined : `${path} is ${value}, which JSON cannot represent`;
    case 'object': {
      if (value === null) return undefined;
      if (seen.has(value)) return `${path} is a circular reference`;
      seen.add(value);
      try {
        if (Array.isArray(value)) {
          for (let i = 0; i < value.length; i++) {
            const problem = jsonProblem(value[i], `${path}[${i}]`, seen);
            if (problem) return problem;
          }
          return undefined;
        }
        if (!isPlainObject(value)) return `${path} is a ${value.constructor?.name ?? 'non-plain'} object, not plain JSON`;
        for (const [key, item] of Object.entries(value)) {
          const problem = jsonProblem(item, `${path}.${key}`, seen);
          if (problem) return problem;
        }
        return undefined;
      } finally {
        seen.delete(value);
      }
    }
    default:
      return `${path} is a ${typeof value}, which JSON cannot represent`;
  }
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;
const SESSION_ID = /^[\w.-]{1,128}$/;

function checkFiles(files: ExecuteRequest['files']): FileMap {
  if (files === undefined) return {};
  if (!isPlainObject(files)) throw new InvalidRequestError('files', 'must be an object mapping paths to bytes or text');
  const out: FileMap = {};
  for (const [path, content] of Object.entries(files)) {
    const normal = normalizeWorkspacePath(path);
    if (!normal.ok) throw new InvalidRequestError(`files["${path}"]`, normal.error);
    let bytes: Uint8Array;
    if (typeof content === 'string') bytes = encoder.encode(content);
    else if (content instanceof Uint8Array) bytes = content;
    else throw new InvalidRequestError(`files["${path}"]`, 'must be a Uint8Array or a string');
    if (bytes.byteLength > MAX_FILE_BYTES) {
      throw new InvalidRequestError(`files["${path}"]`, `is ${bytes.byteLength} bytes, over the ${MAX_FILE_BYTES / 1024 / 1024} MB cap per file`);
    }
    out[normal.value] = bytes;
  }
  return out;
}

/** A tier name or a custom policy object; its time and memory are both the default and the maximum. */
function checkPolicy(input: unknown): { policy: PolicyTier | CustomPolicy; policyName: string; maxTimeoutMs: number; maxMemoryBytes: number } {
  if (input === undefined || isPolicyTier(input)) {
    const tier = TIERS[input ?? 'standard'];
    return { policy: tier.name, policyName: tier.name, maxTimeoutMs: tier.timeoutMs, maxMemoryBytes: tier.memoryBytes };
  }
  if (typeof input !== 'object' || input === null) {
    throw new InvalidRequestError('policy', `must be strict, standard, extended, agent or a custom policy object, got ${JSON.stringify(input)}`);
  }
  const custom = validateCustomPolicy(input);
  if (!custom.ok) throw new InvalidRequestError('policy', custom.errors.join('; '));
  return { policy: custom.value, policyName: custom.value.name, maxTimeoutMs: custom.value.timeoutMs, maxMemoryBytes: custom.value.memoryBytes };
}

/** Resolves defaults and checks every field; throws InvalidRequestError naming the first bad one. */
export function validateRequest(request: ExecuteRequest): ValidRequest {
  if (!isPlainObject(request) && !(typeof request === 'object' && request !== null)) {
    throw new InvalidRequestError('request', 'must be an object');
  }
  const { code, language } = request;
  if (typeof code !== 'string') throw new InvalidRequestError('code', 'must be a string');
  if (!code.trim()) throw new InvalidRequestError('code', 'is empty');
  // Cheap upper bound first so a huge string is refused without encoding it.
  if (code.length > MAX_CODE_BYTES || encoder.encode(code).byteLength > MAX_CODE_BYTES) {
    throw new InvalidRequestError('code', `is over the ${MAX_CODE_BYTES / 1024 / 1024} MB limit`);
  }
  if (language !== 'javascript' && language !== 'python') {
    throw new InvalidRequestError('language', `must be "javascript" or "python", got ${JSON.stringify(language)}`);
  }

  const engine = request.engine ?? DEFAULT_ENGINE[language];
  if (!isEngineId(engine)) throw new InvalidRequestError('engine', `unknown engine ${JSON.stringify(engine)}`);
  if (ENGINES[engine].language !== language) {
    throw new InvalidRequestError('engine', `${engine} runs ${ENGINES[engine].language}, not ${language}`);
  }

  const { policy, policyName, maxTimeoutMs, maxMemoryBytes } = checkPolicy(request.policy);
  const permissions = typeof policy === 'string' ? permissionsFor(policy, language) : customPermissions(policy, language);

  let timeoutMs = maxTimeoutMs;
  if (request.timeout !== undefined) {
    const t = request.timeout;
    if (typeof t !== 'number' || !Number.isFinite(t)) throw new InvalidRequestError('timeout', 'must be a number of milliseconds');
    if (t <= 0) throw new InvalidRequestError('timeout', `must be positive, got ${t}`);
    if (t > maxTimeoutMs) throw new InvalidRequestError('timeout', `${t} ms is over the ${policyName} policy's maximum of ${maxTimeoutMs} ms`);
    timeoutMs = Math.ceil(t);
  }

  let memoryBytes = maxMemoryBytes;
  if (request.memory !== undefined) {
    const m = typeof request.memory === 'string' || typeof request.memory === 'number' ? parseMemory(request.memory) : undefined;
    if (m === undefined) throw new InvalidRequestError('memory', `must be bytes or a size such as "64mb", got ${JSON.stringify(request.memory)}`);
    if (m > maxMemoryBytes) throw new InvalidRequestError('memory', `${m} bytes is over the ${policyName} policy's maximum of ${maxMemoryBytes} bytes`);
    if (m < MIN_MEMORY_BYTES) throw new InvalidRequestError('memory', `must be at least 1 MB`);
    memoryBytes = m;
  }

  let outputLimitBytes = DEFAULT_OUTPUT_LIMIT;
  if (request.outputLimit !== undefined) {
    const o = request.outputLimit;
    if (!Number.isSafeInteger(o) || o <= 0 || o > MAX_OUTPUT_LIMIT) {
      throw new InvalidRequestError('outputLimit', `must be a positive integer of bytes up to ${MAX_OUTPUT_LIMIT}`);
    }
    outputLimitBytes = o;
  }

  let context: Record<string, unknown> | undefined;
  if (request.context !== undefined) {
    if (!isPlainObject(request.context)) throw new InvalidRequestError('context', 'must be a JSON object');
    const problem = jsonProblem(request.context, 'context', new Set());
    if (problem) throw new InvalidRequestError('context', problem);
    for (const key of Object.keys(request.context)) {
      if (!IDENTIFIER.test(key)) throw new InvalidRequestError(`context.${key}`, 'is not a valid variable name');
    }
    if (JSON.stringify(request.context).length > MAX_CONTEXT_BYTES) {
      throw new InvalidRequestError('context', `is over the ${MAX_CONTEXT_BYTES / 1024 / 1024} MB limit`);
    }
    context = request.context;
  }

  if (request.stdin !== undefined && typeof request.stdin !== 'string') throw new InvalidRequestError('stdin', 'must be a string');
  if (request.sessionId !== undefined) {
    if (typeof request.sessionId !== 'string' || !SESSION_ID.test(request.sessionId) || request.sessionId.includes('..')) {
      throw new InvalidRequestError('sessionId', 'must be 1–128 letters, digits, "_", "-" or "." (no "..", "/" or "\\")');
    }
  }
  const priority = request.priority ?? 0;
  if (typeof priority !== 'number' || !Number.isFinite(priority)) throw new InvalidRequestError('priority', 'must be a number');

  return {
    code, language, engine, policy, policyName, permissions, timeoutMs, memoryBytes, outputLimitBytes, context,
    stdin: request.stdin, sessionId: request.sessionId, files: checkFiles(request.files), priority,
  };
}
