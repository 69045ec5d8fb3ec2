import { defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { sandcellSdk } from './src/sdk/vite-plugin.js';
import { pwaPlugins } from './src/pwa/vite.js';

// `BASE=/sandcell` means `/sandcell/`: import.meta.env.BASE_URL would otherwise lack the slash the app's URLs are joined with.
const base = (process.env.BASE ?? '/').replace(/([^/])$/, '$1/');

export default defineConfig({
  base,
  publicDir: 'static',
  // sandcellSdk: dist/sandcell-client.js and dist/sandcell-embed.js (src/sdk).
  // pwaPlugins: the service worker, manifest and CSP meta tag (src/pwa/vite.ts).
  plugins: [svelte(), sandcellSdk(), ...pwaPlugins(base)],
  worker: { format: 'es' },
  // `npm run bench` serves the build cross-origin isolated, which gives performance.now() 5 µs steps instead of 100 µs.
  preview: process.env.SANDCELL_ISOLATED ? { headers: { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' } } : {},
  build: { target: 'es2022', chunkSizeWarningLimit: 1024 },
  // quickjs-emscripten's variants locate their wasm through import.meta.url; pre-bundling breaks that.
  optimizeDeps: { exclude: ['@jitl/quickjs-wasmfile-release-sync', '@jitl/quickjs-ng-wasmfile-release-sync'] },
  test: {
    // e2e/hardening's Node-level parts end in .unit.ts, so Playwright does not collect them.
    include: ['src/**/*.test.ts', 'e2e/hardening/**/*.unit.ts'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
