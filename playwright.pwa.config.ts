import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, chromiumPath } from './e2e/chromium';
import { PWA_PORT } from './e2e/ports';

/**
 * The offline PWA tests: a `BASE=/sandcell/` production build in dist-pwa/ (`npm run test:e2e`
 * builds it), served by a plain static server, with service workers allowed.
 */
export default defineConfig({
  testDir: 'e2e',
  testMatch: 'pwa*.spec.ts',
  workers: 1,
  fullyParallel: false,
  timeout: 120_000,
  expect: { timeout: 30_000 },
  retries: 0,
  reporter: process.env.CI ? 'line' : 'list',
  use: {
    baseURL: `http://localhost:${PWA_PORT}/sandcell/`,
    browserName: 'chromium',
    launchOptions: { executablePath: chromiumPath(), args: CHROMIUM_ARGS },
    serviceWorkers: 'allow',
    trace: 'off',
  },
  webServer: {
    command: `node e2e/fixtures/pwa/serve.mjs ${PWA_PORT}`,
    url: `http://localhost:${PWA_PORT}/sandcell/`,
    reuseExistingServer: false,
    timeout: 30_000,
  },
});
