import type { Page } from '@playwright/test';
import { APP_PORT, HOST_PORT } from './ports';

/** The app's origin (the iframe) and the host pages' origin (e2e/fixtures/embed/serve.mjs). */
export const APP = `http://localhost:${APP_PORT}`;
export const HOST = `http://localhost:${HOST_PORT}`;

export interface RpcReply {
  jsonrpc: '2.0';
  id: number | string | null;
  result?: unknown;
  error?: { code: number; message: string; data?: unknown };
}

interface HostWindow {
  host: {
    load(src: string, sandbox?: string, waitMs?: number): Promise<{ version: string; engines: string[]; persistent: boolean } | null>;
    call(method: string, params?: unknown): Promise<RpcReply>;
    send(raw: unknown, id?: number | string | null): Promise<RpcReply | null>;
    notifications: { method?: string; params?: unknown; stray?: unknown }[];
    inputs: string[];
  };
}

/** What the tests deploy: the host pages' origin allowed. The shipped sandcell.config.json allows no origin. */
export const TEST_CONFIG = {
  allowedOrigins: [HOST, `http://127.0.0.1:${HOST_PORT}`],
  rateLimit: { windowMs: 60_000, max: 30 },
  maxCodeBytes: 1024 * 1024,
};

const configs = new WeakMap<Page, unknown>();

/** Serves the embed `config` in place of the deployed sandcell.config.json, as a deployer's edit would. */
export async function useConfig(page: Page, config: unknown): Promise<void> {
  const first = !configs.has(page);
  configs.set(page, config);
  if (first) await page.route('**/sandcell.config.json', (route) => route.fulfill({ json: configs.get(page) }));
}

/** Opens the host page and loads the embed in it; resolves with the `ready` params. */
export async function openHost(page: Page, src = `${APP}/index.html?embed`, sandbox?: string, waitMs = 30_000) {
  if (!configs.has(page)) await useConfig(page, TEST_CONFIG);
  await page.goto(`${HOST}/host.html`);
  return page.evaluate(([s, sb, w]) => (window as unknown as HostWindow).host.load(s as string, sb as string | undefined, w as number), [src, sandbox, waitMs] as const);
}

export function call(page: Page, method: string, params?: unknown): Promise<RpcReply> {
  return page.evaluate(([m, p]) => (window as unknown as HostWindow).host.call(m as string, p), [method, params] as const);
}

export function send(page: Page, raw: unknown, id?: number | string | null): Promise<RpcReply | null> {
  return page.evaluate(([r, i]) => (window as unknown as HostWindow).host.send(r, i as number | undefined), [raw, id] as const);
}

export function notifications(page: Page, method?: string) {
  return page.evaluate((m) => (window as unknown as HostWindow).host.notifications.filter((n) => !m || n.method === m), method);
}

export function queueInputs(page: Page, lines: string[]) {
  return page.evaluate((l) => void (window as unknown as HostWindow).host.inputs.push(...l), lines);
}
