import { expect, test } from '@playwright/test';
import { execute, openWith, runAndWait, setCode } from './app';

test('runs JavaScript with Node-style console output and timers', async ({ page }) => {
  await openWith(page, 'javascript', `console.log({ a: 1, b: [1, 2] });\nawait new Promise((r) => setTimeout(r, 50));\nconsole.log(new Map([['k', 1]]));`);
  expect(await runAndWait(page)).toBe('completed');
  const output = page.getByRole('log', { name: 'Output' });
  await expect(output).toContainText('{ a: 1, b: [ 1, 2 ] }');
  await expect(output).toContainText("Map(1) { 'k' => 1 }");
});

test('runs Python from the standard library and shows errors with their line', async ({ page }) => {
  await openWith(page, 'python', `import json, statistics\nprint(json.dumps({"mean": statistics.mean([1, 2, 3])}))`);
  expect(await runAndWait(page)).toBe('completed');
  await expect(page.getByRole('log', { name: 'Output' })).toContainText('{"mean": 2}');

  await setCode(page, 'python', `x = 1\nraise ValueError("boom")`);
  expect(await runAndWait(page)).toBe('error');
  const output = page.getByRole('log', { name: 'Output' });
  await expect(output).toContainText('line 2');
  await expect(output).toContainText('ValueError: boom');
});

test('keeps Python variables, imports and functions between runs (JSPI)', async ({ page }) => {
  await openWith(page, 'python', `import math\ndef area(r):\n    return math.pi * r * r\nkept = 41`);
  await expect(page.getByText('stateful session')).toBeVisible({ timeout: 30_000 });
  expect(await runAndWait(page)).toBe('completed');
  await setCode(page, 'python', `print(kept + 1, round(area(1), 2))`);
  expect(await runAndWait(page)).toBe('completed');
  await expect(page.getByRole('log', { name: 'Output' })).toContainText('42 3.14');

  await page.getByRole('button', { name: 'Reset session' }).click();
  await setCode(page, 'python', `print(kept)`);
  expect(await runAndWait(page)).toBe('error');
  await expect(page.getByRole('log', { name: 'Output' })).toContainText("NameError: name 'kept' is not defined");
});

test("a live Python interpreter keeps enforcing its tier's imports on every run, and library code still imports", async ({ page }) => {
  await openWith(page, 'python', 'print(1)');
  const session = { language: 'python', sessionId: 'imports', policy: 'standard' } as const;
  for (let round = 0; round < 2; round++) {
    const refused = await execute(page, { ...session, code: 'import sched' });
    expect(refused.status).toBe('error');
    expect(refused.error?.message).toBe("import of 'sched' is not allowed under the standard policy");
    const allowed = await execute(page, { ...session, code: 'import json, traceback\nprint(json.dumps([round(1.5)]))' });
    expect(allowed.output).toBe('[2]\n');
  }
});

test('keeps JavaScript globals between runs, and Ctrl+Enter runs', async ({ page }) => {
  await openWith(page, 'javascript', `let total = 40;\nfunction add(n) { total += n; return total; }`);
  expect(await runAndWait(page)).toBe('completed');
  await setCode(page, 'javascript', `console.log(add(2))`);
  await page.getByLabel('Code editor').click();
  await page.keyboard.press('ControlOrMeta+Enter');
  await expect(page.getByLabel('Run status')).toHaveText('completed');
  await expect(page.getByRole('log', { name: 'Output' })).toContainText('42');
});

test('keeps its state in the URL hash', async ({ page }) => {
  await openWith(page, 'python', 'print("from the hash")', 'strict');
  await expect(page.getByLabel('Language')).toHaveValue('python');
  await expect(page.getByLabel('Engine')).toHaveValue('cpython');
  await expect(page.getByLabel('Policy')).toHaveValue('strict');
  await page.getByLabel('Policy').selectOption('extended');
  await expect.poll(() => page.evaluate(() => location.hash)).toContain('policy=extended');
  await page.reload();
  await expect(page.getByLabel('Policy')).toHaveValue('extended');
  await expect(page.getByLabel('Code editor')).toContainText('print("from the hash")');
});

test('a session switched to a stricter tier starts from fresh runtime state', async ({ page }) => {
  await openWith(page, 'javascript', 'console.log(1)');
  const session = { language: 'javascript', sessionId: 'regrant' } as const;
  const loose = await execute(page, { ...session, policy: 'extended', code: 'globalThis.stash = Function; globalThis.keep = 1;' });
  expect(loose.status).toBe('completed');
  const strict = await execute(page, { ...session, policy: 'standard', code: 'console.log(typeof stash, typeof keep)' });
  expect(strict.output).toBe('undefined undefined\n');
  expect(strict.stateLost).toBe(true);
  const same = await execute(page, { ...session, policy: 'standard', code: 'globalThis.keep = 2; console.log(keep)' });
  expect(same.stateLost).toBeUndefined();
});

test('shows policy findings inline while typing, and a blocked run says why', async ({ page }) => {
  await openWith(page, 'javascript', `const data = JSON.parse('{}');\nglobalThis['ev' + 'al']('1 + 1');`, 'standard');
  await expect(page.locator('.cm-lintRange-error')).toHaveCount(1, { timeout: 10_000 });
  await page.locator('.cm-lintRange-error').hover();
  await expect(page.locator('.cm-tooltip-lint')).toContainText('code-injection');
  expect(await runAndWait(page)).toBe('blocked');
  await expect(page.getByRole('log', { name: 'Output' })).toContainText('Line 2');
});
