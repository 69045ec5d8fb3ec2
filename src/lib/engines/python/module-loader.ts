import type { LoadProgress } from '../protocol';
import { createMemoryImportRewriter, type MemoryDeclaration } from './wasm-memory';

/** The compiled interpreter, ready to instantiate once per interpreter. */
export interface PythonModule {
  readonly module: WebAssembly.Module;
  readonly memory: MemoryDeclaration;
}

export type LoadResult = { ok: true; value: PythonModule } | { ok: false; error: string };

/** Progress events while downloading are throttled to this many per 100%. */
const PROGRESS_STEPS = 100;

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Counts bytes as they pass, reporting download progress and the switch to compiling. */
function progressStream(total: number | undefined, report: (progress: LoadProgress) => void) {
  let loaded = 0;
  let lastStep = -1;
  // A compressed transfer makes content-length smaller than what arrives: drop the total then.
  const totalFor = (bytes: number) => (total !== undefined && bytes <= total ? total : undefined);
  const stream = new TransformStream<Uint8Array, Uint8Array>({
    transform(chunk, controller) {
      loaded += chunk.length;
      const totalBytes = totalFor(loaded);
      const step = totalBytes ? Math.floor((loaded / totalBytes) * PROGRESS_STEPS) : Math.floor(loaded / (256 * 1024));
      if (step !== lastStep) {
        lastStep = step;
        report({ phase: 'download', loadedBytes: loaded, totalBytes });
      }
      controller.enqueue(chunk);
    },
    flush() {
      report({ phase: 'compile', loadedBytes: loaded, totalBytes: totalFor(loaded) });
    },
  });
  return { stream, loaded: () => loaded, totalFor };
}

/**
 * Downloads python.wasm, rewrites it to import its memory and compiles it while it streams in.
 * Never throws: a failed fetch or a broken module comes back as an error value.
 */
export async function loadPythonModule(source: () => Promise<Response>, onProgress?: (progress: LoadProgress) => void): Promise<LoadResult> {
  const report = (progress: LoadProgress) => {
    try {
      onProgress?.(progress);
    } catch {
      // A broken progress callback must not break loading.
    }
  };
  // Said before the request goes out: on a slow network the wait for the first byte is the longest part.
  report({ phase: 'download', loadedBytes: 0 });
  let response: Response;
  try {
    response = await source();
  } catch (error) {
    return { ok: false, error: `could not fetch python.wasm: ${describe(error)}` };
  }
  if (!response.ok) return { ok: false, error: `could not fetch python.wasm: HTTP ${response.status} ${response.statusText}`.trim() };
  if (!response.body) return { ok: false, error: 'could not fetch python.wasm: the response has no body' };

  const length = Number(response.headers.get('content-length'));
  const total = Number.isFinite(length) && length > 0 ? length : undefined;
  const progress = progressStream(total, report);
  const rewriter = createMemoryImportRewriter();
  const body = response.body.pipeThrough(progress.stream).pipeThrough(rewriter.stream);
  try {
    const [module, memory] = await Promise.all([
      WebAssembly.compileStreaming(new Response(body, { headers: { 'content-type': 'application/wasm' } })),
      rewriter.memory,
    ]);
    report({ phase: 'ready', loadedBytes: progress.loaded(), totalBytes: progress.totalFor(progress.loaded()) });
    return { ok: true, value: { module, memory } };
  } catch (error) {
    return { ok: false, error: `could not compile python.wasm: ${describe(error)}` };
  }
}
