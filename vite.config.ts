import { defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { sandcellSdk } from './src/sdk/vite-plugin.js';

export default defineConfig({
  base: process.env.BASE ?? '/',
  publicDir: 'static',
  // sandcellSdk: dist/sandcell-client.js and dist/sandcell-embed.js (src/sdk).
  plugins: [svelte(), sandcellSdk()],
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
