import { expect, test } from '@playwright/test';
import { openWith, runAndWait, setCode } from './app';
import { expectNoSeriousA11yViolations } from './playground-a11y';

test('console: stdout and stderr apart, a run header, copy and clear', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await openWith(page, 'javascript', `console.log('to stdout'); console.error('to stderr');`);
  const console_ = page.getByRole('region', { name: 'Console' });
  await expect(console_.getByText('No run yet')).toBeVisible();
  expect(await runAndWait(page)).toBe('completed');
  const log = page.getByRole('log', { name: 'Output' });
  await expect(log.locator('.stdout')).toContainText('to stdout');
  await expect(log.locator('.stderr')).toContainText('to stderr');
  const header = console_.getByRole('group', { name: 'Run summary' });
  await expect(header).toContainText('completed');
  await expect(header).toContainText('quickjs');
  await expect(header).toContainText('standard policy');
  await expect(header).toContainText(/\d+(\.\d)? (ms|s)/);
  await expectNoSeriousA11yViolations(page);

  await console_.getByRole('button', { name: 'Copy' }).click();
  await expect(console_.getByRole('button', { name: 'Copied' })).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toContain('to stderr');
  await console_.getByRole('button', { name: 'Clear' }).click();
  await expect(log).toHaveText('');
});

test('console: a long run shows its elapsed time; truncated output is marked in the header', async ({ page }) => {
  await openWith(page, 'javascript', `const end = Date.now() + 1500; while (Date.now() < end) {} console.log('done')`);
  await page.getByRole('button', { name: 'Run' }).click();
  const header = page.getByRole('group', { name: 'Run summary' });
  await expect(header).toContainText(/elapsed/);
  await expect(page.getByLabel('Run status')).toHaveText('completed', { timeout: 30_000 });
  await expect(header).not.toContainText('elapsed');

  // Past the 1 MB cap the console keeps the head and the tail with the marker between.
  await setCode(page, 'javascript', `console.log('head'); for (let i = 0; i < 40; i++) console.log('x'.repeat(50_000)); console.log('tail')`);
  expect(await runAndWait(page)).toBe('completed');
  await expect(header).toContainText('output truncated');
  const log = page.getByRole('log', { name: 'Output' });
  await expect(log).toContainText(/\[… \d+ characters truncated …\]/);
  await expect(log).toContainText('head');
  await expect(log).toContainText('tail');
});

test('analysis: the decision before the run, findings jump to the line, a blocked run offers a higher tier after confirmation', async ({ page }) => {
  await openWith(page, 'javascript', `const x = 1;\nconsole.log(eval('1 + 1'));`, 'strict');
  const panel = page.getByRole('region', { name: 'Analysis' });
  await expect(panel.getByLabel('Verdict')).toHaveText('strict policy would block it');
  await expect(panel).toContainText('Score');
  await panel.getByRole('button', { name: /^Go to line 2,/ }).first().click();
  await expect(page.getByLabel('Code editor')).toBeFocused();
  await panel.getByText('Telemetry').click();
  await expect(panel).toContainText('Eval');
  await expectNoSeriousA11yViolations(page);

  expect(await runAndWait(page)).toBe('blocked');
  const alert = panel.getByRole('alert');
  await expect(alert).toContainText('Blocked by the strict policy');
  await expect(alert).toContainText('code-injection');
  await alert.getByRole('button', { name: 'Allow under standard…' }).click();
  await expect(alert).toContainText('Execute this code with those permissions?');
  await expectNoSeriousA11yViolations(page);
  await alert.getByRole('button', { name: 'Confirm: execute under standard' }).click();
  // Standard lets the code start; its runtime still has no eval, so the call fails inside the sandbox.
  await expect(page.getByLabel('Run status')).toHaveText(/^(completed|error)$/, { timeout: 30_000 });
  await expect(page.getByRole('group', { name: 'Run summary' })).toContainText('standard policy');
  await expect(page.getByLabel('Policy')).toHaveValue('standard');
  await expect(alert).toHaveCount(0);
});

test('share copies a link that loads the code without running it', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await openWith(page, 'python', `print("shared")`);
  await page.getByRole('button', { name: 'Share' }).click();
  await expect(page.getByText('Link copied')).toBeVisible();
  const link = await page.evaluate(() => navigator.clipboard.readText());
  expect(link).toMatch(/#lang=python&engine=cpython&policy=standard&code=/);
  const other = await context.newPage();
  await other.goto(link);
  await expect(other.getByLabel('Code editor')).toContainText('print("shared")');
  await expect(other.getByLabel('Run status')).toHaveText('idle');
  await expect(other.getByRole('log', { name: 'Output' })).toHaveText('');
  const download = other.waitForEvent('download');
  await other.getByRole('button', { name: 'Download code' }).click();
  expect((await download).suggestedFilename()).toBe('main.py');
});

test('keyboard: Ctrl/Cmd+Enter runs, Esc stops a long run', async ({ page }) => {
  await openWith(page, 'javascript', `const end = Date.now() + 30_000;\nwhile (Date.now() < end) {}\nconsole.log('not reached')`);
  const status = page.getByLabel('Run status');
  await page.getByLabel('Code editor').click();
  await page.keyboard.press('ControlOrMeta+Enter');
  await expect(status).toHaveText('running');
  await page.keyboard.press('Escape');
  await expect(status).toHaveText('cancelled');
  await expect(page.getByRole('log', { name: 'Output' })).not.toContainText('not reached');
});

test('open in new session keeps the code in a fresh saved session; download code names the main file', async ({ page }) => {
  await openWith(page, 'python', `x = 41\nprint(x + 1)`);
  await page.getByRole('button', { name: 'Open in new session' }).click();
  const sidebar = page.getByRole('navigation', { name: 'Sessions and files' });
  await expect(sidebar.getByRole('button', { name: 'Copy of python code', exact: true })).toHaveAttribute('aria-current', 'true');
  await expect(page.getByLabel('Code editor')).toContainText('print(x + 1)');
  expect(await runAndWait(page)).toBe('completed');
  await expect(page.getByRole('log', { name: 'Output' })).toContainText('42');
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download code' }).click();
  expect((await download).suggestedFilename()).toBe('main.py');
});

test('the first Python run shows a progress bar while the runtime downloads and compiles', async ({ page }) => {
  // Hold the runtime's download back, so the run starts before it is in.
  await page.route('**/python-*.wasm', async (route) => {
    await new Promise((resolve) => setTimeout(resolve, 2500));
    await route.continue();
  });
  await openWith(page, 'python', `print("runtime ready")`);
  await page.getByRole('button', { name: 'Run' }).click();
  const bar = page.getByRole('progressbar', { name: /^(Downloading|Compiling) the cpython runtime/ });
  await expect(bar).toBeVisible();
  // Once the code starts, the bar has done its job.
  await expect(page.getByLabel('Run status')).toHaveText(/^(running|completed)$/, { timeout: 60_000 });
  await expect(bar).toHaveCount(0);
  await expect(page.getByLabel('Run status')).toHaveText('completed', { timeout: 60_000 });
  await expect(bar).toHaveCount(0);
  await expect(page.getByRole('log', { name: 'Output' })).toContainText('runtime ready');
});
