import { existsSync } from 'node:fs';

/** Where the browser tests and the benchmark look for Chromium, in order, after $SANDCELL_CHROMIUM. */
export const CHROMIUM_CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'];

/**
 * Flags for a system Chromium on a closed network: root needs --no-sandbox, and the
 * background services would otherwise flood refused connections.
 */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
];

/** The Chromium to launch: $SANDCELL_CHROMIUM, else the first system install found. Throws a message saying what to do. */
export function chromiumPath(): string {
  const fromEnv = process.env.SANDCELL_CHROMIUM;
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new Error(`SANDCELL_CHROMIUM is set to ${fromEnv}, but no file is there.`);
    return fromEnv;
  }
  const found = CHROMIUM_CANDIDATES.find((path) => existsSync(path));
  if (!found) {
    throw new Error(
      `No Chromium found (looked at ${CHROMIUM_CANDIDATES.join(', ')}). ` +
        'Install one (Debian: apt-get install chromium) or set SANDCELL_CHROMIUM to its path.',
    );
  }
  return found;
}
