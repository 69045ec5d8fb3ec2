import { expect, test, type Page } from '@playwright/test';
import { execute, openWith, runAndWait, setCode } from './app';

/** The page answers a round trip while a worker spins: untrusted code never freezes it. */
async function expectResponsive(page: Page): Promise<void> {
  for (let i = 0; i < 3; i++) {
    const started = Date.now();
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(resolve)));
    expect(Date.now() - started).toBeLessThan(1_000);
    await page.waitForTimeout(300);
  }
}

test('stops `while True: pass` at the timeout, keeps the page responsive, then runs again', async ({ page }) => {
  await openWith(page, 'python', `while True:\n    pass`, 'strict');
  await page.getByRole('button', { name: 'Run' }).click();
  await expect(page.getByLabel('Run status')).toHaveText('running', { timeout: 30_000 });
  await expectResponsive(page);
  await expect(page.getByLabel('Run status')).toHaveText('timeout', { timeout: 15_000 });
  await setCode(page, 'python', 'print("alive")', 'strict');
  expect(await runAndWait(page)).toBe('completed');
  await expect(page.getByRole('log', { name: 'Output' })).toContainText('alive');
});

test('stops `for (;;) {}` in JavaScript and the session survives', async ({ page }) => {
  await openWith(page, 'javascript', 'var survivor = "still here";');
  expect(await runAndWait(page)).toBe('completed');
  const spin = await execute(page, { language: 'javascript', policy: 'standard', code: 'for (;;) {}', timeout: 500, sessionId: 'page-javascript-0' });
  expect(spin.status).toBe('timeout');
  expect(spin.stateLost).toBeUndefined();
  await setCode(page, 'javascript', 'console.log(survivor)');
  expect(await runAndWait(page)).toBe('completed');
  await expect(page.getByRole('log', { name: 'Output' })).toContainText('still here');
});

test('a Python sleep or unanswered input past the time limit stops the run, not the interpreter', async ({ page }) => {
  await openWith(page, 'python', 'print(1)');
  const session = { language: 'python', sessionId: 'waiting', policy: 'extended' } as const;
  expect((await execute(page, { ...session, code: 'kept = "state survives"' })).status).toBe('completed');
  // The interpreter ends these waits itself at the deadline; the host kills the worker only 100 ms later, which would lose the state.
  const slept = await execute(page, { ...session, code: 'import time\ntime.sleep(60)', timeout: 500 });
  expect(slept.status).toBe('timeout');
  expect(slept.stateLost).toBeUndefined();
  const asked = await page.evaluate(
    (request) => (globalThis as unknown as { sandcell: { sandbox: { execute(r: unknown, h: unknown): Promise<{ status: string; stateLost?: boolean }> } } }).sandcell.sandbox.execute(request, { onInput: () => new Promise(() => {}) }),
    { ...session, code: 'input("never answered? ")', timeout: 500 },
  );
  expect(asked.status).toBe('timeout');
  expect(asked.stateLost).toBeUndefined();
  expect((await execute(page, { ...session, code: 'print(kept)' })).output).toBe('state survives\n');
});

test('a Python kill loses the session state, says so, and keeps its files', async ({ page }) => {
  await openWith(page, 'python', 'print(1)');
  const session = { language: 'python', sessionId: 'killed', policy: 'extended' } as const;
  expect((await execute(page, { ...session, code: `x = 1\nopen('kept.txt', 'w').write('file survives')` })).status).toBe('completed');
  const killed = await execute(page, { ...session, code: 'while True: pass', timeout: 1_000 });
  expect(killed.status).toBe('timeout');
  expect(killed.stateLost).toBe(true);
  const after = await execute(page, { ...session, code: `print(open('kept.txt').read())\nprint(x)` });
  expect(after.output).toContain('file survives');
  expect(after.error?.name).toBe('NameError');
});

test('Stop cancels a busy run', async ({ page }) => {
  await openWith(page, 'javascript', 'while (true) {}', 'agent');
  await page.getByRole('button', { name: 'Run' }).click();
  await expect(page.getByLabel('Run status')).toHaveText('running', { timeout: 30_000 });
  await page.getByRole('button', { name: 'Stop' }).click();
  await expect(page.getByLabel('Run status')).toHaveText('cancelled', { timeout: 5_000 });
});

test('truncates an output flood, keeping its head and tail', async ({ page }) => {
  await openWith(page, 'python', `for i in range(300000):\n    print(i)`);
  expect(await runAndWait(page)).toBe('completed');
  const output = page.getByRole('log', { name: 'Output' });
  await expect(output).toContainText('characters truncated');
  await expect(output).toContainText('299999');
  const result = await execute(page, { language: 'javascript', code: `for (let i = 0; i < 300000; i++) console.log(i)` });
  expect(result.truncated).toBe(true);
  expect(result.output.length).toBeLessThan(1024 * 1024 + 200);
  expect(result.output.startsWith('0\n1\n')).toBe(true);
  expect(result.output.endsWith('299999\n')).toBe(true);
});

test('stops a Python memory bomb with MemoryError', async ({ page }) => {
  await openWith(page, 'python', 'print(1)');
  const result = await execute(page, { language: 'python', policy: 'strict', code: `hog = []\nwhile True:\n    hog.append(bytearray(10**6))` });
  expect(result.status).toBe('memory');
});
