import { createSandbox } from './lib/sandbox';
import { analyze } from './lib/policy';
import { openStore } from './lib/store';
import { afterLoadAndIdle } from './pwa/idle';
import { offlineCacheSettled } from './pwa/start';
import './app.css';

// History and workspace files live in IndexedDB; where there is none (a storage-less iframe,
// a locked-down profile) the page still runs code, keeps sessions in memory and says so.
const opened = await openStore();
const store = opened.ok ? opened.value : undefined;
const sandbox = createSandbox({ store });
// Python is a 26 MB download: it starts when a run needs it or, before that, once the page is idle
// and the offline cache holds python.wasm (so a first visit downloads it once, not twice).
void offlineCacheSettled()
  .then(() => afterLoadAndIdle())
  .then(() => sandbox.warm('cpython'))
  .catch(() => {}); // a failed start is reported by the first Python run
// A handle for tests, benchmarks and the curious; it reaches nothing the page could not already.
(globalThis as { sandcell?: unknown }).sandcell = { sandbox, store, policy: { analyze } };
// The embed's JSON-RPC API for allowed host pages, and the agent tools on WebMCP (lib/embed/app-api.ts).
const agentApi = import('./lib/embed/app-api').then(({ serveAppApi }) => serveAppApi({ sandbox, store }));
agentApi.catch((error: unknown) => console.error('Sandcell agent API did not start:', error));

// The UI (editor, charts, examples) loads after the handle is set, in its own chunk.
const { startPlayground } = await import('./ui/start');
startPlayground(document.getElementById('app')!, sandbox, store, opened.ok ? undefined : opened.error.message);
