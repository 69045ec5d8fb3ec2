import { expect, test } from '@playwright/test';
import { openWith, runAndWait, setCode } from './app';
import { expectNoSeriousA11yViolations } from './playground-a11y';

test('monitoring and security dashboards chart the recorded runs; a threat links to its execution', async ({ page }) => {
  await openWith(page, 'javascript', `console.log('fine')`);
  expect(await runAndWait(page)).toBe('completed');
  await setCode(page, 'javascript', `globalThis['ev' + 'al']('1 + 1')`);
  expect(await runAndWait(page)).toBe('blocked');

  const views = page.getByRole('navigation', { name: 'Views' });
  await views.getByRole('button', { name: 'Monitoring' }).click();
  const monitoring = page.getByRole('region', { name: 'Monitoring' });
  await expect(monitoring.locator('canvas')).toHaveCount(4);
  await expect(monitoring.getByText('Executions', { exact: true })).toBeVisible();
  await expect(monitoring.getByRole('row', { name: /quickjs javascript/ })).toBeVisible();
  // One run reached the engine (the blocked one did not): its p50 and p95 are that run's duration.
  const durations = monitoring.getByRole('row', { name: /^quickjs 1 / });
  await expect(durations).toBeVisible();
  const [, , p50, p95] = await durations.getByRole('cell').allTextContents();
  expect(p50).toMatch(/^\d+(\.\d)? ms$/);
  expect(p95).toBe(p50);
  await expectNoSeriousA11yViolations(page);

  await views.getByRole('button', { name: 'Security' }).click();
  const security = page.getByRole('region', { name: 'Security' });
  await expect(security.locator('canvas')).toHaveCount(3);
  await expect(security.getByRole('row', { name: /code-injection/ }).first()).toBeVisible();
  await expectNoSeriousA11yViolations(page);
  await security.getByRole('button', { name: /^Open exec_/ }).first().click();
  await expect(page.getByRole('region', { name: 'Code of the execution' })).toContainText(`globalThis['ev' + 'al']`);
});
