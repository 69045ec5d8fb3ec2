import { expect, test } from '@playwright/test';
import { execute, openWith, runAndWait, setCode } from './app';

// A browser without JSPI: the page decides the engine mode and tells its workers.
test.beforeEach(async ({ page }) => {
  await page.addInitScript(() => {
    delete (WebAssembly as unknown as Record<string, unknown>).Suspending;
    delete (WebAssembly as unknown as Record<string, unknown>).promising;
  });
});

test('falls back to a fresh interpreter per run and says so', async ({ page }) => {
  await openWith(page, 'python', `kept = 1\nprint("first")`);
  await expect(page.getByText('stateless', { exact: true })).toBeVisible({ timeout: 30_000 });
  expect(await runAndWait(page)).toBe('completed');
  await setCode(page, 'python', 'print(kept)');
  expect(await runAndWait(page)).toBe('error');
  await expect(page.getByRole('log', { name: 'Output' })).toContainText('NameError');
  await expect(page.getByRole('log', { name: 'Output' })).toContainText('stateless');
});

test('still carries workspace files and takes stdin up front', async ({ page }) => {
  await openWith(page, 'python', 'print(1)');
  const write = await execute(page, { language: 'python', sessionId: 'nojspi', policy: 'extended', code: `open('note.txt', 'w').write('kept on disk')` });
  expect(write.status).toBe('completed');
  expect(write.stateful).toBe(false);
  const read = await execute(page, { language: 'python', sessionId: 'nojspi', policy: 'extended', code: `print(open('note.txt').read(), input())`, stdin: 'and stdin\n' });
  expect(read.output).toBe('kept on disk and stdin\n');
});
