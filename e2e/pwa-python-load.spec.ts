import { expect, test } from '@playwright/test';
import LZString from 'lz-string';

const { compressToEncodedURIComponent } = LZString;
const PYTHON_WASM = /\/assets\/python-[\w-]+\.wasm$/;

// A first visit without a service worker (or before it is in control): python.wasm comes from the network.
test.use({ serviceWorkers: 'block' });

test('python.wasm is not fetched while the page loads; a Python run that needs it shows the download', async ({ page, context }) => {
  const events: string[] = [];
  page.on('load', () => events.push('load'));
  // Held back a moment so the run below is waiting on it, whoever started it (the run or the idle warm-up).
  await context.route(PYTHON_WASM, async (route) => {
    events.push('python.wasm');
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    await route.continue();
  });
  // Remembers every progress bar the console ever shows, however briefly.
  await context.addInitScript(() => {
    const seen: string[] = ((globalThis as unknown as { progressSeen: string[] }).progressSeen = []);
    new MutationObserver(() => {
      for (const bar of document.querySelectorAll('progress')) {
        const text = bar.closest('label')?.textContent?.trim() ?? '';
        if (!seen.includes(text)) seen.push(text);
      }
    }).observe(document, { subtree: true, childList: true, attributes: true });
  });

  await page.goto(`./#lang=python&engine=cpython&policy=standard&code=${compressToEncodedURIComponent('print("ready")')}`);
  await expect(page.getByLabel('Code editor')).toBeVisible();
  await page.getByRole('button', { name: 'Run' }).click();
  await expect(page.getByLabel('Run status')).toHaveText('completed', { timeout: 90_000 });
  await expect(page.getByRole('log', { name: 'Output' })).toContainText('ready');

  expect(events.indexOf('load')).toBeGreaterThanOrEqual(0);
  expect(events.indexOf('python.wasm')).toBeGreaterThan(events.indexOf('load'));
  const shown = await page.evaluate(() => (globalThis as unknown as { progressSeen: string[] }).progressSeen);
  expect(shown.some((text) => /^(Downloading|Compiling) the cpython runtime/.test(text)), JSON.stringify(shown)).toBe(true);
  await expect(page.locator('progress')).toHaveCount(0);
});

test('the embed view fetches python.wasm only when a Python run needs it', async ({ page }) => {
  const fetched: string[] = [];
  page.on('request', (request) => {
    if (PYTHON_WASM.test(request.url())) fetched.push(request.url());
  });
  await page.goto(`index.html?embed&lang=javascript&autorun#code=${compressToEncodedURIComponent('console.log(6 * 7)')}`);
  await expect(page.getByRole('log', { name: 'Output' })).toContainText('42');
  await page.waitForTimeout(1_000); // past any idle moment
  expect(fetched).toEqual([]);

  await page.goto(`index.html?embed&lang=python&autorun#code=${compressToEncodedURIComponent('print(6 * 7)')}`);
  await expect(page.getByRole('log', { name: 'Output' })).toContainText('42', { timeout: 90_000 });
  expect(fetched).toHaveLength(1);
});
