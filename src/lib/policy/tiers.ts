import type { Permissions } from '../engines/protocol';
import type { Severity } from './types';

export type PolicyTier = 'strict' | 'standard' | 'extended' | 'agent';

export const POLICY_TIERS: readonly PolicyTier[] = ['strict', 'standard', 'extended', 'agent'];

/** Everything a tier decides, in one record. Timeout and memory are each the tier's default and its maximum. */
export interface TierRecord {
  readonly name: PolicyTier;
  readonly timeoutMs: number;
  readonly memoryBytes: number;
  readonly fs: Permissions['fs'];
  readonly eval: boolean;
  readonly javascriptModules: Permissions['modules'];
  readonly pythonModules: Permissions['modules'];
  /** No tier has network access: neither runtime has a network API. Kept here so the table says so. */
  readonly network: 'none';
  /** Findings of this severity or worse block a run before it starts; every tier blocks `critical`. */
  readonly blockLevel: Severity;
  readonly description: string;
}

const MB = 1024 * 1024;

/** Pure computation and text: what any untrusted snippet may import under strict. */
const PYTHON_COMPUTE = [
  'abc', 'array', 'base64', 'binascii', 'bisect', 'calendar', 'cmath', 'collections', 'colorsys', 'contextlib',
  'copy', 'dataclasses', 'datetime', 'decimal', 'difflib', 'enum', 'fractions', 'functools', 'graphlib', 'hashlib',
  'heapq', 'hmac', 'html', 'itertools', 'json', 'keyword', 'math', 'numbers', 'operator', 'pprint', 'random', 're',
  'secrets', 'statistics', 'string', 'struct', 'textwrap', 'time', 'typing', 'unicodedata', 'uuid', 'zlib',
  '__future__', 'warnings',
];

/** Plus files and data formats, for the read-only workspace of standard. */
const PYTHON_DATA = [
  ...PYTHON_COMPUTE, 'csv', 'io', 'os', 'pathlib', 'glob', 'fnmatch', 'gzip', 'zipfile', 'tarfile', 'shutil', 'tempfile',
  'sqlite3', 'xml', 'configparser', 'tomllib', 'traceback', 'logging', 'argparse', 'codecs', 'locale', 'weakref',
  'types', 'inspect', 'dis', 'ast', 'tokenize', 'unittest', 'doctest',
];

export const TIERS: Readonly<Record<PolicyTier, TierRecord>> = {
  strict: {
    name: 'strict', timeoutMs: 5_000, memoryBytes: 32 * MB, fs: 'none', eval: false,
    javascriptModules: ['buffer', 'util', 'events'], pythonModules: PYTHON_COMPUTE, network: 'none', blockLevel: 'high',
    description: 'Untrusted input: no workspace, no eval, computation modules only.',
  },
  standard: {
    name: 'standard', timeoutMs: 15_000, memoryBytes: 64 * MB, fs: 'read', eval: false,
    javascriptModules: ['buffer', 'util', 'events', 'path', 'fs'], pythonModules: PYTHON_DATA, network: 'none', blockLevel: 'critical',
    description: 'General workloads: read-only workspace, no eval.',
  },
  extended: {
    name: 'extended', timeoutMs: 30_000, memoryBytes: 128 * MB, fs: 'write', eval: true,
    javascriptModules: '*', pythonModules: '*', network: 'none', blockLevel: 'critical',
    description: 'Trusted code: read-write workspace, eval, every module.',
  },
  agent: {
    name: 'agent', timeoutMs: 60_000, memoryBytes: 256 * MB, fs: 'write', eval: true,
    javascriptModules: '*', pythonModules: '*', network: 'none', blockLevel: 'critical',
    description: 'AI agent tool calls: the most time and memory, full access inside the sandbox.',
  },
};

export function isPolicyTier(value: unknown): value is PolicyTier {
  return typeof value === 'string' && (POLICY_TIERS as readonly string[]).includes(value);
}

/** What the runtime enforces for a tier and language. */
export function permissionsFor(tier: PolicyTier, language: 'javascript' | 'python'): Permissions {
  const record = TIERS[tier];
  return {
    tier,
    fs: record.fs,
    eval: record.eval,
    modules: language === 'javascript' ? record.javascriptModules : record.pythonModules,
  };
}
