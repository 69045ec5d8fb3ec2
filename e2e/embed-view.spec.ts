import { expect, test } from '@playwright/test';
import LZString from 'lz-string';

const { compressToEncodedURIComponent } = LZString;

test('the embed view runs code from its URL, with the page\'s accessible names, without the playground', async ({ page }) => {
  const requested: string[] = [];
  page.on('request', (request) => requested.push(request.url()));
  const code = 'name = input("Who? ")\nprint(f"hi {name}")';
  await page.goto(`/index.html?embed&lang=python&theme=dark&autorun#code=${compressToEncodedURIComponent(code)}`);
  await expect(page.getByLabel('Code editor')).toContainText('input("Who? ")');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  const field = page.getByLabel('Program input');
  await field.fill('Ada');
  await field.press('Enter');
  await expect(page.getByRole('log', { name: 'Output' })).toContainText('hi Ada');
  await expect(page.getByLabel('Run status')).toHaveText('completed', { timeout: 60_000 });
  await expect(page.getByRole('button', { name: 'Run' })).toBeEnabled();
  await expect(page.getByRole('button', { name: 'Stop' })).toBeDisabled();
  expect(requested.filter((url) => url.includes('playground-main'))).toEqual([]);
});

test('readonly embeds refuse edits; Run and Stop work for JavaScript', async ({ page }) => {
  await page.goto(`/index.html?embed&lang=javascript&readonly#code=${compressToEncodedURIComponent('while (true) {}')}`);
  const editor = page.getByLabel('Code editor');
  await editor.click();
  await page.keyboard.type('edited ');
  await expect(editor).not.toContainText('edited');
  await page.getByRole('button', { name: 'Run' }).click();
  await expect(page.getByLabel('Run status')).toHaveText('running');
  await page.getByRole('button', { name: 'Stop' }).click();
  await expect(page.getByLabel('Run status')).toHaveText('cancelled');
});
