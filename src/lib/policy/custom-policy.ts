import type { Permissions } from '../engines/protocol';
import { CATEGORY_IDS, isCategory } from './categories';
import { PATTERNS } from './patterns';
import { RULE_IDS } from './rules/index';
import { isSeverity, SEVERITIES } from './score';
import { isPolicyTier, POLICY_TIERS, TIERS, type PolicyTier } from './tiers';
import type { Category, Language, Severity } from './types';

/**
 * A user's own policy, written as JSON. It starts from a built-in tier (`base`) and changes what
 * blocks a run and what the runtime allows. It cannot exceed the agent tier's time and memory,
 * and it cannot let a critical finding through: critical always blocks.
 */
export interface CustomPolicy {
  readonly name: string;
  readonly base: PolicyTier;
  /** Findings of this severity or worse block. */
  readonly blockLevel: Severity;
  /** Any finding in these categories blocks, whatever its severity. */
  readonly blockCategories: readonly Category[];
  /** Rules whose findings never block (unless critical). */
  readonly allowRules: readonly string[];
  /** Block when the analysis score exceeds this; null for no limit. */
  readonly maxScore: number | null;
  readonly timeoutMs: number;
  readonly memoryBytes: number;
  readonly fs: Permissions['fs'];
  readonly eval: boolean;
  readonly javascriptModules: readonly string[] | '*';
  readonly pythonModules: readonly string[] | '*';
}

export type Validation<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly errors: readonly string[] };

const FIELDS = [
  'name', 'base', 'blockLevel', 'blockCategories', 'allowRules', 'maxScore', 'timeoutMs', 'memoryBytes', 'fs', 'eval', 'javascriptModules', 'pythonModules',
] as const;
const MIN_TIMEOUT_MS = 100;
const MIN_MEMORY_BYTES = 1024 * 1024;

/**
 * Check a custom policy (a parsed JSON value, or the JSON text). Every invalid field gets its own
 * error, starting with the field's name; missing optional fields take the base tier's values.
 */
export function validateCustomPolicy(json: unknown): Validation<CustomPolicy> {
  let input = json;
  if (typeof json === 'string') {
    try {
      input = JSON.parse(json);
    } catch (error) {
      return { ok: false, errors: [`policy: not valid JSON (${error instanceof Error ? error.message : String(error)})`] };
    }
  }
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return { ok: false, errors: [`policy: must be a JSON object, got ${describe(input)}`] };
  }
  const o = input as Record<string, unknown>;
  const errors: string[] = [];
  for (const key of Object.keys(o)) {
    if (!(FIELDS as readonly string[]).includes(key)) errors.push(`${key}: unknown field; the fields are ${FIELDS.join(', ')}`);
  }

  let name = '';
  if (typeof o['name'] !== 'string' || o['name'].trim() === '' || o['name'].length > 64) {
    errors.push(`name: required, a non-empty string of at most 64 characters, got ${describe(o['name'])}`);
  } else if (isPolicyTier(o['name'])) {
    errors.push(`name: ${JSON.stringify(o['name'])} is a built-in tier's name; choose another`);
  } else name = o['name'];

  let base: PolicyTier = 'standard';
  if (o['base'] !== undefined) {
    if (isPolicyTier(o['base'])) base = o['base'];
    else errors.push(`base: must be one of ${POLICY_TIERS.join(', ')}, got ${describe(o['base'])}`);
  }
  const tier = TIERS[base];

  let blockLevel: Severity = tier.blockLevel;
  if (o['blockLevel'] !== undefined) {
    if (isSeverity(o['blockLevel'])) blockLevel = o['blockLevel'];
    else errors.push(`blockLevel: must be one of ${SEVERITIES.join(', ')}, got ${describe(o['blockLevel'])}`);
  }

  const blockCategories = list(o, 'blockCategories', errors, (v) => (isCategory(v) ? null : `is not a category; the categories are ${CATEGORY_IDS.join(', ')}`)) as Category[];
  const allowRules = list(o, 'allowRules', errors, (v) => {
    if (typeof v !== 'string' || !PATTERNS.ruleId.test(v)) return 'is not a rule id (category/name)';
    return RULE_IDS.has(v) ? null : 'is not a known rule';
  }) as string[];

  let maxScore: number | null = null;
  if (o['maxScore'] !== undefined && o['maxScore'] !== null) {
    if (typeof o['maxScore'] === 'number' && Number.isInteger(o['maxScore']) && o['maxScore'] >= 0) maxScore = o['maxScore'];
    else errors.push(`maxScore: must be a non-negative integer or null, got ${describe(o['maxScore'])}`);
  }

  const timeoutMs = integerIn(o, 'timeoutMs', tier.timeoutMs, MIN_TIMEOUT_MS, TIERS.agent.timeoutMs, 'milliseconds', errors);
  const memoryBytes = integerIn(o, 'memoryBytes', tier.memoryBytes, MIN_MEMORY_BYTES, TIERS.agent.memoryBytes, 'bytes', errors);

  let fs: Permissions['fs'] = tier.fs;
  if (o['fs'] !== undefined) {
    if (o['fs'] === 'none' || o['fs'] === 'read' || o['fs'] === 'write') fs = o['fs'];
    else errors.push(`fs: must be "none", "read" or "write", got ${describe(o['fs'])}`);
  }

  let evalAllowed = tier.eval;
  if (o['eval'] !== undefined) {
    if (typeof o['eval'] === 'boolean') evalAllowed = o['eval'];
    else errors.push(`eval: must be true or false, got ${describe(o['eval'])}`);
  }

  const javascriptModules = modules(o, 'javascriptModules', tier.javascriptModules, errors);
  const pythonModules = modules(o, 'pythonModules', tier.pythonModules, errors);

  if (errors.length > 0) return { ok: false, errors };
  return {
    ok: true,
    value: { name, base, blockLevel, blockCategories, allowRules, maxScore, timeoutMs, memoryBytes, fs, eval: evalAllowed, javascriptModules, pythonModules },
  };
}

/** What the runtime enforces for a custom policy, in the shape the engines take. */
export function customPermissions(policy: CustomPolicy, language: Language): Permissions {
  return {
    tier: policy.name,
    fs: policy.fs,
    eval: policy.eval,
    modules: language === 'javascript' ? policy.javascriptModules : policy.pythonModules,
  };
}

function list(o: Record<string, unknown>, field: string, errors: string[], check: (v: unknown) => string | null): unknown[] {
  const value = o[field];
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    errors.push(`${field}: must be an array, got ${describe(value)}`);
    return [];
  }
  value.forEach((v, i) => {
    const problem = check(v);
    if (problem !== null) errors.push(`${field}[${i}]: ${describe(v)} ${problem}`);
  });
  return [...new Set(value)];
}

function integerIn(o: Record<string, unknown>, field: string, fallback: number, min: number, max: number, unit: string, errors: string[]): number {
  const value = o[field];
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    errors.push(`${field}: must be an integer number of ${unit} from ${min} to ${max}, got ${describe(value)}`);
    return fallback;
  }
  return value;
}

function modules(o: Record<string, unknown>, field: string, fallback: readonly string[] | '*', errors: string[]): readonly string[] | '*' {
  const value = o[field];
  if (value === undefined) return fallback;
  if (value === '*') return '*';
  if (!Array.isArray(value)) {
    errors.push(`${field}: must be "*" or an array of module names, got ${describe(value)}`);
    return fallback;
  }
  let ok = true;
  value.forEach((v, i) => {
    if (typeof v !== 'string' || v === '*' || !PATTERNS.moduleName.test(v)) {
      errors.push(`${field}[${i}]: ${describe(v)} is not a module name`);
      ok = false;
    }
  });
  return ok ? [...new Set(value as string[])] : fallback;
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 39)}…` : value);
  if (Array.isArray(value)) return 'an array';
  if (value === null) return 'null';
  if (typeof value === 'object') return 'an object';
  return String(value);
}
