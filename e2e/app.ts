import { expect, type Page } from '@playwright/test';
import LZString from 'lz-string';

const { compressToEncodedURIComponent } = LZString;
import type { ExecuteRequest, ExecutionResult } from '../src/lib/sandbox/types';

/** Opens the page with the given code in the editor (through the documented URL hash). */
export async function openWith(page: Page, language: 'javascript' | 'python', code: string, policy = 'standard'): Promise<void> {
  const engine = language === 'python' ? 'cpython' : 'quickjs';
  await page.goto(`/#lang=${language}&engine=${engine}&policy=${policy}&code=${compressToEncodedURIComponent(code)}`);
  await expect(page.getByLabel('Code editor')).toBeVisible();
}

/** Replaces the code through the URL hash, as a shared link would (the page follows `hashchange`). */
export async function setCode(page: Page, language: 'javascript' | 'python', code: string, policy = 'standard'): Promise<void> {
  const engine = language === 'python' ? 'cpython' : 'quickjs';
  const hash = `#lang=${language}&engine=${engine}&policy=${policy}&code=${compressToEncodedURIComponent(code)}`;
  await page.evaluate((h) => (location.hash = h), hash);
  await expect(page.getByLabel('Code editor')).toContainText(code.split('\n')[0]!.trim());
}

/** Clicks Run and waits for a final status word. */
export async function runAndWait(page: Page, timeout = 60_000): Promise<string> {
  await page.getByRole('button', { name: 'Run' }).click();
  const status = page.getByLabel('Run status');
  await expect(status).toHaveText(/^(completed|error|blocked|timeout|memory|cancelled|invalid)$/, { timeout });
  return (await status.textContent()) ?? '';
}

/** Calls the page's sandbox directly (for what the minimal page has no control for). */
export async function execute(page: Page, request: ExecuteRequest): Promise<ExecutionResult> {
  // The page publishes its handle once its store is open, which can trail the load event.
  await page.waitForFunction(() => 'sandcell' in globalThis);
  return page.evaluate(
    (req) => (globalThis as unknown as { sandcell: { sandbox: { execute(r: unknown): Promise<ExecutionResult> } } }).sandcell.sandbox.execute(req),
    request,
  );
}
