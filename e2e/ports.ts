/**
 * The e2e servers' ports. `SANDCELL_E2E_PORT` moves them all (app on it, embed host pages on the
 * next one, the PWA build under a subpath three up), so two checkouts can run their suites side by side.
 */
export const APP_PORT = Number(process.env.SANDCELL_E2E_PORT ?? 4173);
export const HOST_PORT = APP_PORT + 1;
/** The `BASE=/sandcell/` build in dist-pwa/, for e2e/pwa*.spec.ts (playwright.pwa.config.ts). */
export const PWA_PORT = APP_PORT + 3;
/** `npm run bench`'s server; away from the e2e pair by default. */
export const BENCH_PORT = Number(process.env.SANDCELL_BENCH_PORT ?? 4175);
