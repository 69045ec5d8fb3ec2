import { expect, test } from '@playwright/test';
import { openWith, runAndWait, setCode } from './app';
import { expectNoSeriousA11yViolations } from './playground-a11y';

test('history lists the session runs; open one and execute it again', async ({ page }) => {
  await openWith(page, 'javascript', `console.log('first run')`);
  expect(await runAndWait(page)).toBe('completed');
  await setCode(page, 'javascript', `console.log('second run')`);
  expect(await runAndWait(page)).toBe('completed');

  await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'History' }).click();
  const history = page.getByRole('region', { name: /^History of/ });
  await expect(history.getByRole('row')).toHaveCount(3);
  await expect(history.getByRole('row').nth(1)).toContainText('second run');
  await expect(history.getByRole('row').nth(1)).toContainText('completed');
  await expectNoSeriousA11yViolations(page);

  await history.getByRole('row').nth(2).getByRole('button', { name: /^Open execution/ }).click();
  await expect(history.getByRole('region', { name: 'Code of the execution' })).toHaveText(`console.log('first run')`);
  await expect(history.getByRole('region', { name: 'Output of the execution' })).toContainText('first run');
  await expectNoSeriousA11yViolations(page);
  await history.getByRole('button', { name: 'Execute again' }).click();
  await expect(page.getByLabel('Code editor')).toContainText('first run');
  await expect(page.getByLabel('Run status')).toHaveText('completed', { timeout: 30_000 });
  await expect(page.getByRole('log', { name: 'Output' })).toContainText('first run');
});

test('audit viewer: filter, verify the chain against the head, export JSONL, JSON and CSV', async ({ page }) => {
  await openWith(page, 'javascript', `console.log('audited')`);
  expect(await runAndWait(page)).toBe('completed');
  await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Audit' }).click();
  const audit = page.getByRole('region', { name: 'Audit trail' });
  const head = await audit.getByLabel('Head record').textContent();
  expect(Number(head?.slice(1))).toBeGreaterThanOrEqual(3);
  await expect(audit.getByLabel('Head hash')).toHaveText(/^[0-9a-f]{64}$/);

  await audit.getByRole('button', { name: 'Verify chain' }).click();
  await expect(audit.getByRole('status')).toContainText(`Chain intact`);
  await expect(audit.getByRole('status')).toContainText(`up to ${head}`);

  await audit.getByLabel('Event').selectOption('finished');
  const rows = audit.getByRole('row');
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(1)).toContainText('finished');
  await expectNoSeriousA11yViolations(page);

  for (const [button, name] of [['JSONL', 'audit.jsonl'], ['JSON', 'audit.json'], ['CSV', 'audit.csv']] as const) {
    const download = page.waitForEvent('download');
    await audit.getByRole('button', { name: button, exact: true }).click();
    const file = await download;
    expect(file.suggestedFilename()).toBe(name);
  }
});
