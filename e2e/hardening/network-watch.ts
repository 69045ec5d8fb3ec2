import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { APP_PORT } from '../ports';

const DIST = join(process.cwd(), 'dist');

/** Whether a request is the page loading its own build (workers fetch their WASM and stdlib again after a kill). */
function isOwnAsset(url: string): boolean {
  const u = new URL(url);
  if (u.origin !== `http://localhost:${APP_PORT}`) return false;
  const path = decodeURIComponent(u.pathname);
  if (path === '/' || path.includes('..')) return path === '/';
  return existsSync(join(DIST, path));
}

/** Starts recording every request the page and its workers make that is not one of the build's own files. */
export function watchNetwork(page: Page): { readonly foreign: string[] } {
  const foreign: string[] = [];
  page.on('request', (request) => {
    if (!isOwnAsset(request.url())) foreign.push(`${request.method()} ${request.url()}`);
  });
  page.on('websocket', (socket) => foreign.push(`websocket ${socket.url()}`));
  return { foreign };
}
