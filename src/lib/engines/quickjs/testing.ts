// Shared by this folder's tests: both builds, a job with sensible defaults, recording hooks.
import bellard from '@jitl/quickjs-wasmfile-release-sync';
import ng from '@jitl/quickjs-ng-wasmfile-release-sync';
import type { Engine, OutputChunk, Permissions, RunHooks, RunJob } from '../protocol';
import { createQuickJSEngine } from './engine';

export const VARIANTS = [
  { id: 'quickjs', variant: bellard },
  { id: 'quickjs-ng', variant: ng },
] as const;

export const OPEN: Permissions = { tier: 'open', fs: 'write', eval: true, modules: '*' };
export const STRICT: Permissions = { tier: 'strict', fs: 'none', eval: false, modules: [] };

let counter = 0;

export function job(code: string, overrides: Partial<RunJob> = {}): RunJob {
  counter++;
  return {
    id: `exec_${counter.toString(16).padStart(12, '0')}`,
    code,
    timeoutMs: 5000,
    memoryBytes: 64 * 1024 * 1024,
    outputLimitBytes: 100_000,
    permissions: OPEN,
    workspace: { replace: false, files: {}, deleted: [] },
    interactive: false,
    ...overrides,
  };
}

export { recordingHooks as hooks, type RecordingHooks } from '../testing';

/** A pause between runs, in which the engine does its between-runs work (see spare.ts). */
export const betweenRuns = () => new Promise((resolve) => setTimeout(resolve, 5));

/** One engine per build, initialised. */
export async function engineFor(id: (typeof VARIANTS)[number]['id']): Promise<Engine> {
  const entry = VARIANTS.find((v) => v.id === id);
  if (!entry) throw new Error(id);
  const engine = createQuickJSEngine(entry);
  await engine.init();
  return engine;
}
