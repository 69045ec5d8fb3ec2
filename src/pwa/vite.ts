/** The build's PWA parts: the service worker, the web app manifest and the page's CSP meta tag. */
import type { Plugin } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';
import { PAGE_CSP } from './csp.js';

/** python.wasm is about 26 MB; Workbox refuses files over 2 MB unless told otherwise. */
const LARGEST_PRECACHED_BYTES = 40 * 1024 * 1024;
const THEME = '#3b5bdb';
const BACKGROUND = '#f7f7f5';

/** Puts the page policy first in <head>, so it covers every script after it. Built pages only: the dev server injects inline code. */
function cspMetaTag(): Plugin {
  return {
    name: 'sandcell:csp-meta',
    apply: 'build',
    transformIndexHtml: () => [{ tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: PAGE_CSP }, injectTo: 'head-prepend' }],
  };
}

/** `base` is the build's base path (BASE=/sandcell/): the manifest's start_url, scope and id follow it. */
export function pwaPlugins(base: string): Plugin[] {
  return [
    cspMetaTag(),
    ...VitePWA({
      strategies: 'injectManifest',
      srcDir: 'src/pwa',
      filename: 'sw.ts',
      registerType: 'prompt',
      // src/pwa/start.ts registers it, after the page has loaded and is idle.
      injectRegister: false,
      injectManifest: {
        // The app shell, both views' chunks, the engine workers and every wasm file. Not the
        // deploy-time sandcell.config.* files, which hosts edit after the build (the worker fetches the config network-first).
        globPatterns: ['**/*.{html,js,css,wasm,png,svg,webmanifest}'],
        maximumFileSizeToCacheInBytes: LARGEST_PRECACHED_BYTES,
      },
      manifest: {
        id: base,
        name: 'Sandcell',
        short_name: 'Sandcell',
        description: 'Run untrusted JavaScript and Python safely in your browser, in WebAssembly workers. Works offline.',
        start_url: base,
        scope: base,
        display: 'standalone',
        theme_color: THEME,
        background_color: BACKGROUND,
        icons: [
          { src: 'icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
          { src: 'icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
          { src: 'icons/maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
          { src: 'icons/icon.svg', sizes: 'any', type: 'image/svg+xml', purpose: 'any' },
        ],
      },
    }),
  ];
}
