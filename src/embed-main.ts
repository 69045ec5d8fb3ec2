// The embed view (index.html?embed): a small editor, Run, output and status for iframes, and the
// JSON-RPC API for the host page. It never imports the playground.
import { mount } from 'svelte';
import { memoryBackend, storeBackend, type Backend } from './lib/embed/backend';
import { loadConfig } from './lib/embed/config';
import { databaseNameFor } from './lib/embed/origins';
import { opaqueOrigin } from './lib/embed/opaque-check';
import { serveEmbedApi } from './lib/embed/server';
import { createSandbox } from './lib/sandbox';
import { openStore } from './lib/store';
import Embed from './embed/Embed.svelte';
import { EmbedView } from './embed/embed-view.svelte';
import { parseEmbedUrl } from './embed/params';
import './app.css';

const params = parseEmbedUrl(location.search, location.hash);
if (params.theme !== 'auto') document.documentElement.dataset.theme = params.theme;

/** The embedding page's origin, when there is one and the browser tells us. */
function parentOrigin(): string | undefined {
  if (window.parent === window) return undefined;
  const ancestors = location.ancestorOrigins;
  if (ancestors?.length) return ancestors[0];
  try {
    return document.referrer ? new URL(document.referrer).origin : undefined;
  } catch {
    return undefined;
  }
}

// One sandbox and one database per embedding origin; without storage, sessions live in memory.
let storageError: string | undefined;
const backends = new Map<string, Promise<Backend>>();
function backendFor(origin: string): Promise<Backend> {
  let made = backends.get(origin);
  if (!made) backends.set(origin, (made = openBackend(origin)));
  return made;
}
async function openBackend(origin: string): Promise<Backend> {
  const opened = await openStore({ name: await databaseNameFor(origin) }).catch((error: unknown) => ({
    ok: false as const,
    error: error instanceof Error ? error : new Error(String(error)),
  }));
  if (opened.ok) return storeBackend(createSandbox({ store: opened.value, warm: [] }), opened.value);
  storageError = opened.error.message;
  // Storage is refused in an opaque origin; so are plain workers (see opaque-workers.ts).
  const connect = opaqueOrigin() ? (await import('./lib/embed/opaque-workers')).opaqueConnect : undefined;
  return memoryBackend(createSandbox({ warm: [], ...(connect ? { connect } : {}) }));
}

const parent = parentOrigin();
const configUrl = new URL(`${import.meta.env.BASE_URL}sandcell.config.json`, location.href);
const { config, warnings } = await loadConfig(configUrl);
for (const warning of warnings) console.warn(`sandcell.config.json: ${warning}`);

const server = serveEmbedApi({ config, backendFor });
const ownBackend = backendFor(parent ?? location.origin);
const backend = await ownBackend;
const notice = backend.persistent ? undefined : 'No storage here (a sandboxed iframe without allow-same-origin): sessions and files live in memory until the page closes.';
if (storageError) console.info(`Sandcell embed: ${storageError}`);
const view = new EmbedView(params, ownBackend, notice);
(globalThis as { sandcell?: unknown }).sandcell = { view, persistent: backend.persistent };

let lastHeight = 0;
const onresize = (height: number) => {
  if (!parent || parent === 'null' || height === lastHeight) return;
  lastHeight = height;
  window.parent.postMessage({ jsonrpc: '2.0', method: 'resize', params: { height } }, parent);
};

mount(Embed, { target: document.getElementById('app')!, props: { view, onresize } });
if (parent) server.announce(window.parent, parent);
if (params.autorun) void view.run();
