/**
 * Sandcell's service worker: serves the whole app from its precache (app shell, embed view, both
 * QuickJS wasm files, python.wasm), so after one visit it works with no network. A new version
 * waits until the page asks for it (the "update available" notice); it never swaps itself in.
 */
import { addPlugins, cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { NetworkFirst } from 'workbox-strategies';
import type { PrecacheEntry } from 'workbox-precaching/_types';
import { isSkipWaiting } from './messages';
import { workerCspPlugin } from './worker-csp';

declare const self: ServiceWorkerGlobalScope & { __WB_MANIFEST: Array<PrecacheEntry | string> };

/** Where the app lives (the build's base path), from this worker's own registration. */
const scope = new URL(self.registration.scope);
const escaped = scope.pathname.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** The deploy-time embed config: edited after the build, so never precached; the network first, the last copy offline. */
const CONFIG_URL = new URL('sandcell.config.json', scope).href;
const CONFIG_CACHE = 'sandcell-config';

self.addEventListener('message', (event) => {
  if (isSkipWaiting(event.data)) void self.skipWaiting();
});
// The first version takes the page it was installed from, so engines started afterwards load from
// the cache. An update only activates after skipWaiting, which the page asks for on reload.
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));
self.addEventListener('install', (event) => {
  // Offline, an embed needs the config it was last given; fetch it now, not on the first embed visit.
  event.waitUntil(caches.open(CONFIG_CACHE).then((cache) => cache.add(CONFIG_URL)).catch(() => {}));
});

addPlugins([workerCspPlugin]);
precacheAndRoute(self.__WB_MANIFEST);
cleanupOutdatedCaches();
// index.html with a query (?embed&lang=…) is the same page; other paths are files, not the app.
registerRoute(new NavigationRoute(createHandlerBoundToURL('index.html'), { allowlist: [new RegExp(`^${escaped}(index\\.html)?(\\?.*)?$`)] }));
registerRoute(({ url }) => url.href === CONFIG_URL, new NetworkFirst({ cacheName: CONFIG_CACHE, networkTimeoutSeconds: 5 }));
