import { describe, expect, it } from 'vitest';
import type { LoadProgress } from '../protocol';
import { loadPythonModule } from './module-loader';
import { pythonSource } from './test-support';

describe('loading python.wasm', () => {
  it('streams, rewrites and compiles, reporting progress in order', async () => {
    const progress: LoadProgress[] = [];
    const result = await loadPythonModule(pythonSource, (p) => progress.push(p));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.memory.minPages).toBe(160);
    expect(WebAssembly.Module.imports(result.value.module)).toContainEqual({ module: 'env', name: 'memory', kind: 'memory' });
    const phases = progress.map((p) => p.phase);
    expect(phases.indexOf('compile')).toBe(phases.length - 2);
    expect(phases.at(-1)).toBe('ready');
    const downloads = progress.filter((p) => p.phase === 'download');
    expect(downloads.length).toBeGreaterThan(10);
    // One before the request (nothing in yet, no total), then at most one per percent.
    expect(downloads[0]).toEqual({ phase: 'download', loadedBytes: 0 });
    expect(downloads.length).toBeLessThanOrEqual(102);
    expect(downloads.every((p, i) => i === 0 || p.loadedBytes >= downloads[i - 1]!.loadedBytes)).toBe(true);
  });

  it('survives a throwing progress callback', async () => {
    const result = await loadPythonModule(pythonSource, () => {
      throw new Error('ui broke');
    });
    expect(result.ok).toBe(true);
  });

  it('returns failures as values', async () => {
    const failed = await loadPythonModule(async () => {
      throw new TypeError('network down');
    });
    expect(failed).toEqual({ ok: false, error: 'could not fetch python.wasm: network down' });
    const missing = await loadPythonModule(async () => new Response('', { status: 404, statusText: 'Not Found' }));
    expect(missing).toEqual({ ok: false, error: 'could not fetch python.wasm: HTTP 404 Not Found' });
    const notWasm = await loadPythonModule(async () => new Response('<html>oops</html>'));
    expect(notWasm.ok).toBe(false);
    if (!notWasm.ok) expect(notWasm.error).toMatch(/could not compile python.wasm: .*magic/);
  });
});
