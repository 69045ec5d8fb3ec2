import { defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';

export default defineConfig({
  base: process.env.BASE ?? '/',
  publicDir: 'static',
  plugins: [svelte()],
  worker: { format: 'es' },
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
