// The embed view (index.html?embed): a small editor, Run, output and status for iframes, and the
// JSON-RPC API for the host page. It never imports the playground.
import { mount } from 'svelte';
import { loadDeployedConfig } from './lib/embed/config';
import { originBackends } from './lib/embed/origin-backends';
import { parentOrigin } from './lib/embed/parent-origin';
import { serveEmbedApi } from './lib/embed/server';
import Embed from './embed/Embed.svelte';
import { EmbedView } from './embed/embed-view.svelte';
import { parseEmbedUrl } from './embed/params';
import './app.css';

const params = parseEmbedUrl(location.search, location.hash);
if (params.theme !== 'auto') document.documentElement.dataset.theme = params.theme;

// One sandbox and one database per embedding origin; without storage, sessions live in memory.
const backends = originBackends();
const backendFor = (origin: string) => backends.backendFor(origin);

const parent = parentOrigin();
const config = await loadDeployedConfig();

const server = serveEmbedApi({ config, backendFor });
const ownBackend = backendFor(parent ?? location.origin);
const backend = await ownBackend;
const notice = backend.persistent ? undefined : 'No storage here (a sandboxed iframe without allow-same-origin): sessions and files live in memory until the page closes.';
if (backends.storageError) console.info(`Sandcell embed: ${backends.storageError}`);
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
