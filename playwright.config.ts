import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, chromiumPath } from './e2e/chromium';
import { APP_PORT as PORT, HOST_PORT } from './e2e/ports';

export default defineConfig({
  testDir: 'e2e',
  // The PWA tests have their own build under a subpath and server (playwright.pwa.config.ts).
  testIgnore: 'pwa*.spec.ts',
  // The app starts WASM runtimes in workers; on a small machine parallel pages only fight for cores.
  workers: 1,
  fullyParallel: false,
  timeout: 90_000,
  expect: { timeout: 20_000 },
  retries: 0,
  reporter: process.env.CI ? 'line' : 'list',
  use: {
    baseURL: `http://localhost:${PORT}`,
    browserName: 'chromium',
    launchOptions: { executablePath: chromiumPath(), args: CHROMIUM_ARGS },
    trace: 'off',
    // These tests are about the app, not the offline cache: a service worker would only add a 30 MB
    // background download to every fresh context and hide requests from page.route.
    serviceWorkers: 'block',
  },
  webServer: [
    {
      // Tests run against the production build (`npm run test:e2e` builds first).
      command: `npx vite preview --port ${PORT} --strictPort`,
      url: `http://localhost:${PORT}`,
      reuseExistingServer: false,
      timeout: 60_000,
    },
    {
      // Host pages for the embed tests, on another origin (e2e/fixtures/embed).
      command: `node e2e/fixtures/embed/serve.mjs ${HOST_PORT}`,
      url: `http://localhost:${HOST_PORT}/host.html`,
      reuseExistingServer: false,
      timeout: 30_000,
    },
  ],
});
