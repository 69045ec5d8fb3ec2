import type { EngineId } from './protocol';

export type ContractCase =
  | 'describes itself' | 'prints to stdout and streams it' | 'keeps stderr apart' | 'reports a thrown error with its line'
  | 'reports a syntax error with its line' | 'turns context into variables' | 'reads stdin before asking for input'
  | 'gives end of input a clear error, never a hang' | 'returns the files a run writes, /app/ and relative paths alike'
  | 'returns only what changed, and what was deleted' | 'keeps guest paths inside the workspace'
  | 'mounts no workspace when the tier has no filesystem' | 'refuses writes to a read-only workspace'
  | 'refuses eval when the tier forbids it, naming the tier' | 'refuses a module outside the tier allowlist, naming module and tier'
  | 'keeps state within a session when stateful' | 'shares workspace files with another engine'
  | 'stops an infinite loop at the deadline' | 'stops a memory bomb at the memory limit'
  | 'turns unbounded recursion into an error' | 'caps an output flood, keeping head and tail'
  | 'reports a non-zero exit as an error';

/**
 * Contract cases an engine cannot pass when called directly in Node, each with its reason.
 * Every one is covered end to end in the browser instead (e2e/).
 */
export const KNOWN_FAILURES: Partial<Record<EngineId, Partial<Record<ContractCase, string>>>> = {
  cpython: {
    'stops an infinite loop at the deadline':
      'A busy CPython makes no host calls, so nothing inside the engine can stop it; the pool terminates its worker at the deadline (e2e/limits.spec.ts).',
  },
};
