/**
 * Starting engine workers from an opaque origin (an iframe with sandbox="allow-scripts" alone).
 * `new Worker(httpUrl)` throws there: no URL is same-origin with 'null'. Chromium also refuses to
 * load a *module* worker from a blob: URL made in an opaque origin (a plain `Event`, no message,
 * every time), while a classic blob worker loads. So the worker is a classic blob script that
 * `import()`s the engine's module worker, which is fetched with CORS like any other module.
 */
import { connectWorker, type Connect, type EngineId } from '../sandbox';
import quickjsUrl from '../engines/quickjs/worker.ts?worker&url';
import quickjsNgUrl from '../engines/quickjs/worker-ng.ts?worker&url';
import cpythonUrl from '../engines/python/worker.ts?worker&url';

const URLS: Record<EngineId, string> = { quickjs: quickjsUrl, 'quickjs-ng': quickjsNgUrl, cpython: cpythonUrl };

/**
 * The classic bootstrap. A blob worker has no base URL, so the engines' root-relative fetches
 * (`/assets/python-….wasm`) are resolved against the engine script's URL, as they would be had it
 * been loaded directly. A failed import is rethrown outside the promise, so the Worker's `error`
 * event carries why.
 */
export function bootstrapSource(moduleUrl: string): string {
  const url = JSON.stringify(moduleUrl);
  return [
    'const fetchFromBlob = self.fetch.bind(self);',
    `self.fetch = (input, init) => fetchFromBlob(typeof input === 'string' ? new URL(input, ${url}).href : input, init);`,
    `import(${url}).catch((error) => setTimeout(() => { throw new Error('could not load ' + ${url} + ': ' + error); }));`,
    '',
  ].join('\n');
}

function spawnViaBlob(engine: EngineId): Worker {
  const absolute = new URL(URLS[engine], location.href).href;
  const url = URL.createObjectURL(new Blob([bootstrapSource(absolute)], { type: 'text/javascript' }));
  const worker = new Worker(url, { name: `sandcell-${engine}` });
  // The worker has read the blob by the time it reports anything; it is no longer needed then.
  const revoke = () => URL.revokeObjectURL(url);
  worker.addEventListener('message', revoke, { once: true });
  worker.addEventListener('error', revoke, { once: true });
  return worker;
}

/** A `connect` for createSandbox that works from an opaque origin. */
export const opaqueConnect: Connect = (engine, hooks) => connectWorker(spawnViaBlob(engine), hooks);
