import type { Category } from './types';

export interface CategoryInfo {
  readonly id: Category;
  readonly label: string;
  readonly description: string;
}

/**
 * The categories in display order. The first eleven are SandboxAI's; `resource` is ours: code that
 * exhausts the sandbox's time or memory on purpose (an unbounded loop with no way out, a huge
 * allocation such as `10**10**8`, `new Array(1e9)` or `bytearray(2**31)`, recursion with no base case).
 * The runtime's limits contain all of it; the finding says why a run is about to hit them.
 */
export const CATEGORIES: readonly CategoryInfo[] = [
  { id: 'command-execution', label: 'Command execution', description: 'Starting processes or shells: child_process, os.system, subprocess, pty.' },
  { id: 'code-injection', label: 'Code injection', description: 'Running strings as code: eval, the Function constructor, exec, compile, vm.' },
  { id: 'filesystem', label: 'File system', description: 'Reading, writing or deleting files, and paths outside the workspace.' },
  { id: 'network', label: 'Network', description: 'fetch, XMLHttpRequest, WebSocket, sockets, HTTP clients.' },
  { id: 'prototype-pollution', label: 'Prototype pollution and introspection', description: 'Changing built-in prototypes; walking Python\'s object graph to escape (__subclasses__, __globals__, frames).' },
  { id: 'module-loading', label: 'Module loading', description: 'Loading code by a computed name, tampering with the module system or import hooks.' },
  { id: 'environment', label: 'Environment', description: 'Environment variables, process control, host details.' },
  { id: 'buffer', label: 'Raw memory', description: 'SharedArrayBuffer, Atomics, uninitialised buffers, ctypes, mmap.' },
  { id: 'timers', label: 'Timer abuse', description: 'Interval flooding, timers scheduled in loops or rescheduling themselves.' },
  { id: 'webassembly', label: 'WebAssembly', description: 'Compiling or instantiating WebAssembly modules.' },
  { id: 'encoding', label: 'Encoding tricks', description: 'Escaped or homoglyph identifiers, decoded payloads, Python coding cookies.' },
  { id: 'resource', label: 'Resource exhaustion', description: 'Unbounded loops, huge allocations, recursion without a base case.' },
];

export const CATEGORY_IDS: readonly Category[] = CATEGORIES.map((c) => c.id);

export function isCategory(value: unknown): value is Category {
  return typeof value === 'string' && (CATEGORY_IDS as readonly string[]).includes(value);
}
