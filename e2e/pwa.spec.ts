import { expect, test as base, type Page } from '@playwright/test';
import LZString from 'lz-string';
import type { ExecuteRequest, ExecutionResult } from '../src/lib/sandbox/types';
import { expectNoSeriousA11yViolations } from './playground-a11y';
import { PWA_PORT } from './ports';

const { compressToEncodedURIComponent } = LZString;
const ORIGIN = `http://localhost:${PWA_PORT}`;
const APP = `${ORIGIN}/sandcell/`;

interface Seen {
  /** Every request the context made: pages, their workers and the service worker. */
  requests: { url: string; fromServiceWorker: boolean }[];
  /** Console lines about a refused Content-Security-Policy, from pages and workers. */
  cspViolations: string[];
}

/**
 * Every test records what the browser requested and what CSP refused, and ends by checking that
 * nothing left the app's origin and nothing was refused.
 */
const test = base.extend<{ seen: Seen }>({
  seen: [async ({ context }, use) => {
    const seen: Seen = { requests: [], cspViolations: [] };
    context.on('request', (request) => seen.requests.push({ url: request.url(), fromServiceWorker: request.serviceWorker() !== null }));
    const watchConsole = (text: string) => {
      if (/Content.Security.Policy|Refused to/i.test(text)) seen.cspViolations.push(text);
    };
    context.on('console', (message) => watchConsole(message.text()));
    context.on('page', (page) => page.on('worker', (worker) => worker.on('console', (message) => watchConsole(message.text()))));
    context.on('weberror', (error) => watchConsole(error.error().message));
    await context.addInitScript(() => {
      addEventListener('securitypolicyviolation', (event) => console.error(`Refused (Content Security Policy): ${event.violatedDirective} ${event.blockedURI} at ${event.sourceFile}:${event.lineNumber}:${event.columnNumber} ${event.sample}`));
    });
    await use(seen);
    const foreign = seen.requests.filter(({ url }) => !url.startsWith(`${ORIGIN}/`) && !url.startsWith('blob:') && !url.startsWith('data:'));
    expect(foreign, 'requests that left the app origin').toEqual([]);
    expect(seen.cspViolations, 'Content-Security-Policy refusals').toEqual([]);
  }, { auto: true }],
});

/** Waits until the service worker controls the page: installed (whole app cached), activated, claimed. */
async function waitForControl(page: Page): Promise<void> {
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 90_000 });
}

async function execute(page: Page, request: ExecuteRequest): Promise<ExecutionResult> {
  await page.waitForFunction(() => 'sandcell' in globalThis && 'sandbox' in (globalThis as unknown as { sandcell: object }).sandcell);
  return page.evaluate(
    (req) => (globalThis as unknown as { sandcell: { sandbox: { execute(r: unknown): Promise<ExecutionResult> } } }).sandcell.sandbox.execute(req),
    request,
  );
}

/** Reads a PNG's width and height from its IHDR chunk. */
function pngSize(bytes: Buffer): { width: number; height: number } {
  expect(bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

test('the manifest is valid and installable, and the service worker controls the page under the subpath', async ({ page, seen }) => {
  await page.goto('./');
  await expect(page.getByLabel('Code editor')).toBeVisible();

  const href = await page.locator('link[rel="manifest"]').getAttribute('href');
  expect(href).toBe('/sandcell/manifest.webmanifest');
  const response = await page.request.get(new URL(href!, APP).href);
  expect(response.headers()['content-type']).toContain('application/manifest+json');
  const manifest = (await response.json()) as {
    name: string; short_name: string; start_url: string; scope: string; display: string; theme_color: string; background_color: string;
    icons: { src: string; sizes: string; type: string; purpose: string }[];
  };
  expect(manifest).toMatchObject({ name: 'Sandcell', short_name: 'Sandcell', start_url: '/sandcell/', scope: '/sandcell/', display: 'standalone' });
  expect(manifest.theme_color).toMatch(/^#[0-9a-f]{6}$/i);
  expect(manifest.background_color).toMatch(/^#[0-9a-f]{6}$/i);
  for (const [size, purpose] of [[192, 'any'], [512, 'any'], [512, 'maskable']] as const) {
    const icon = manifest.icons.find((i) => i.sizes === `${size}x${size}` && i.purpose === purpose && i.type === 'image/png');
    expect(icon, `a ${size}px ${purpose} PNG icon`).toBeDefined();
    const image = await page.request.get(new URL(icon!.src, new URL(href!, APP)).href);
    expect(image.ok()).toBe(true);
    expect(pngSize(await image.body())).toEqual({ width: size, height: size });
  }

  await waitForControl(page);
  const worker = await page.evaluate(async () => {
    const registration = await navigator.serviceWorker.getRegistration();
    return { script: navigator.serviceWorker.controller?.scriptURL, scope: registration?.scope };
  });
  expect(worker).toEqual({ script: `${APP}sw.js`, scope: APP });
  await expect(page.getByTestId('offline-ready')).toBeVisible();
  await expectNoSeriousA11yViolations(page);

  // Chromium's own verdict: what it parsed, and nothing that stops it offering to install.
  const cdp = await page.context().newCDPSession(page);
  const parsed = await cdp.send('Page.getAppManifest');
  expect(parsed.errors).toEqual([]);
  const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
  // Playwright's contexts are incognito profiles, where Chromium never offers to install; that error is the profile's.
  expect(installabilityErrors.filter((e) => e.errorId !== 'in-incognito')).toEqual([]);

  // The service worker did its downloads (python.wasm among them) through the context we watch.
  expect(seen.requests.some((r) => r.fromServiceWorker && /python-[\w-]+\.wasm$/.test(r.url))).toBe(true);
});

test('offline after one visit: the page reloads, JavaScript and Python run, the embed view too', async ({ page, context }) => {
  await page.goto('./');
  await waitForControl(page);

  await context.setOffline(true);
  const failed: string[] = [];
  page.on('requestfailed', (request) => {
    // Leaving a page cancels its loads in flight (ERR_ABORTED); any other failure is the network's.
    if (request.failure()?.errorText !== 'net::ERR_ABORTED') failed.push(`${request.url()} ${request.failure()?.errorText}`);
  });
  await page.reload();
  await expect(page.getByLabel('Code editor')).toBeVisible();
  const js = await execute(page, { language: 'javascript', code: 'console.log([1, 2, 3].map((n) => n * 2).join(","))' });
  expect(js).toMatchObject({ status: 'completed', output: '2,4,6\n' });
  const python = await execute(page, { language: 'python', code: 'print(sum(i * i for i in range(4)))' });
  expect(python, JSON.stringify(python.error)).toMatchObject({ status: 'completed', output: '14\n' });

  const code = 'print(sum(range(10)))';
  await page.goto(`index.html?embed&lang=python&autorun#code=${compressToEncodedURIComponent(code)}`);
  await expect(page.getByRole('log', { name: 'Output' })).toContainText('45', { timeout: 90_000 });
  await expect(page.getByLabel('Run status')).toHaveText('completed');
  expect(failed).toEqual([]);
});

test('the built page carries its CSP, the engine workers get theirs from the service worker, and the playground works under them', async ({ page }) => {
  const workerPolicies = new Map<string, string | undefined>();
  const pythonWasm: boolean[] = [];
  page.on('response', (response) => {
    if (/\/assets\/worker(-ng)?-[\w-]+\.js$/.test(response.url()) && response.fromServiceWorker()) {
      workerPolicies.set(response.url(), response.headers()['content-security-policy']);
    }
    if (/\/assets\/python-[\w-]+\.wasm$/.test(response.url())) pythonWasm.push(response.fromServiceWorker());
  });
  await page.goto('./');
  const policy = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  expect(policy).toContain("connect-src 'self'");
  expect(policy).not.toContain("'unsafe-eval'");
  expect(policy).not.toMatch(/https?:/);
  await waitForControl(page);
  // Engines started from now on come from the service worker, with the worker policy.
  await page.reload();
  pythonWasm.length = 0;

  const python = `print("py", 6 * 7)`;
  await page.goto(`./#lang=python&engine=cpython&policy=standard&code=${compressToEncodedURIComponent(python)}`);
  await page.getByRole('button', { name: 'Run' }).click();
  await expect(page.getByLabel('Run status')).toHaveText('completed', { timeout: 90_000 });
  await expect(page.getByRole('log', { name: 'Output' })).toContainText('py 42');
  await page.evaluate((hash) => (location.hash = hash), `#lang=javascript&engine=quickjs&policy=standard&code=${compressToEncodedURIComponent('console.log("js", 6 * 7)')}`);
  await expect(page.getByLabel('Code editor')).toContainText('console.log("js"');
  await page.getByRole('button', { name: 'Run' }).click();
  await expect(page.getByLabel('Run status')).toHaveText('completed', { timeout: 60_000 });
  await expect(page.getByRole('log', { name: 'Output' })).toContainText('js 42');

  // chart.js dashboards draw under the page policy.
  await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Monitoring' }).click();
  await expect(page.getByRole('region', { name: 'Monitoring' }).locator('canvas')).toHaveCount(4);

  // Later loads take python.wasm from the cache, not the network.
  expect(pythonWasm.length).toBeGreaterThan(0);
  expect(pythonWasm.every(Boolean)).toBe(true);
  expect(workerPolicies.size).toBeGreaterThanOrEqual(2);
  for (const [url, header] of workerPolicies) {
    expect(header, url).toContain("connect-src 'self'");
    expect(header, url).toContain("'wasm-unsafe-eval'");
    expect(header, url).not.toContain("'unsafe-eval'");
  }
});

test('a new deployment is offered with a reload button and never swapped in under a running page', async ({ page, context, request }) => {
  await page.goto('./');
  await waitForControl(page);
  // A second tab, mid-session, that does not ask for the update.
  const other = await context.newPage();
  await other.goto('./');
  await waitForControl(other);
  await other.evaluate(() => ((globalThis as unknown as { unsaved: string }).unsaved = 'work in progress'));
  const before = await execute(page, { language: 'javascript', code: 'globalThis.kept = 41; console.log(kept + 1)', sessionId: 'mid-session' });
  expect(before.output).toBe('42\n');

  expect((await request.post(`${ORIGIN}/__test__/deploy`)).ok()).toBe(true);
  await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.update());
  const prompt = page.getByTestId('update-available');
  await expect(prompt).toBeVisible();
  await expect(prompt.getByRole('button', { name: 'Reload' })).toBeEnabled();
  await expectNoSeriousA11yViolations(page);

  // The new version waits: the old one still controls this page, whose session carries on.
  await page.waitForTimeout(1_000);
  const state = await page.evaluate(async () => {
    const registration = await navigator.serviceWorker.getRegistration();
    return { waiting: registration?.waiting?.state, controlledByActive: navigator.serviceWorker.controller === registration?.active };
  });
  expect(state).toEqual({ waiting: 'installed', controlledByActive: true });
  const during = await execute(page, { language: 'javascript', code: 'console.log(kept + 1)', sessionId: 'mid-session' });
  expect(during.output).toBe('42\n');

  const reloaded = page.waitForEvent('framenavigated');
  await prompt.getByRole('button', { name: 'Reload' }).click();
  await reloaded;
  await expect(page.getByLabel('Code editor')).toBeVisible();
  await waitForControl(page);
  const after = await page.evaluate(async () => {
    const registration = await navigator.serviceWorker.getRegistration();
    return { waiting: registration?.waiting ?? null, active: registration?.active?.state };
  });
  expect(after).toEqual({ waiting: null, active: 'activated' });
  await expect(page.getByTestId('update-available')).toHaveCount(0);
  // The other tab was not reloaded: it says the update happened elsewhere and waits for its user.
  await expect(other.getByTestId('update-elsewhere')).toBeVisible();
  expect(await other.evaluate(() => (globalThis as unknown as { unsaved?: string }).unsaved)).toBe('work in progress');
  const fresh = await execute(page, { language: 'javascript', code: 'console.log(typeof kept)', sessionId: 'after-update' });
  expect(fresh.output).toBe('undefined\n');
});
