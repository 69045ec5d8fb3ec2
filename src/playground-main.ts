import { createSandbox } from './lib/sandbox';
import { analyze } from './lib/policy';
import { openStore } from './lib/store';
import './app.css';

// History and workspace files live in IndexedDB; where there is none (a storage-less iframe,
// a locked-down profile) the page still runs code, keeps sessions in memory and says so.
const opened = await openStore();
const store = opened.ok ? opened.value : undefined;
const sandbox = createSandbox({ store });
// A handle for tests, benchmarks and the curious; it reaches nothing the page could not already.
(globalThis as { sandcell?: unknown }).sandcell = { sandbox, store, policy: { analyze } };
// The embed's JSON-RPC API for allowed host pages, and the agent tools on WebMCP (lib/embed/app-api.ts).
const agentApi = import('./lib/embed/app-api').then(({ serveAppApi }) => serveAppApi({ sandbox, store }));
agentApi.catch((error: unknown) => console.error('Sandcell agent API did not start:', error));

// The UI (editor, charts, examples) loads after the handle is set, in its own chunk.
const { startPlayground } = await import('./ui/start');
startPlayground(document.getElementById('app')!, sandbox, store, opened.ok ? undefined : opened.error.message);
