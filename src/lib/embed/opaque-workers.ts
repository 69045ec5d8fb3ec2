/**
 * Starting engine workers from an opaque origin (an iframe with sandbox="allow-scripts" alone):
 * `new Worker(httpUrl)` throws there, since no URL is same-origin with 'null'. A blob module that
 * imports the worker script is allowed, and loads it with CORS like any other module.
 */
import { connectWorker } from '../sandbox/connection';
import type { Connect } from '../sandbox/slot';
import type { EngineId } from '../sandbox/types';
import quickjsUrl from '../engines/quickjs/worker.ts?worker&url';
import quickjsNgUrl from '../engines/quickjs/worker-ng.ts?worker&url';
import cpythonUrl from '../engines/python/worker.ts?worker&url';

// FIXME(issue 6): lib/sandbox could export connectWorker and a spawn hook; until then this reaches in.
const URLS: Record<EngineId, string> = { quickjs: quickjsUrl, 'quickjs-ng': quickjsNgUrl, cpython: cpythonUrl };

function spawnViaBlob(engine: EngineId): Worker {
  const absolute = new URL(URLS[engine], location.href).href;
  const blob = new Blob([`import ${JSON.stringify(absolute)};\n`], { type: 'text/javascript' });
  const url = URL.createObjectURL(blob);
  const worker = new Worker(url, { type: 'module', name: `sandcell-${engine}` });
  // The worker has fetched its script by the time it reports anything; the blob is no longer needed.
  setTimeout(() => URL.revokeObjectURL(url), 30_000);
  return worker;
}

/** A `connect` for createSandbox that works from an opaque origin. */
export const opaqueConnect: Connect = (engine, hooks) => connectWorker(spawnViaBlob(engine), hooks);
