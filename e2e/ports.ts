/**
 * The e2e servers' ports. `SANDCELL_E2E_PORT` moves both (app on it, embed host pages on the next one),
 * so two checkouts can run their suites side by side.
 */
export const APP_PORT = Number(process.env.SANDCELL_E2E_PORT ?? 4173);
export const HOST_PORT = APP_PORT + 1;
/** `npm run bench`'s server; away from the e2e pair by default. */
export const BENCH_PORT = Number(process.env.SANDCELL_BENCH_PORT ?? 4175);
