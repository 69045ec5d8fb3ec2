import { defineConfig } from '@playwright/test';
import { fileURLToPath } from 'node:url';
import { CHROMIUM_ARGS, chromiumPath } from '../e2e/chromium';
import { BENCH_PORT as PORT } from '../e2e/ports';

/** `npm run bench`: measures in Chromium against the production build. A benchmark, never a pass/fail timing test. */
export default defineConfig({
  testDir: '.',
  testMatch: 'bench.spec.ts',
  workers: 1,
  // About 6 to 8 minutes on 2 busy cores; the limit only catches a hang.
  timeout: 1_200_000,
  reporter: 'line',
  use: {
    baseURL: `http://localhost:${PORT}`,
    launchOptions: { executablePath: chromiumPath(), args: CHROMIUM_ARGS },
    // The engines are measured, not the offline cache, whose first install downloads 29 MB in the background.
    serviceWorkers: 'block',
  },
  // Playwright starts the server in this folder; the build is one up.
  // Cross-origin isolated (vite.config.ts): performance.now() then counts in 5 µs steps, not 100 µs, on every page alike.
  webServer: { env: { SANDCELL_ISOLATED: '1' }, command: `npx vite preview --port ${PORT} --strictPort`, cwd: fileURLToPath(new URL('..', import.meta.url)), url: `http://localhost:${PORT}`, timeout: 60_000 },
});
