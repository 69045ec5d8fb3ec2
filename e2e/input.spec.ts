import { expect, test } from '@playwright/test';
import { openWith, runAndWait } from './app';

test('answers Python input() from the console', async ({ page }) => {
  await openWith(page, 'python', `name = input("name? ")\nage = int(input("age? "))\nprint(f"hi {name}, next year {age + 1}")`);
  await page.getByRole('button', { name: 'Run' }).click();
  const field = page.getByLabel('Program input');
  await expect(field).toBeVisible({ timeout: 30_000 });
  await expect(page.getByRole('log', { name: 'Output' })).toContainText('name?');
  await field.fill('Ada');
  await field.press('Enter');
  await expect(page.getByRole('log', { name: 'Output' })).toContainText('age?');
  await field.fill('36');
  await field.press('Enter');
  await expect(page.getByLabel('Run status')).toHaveText('completed');
  await expect(page.getByRole('log', { name: 'Output' })).toContainText('hi Ada, next year 37');
});

test('answers JavaScript await input() from the console', async ({ page }) => {
  await openWith(page, 'javascript', `const word = await input('word? ');\nconsole.log(word.split('').reverse().join(''));`);
  await page.getByRole('button', { name: 'Run' }).click();
  const field = page.getByLabel('Program input');
  await field.fill('stressed');
  await field.press('Enter');
  await expect(page.getByLabel('Run status')).toHaveText('completed');
  await expect(page.getByRole('log', { name: 'Output' })).toContainText('desserts');
});

test('Stop while a program waits for input cancels it', async ({ page }) => {
  await openWith(page, 'python', `input("never answered? ")`);
  await page.getByRole('button', { name: 'Run' }).click();
  await expect(page.getByLabel('Program input')).toBeVisible({ timeout: 30_000 });
  await page.getByRole('button', { name: 'Stop' }).click();
  await expect(page.getByLabel('Run status')).toHaveText('cancelled', { timeout: 5_000 });
  await expect(page.getByLabel('Program input')).toHaveCount(0);
});
