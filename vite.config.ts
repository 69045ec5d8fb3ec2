import { defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { pwaPlugins } from './src/pwa/vite';

const base = process.env.BASE ?? '/';

export default defineConfig({
  base,
  publicDir: 'static',
  // The service worker, manifest and CSP meta tag (src/pwa/vite.ts).
  plugins: [svelte(), ...pwaPlugins(base)],
  worker: { format: 'es' },
  build: { target: 'es2022', chunkSizeWarningLimit: 1024 },
  // quickjs-emscripten's variants locate their wasm through import.meta.url; pre-bundling breaks that.
  optimizeDeps: { exclude: ['@jitl/quickjs-wasmfile-release-sync', '@jitl/quickjs-ng-wasmfile-release-sync'] },
  test: {
    include: ['src/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
