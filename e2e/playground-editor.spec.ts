import { expect, test } from '@playwright/test';
import { openWith, runAndWait } from './app';
import { expectNoSeriousA11yViolations } from './playground-a11y';

test('workspace files open in tabs with their own state; the session’s main file runs and is remembered after a reload', async ({ page }) => {
  await openWith(page, 'python', 'print("scratch")', 'extended');
  const sidebar = page.getByRole('navigation', { name: 'Sessions and files' });
  await sidebar.getByRole('button', { name: 'New session' }).click();
  await expect(sidebar.getByRole('button', { name: 'Session 1', exact: true })).toHaveAttribute('aria-current', 'true');
  await sidebar.getByLabel('Files to upload').setInputFiles([
    { name: 'app.py', mimeType: 'text/x-python', buffer: Buffer.from('from helper import answer\nprint("from app", answer())\n') },
    { name: 'helper.py', mimeType: 'text/x-python', buffer: Buffer.from('def answer():\n    return 42\n') },
  ]);
  const tabs = page.getByRole('list', { name: 'Open files' });
  const editor = page.getByLabel('Code editor');
  await expect(tabs.getByRole('button', { name: /^main\.py/ })).toHaveAttribute('aria-current', 'true');

  // Two files in tabs: each keeps its own text, the main tab keeps the code Run executes.
  await sidebar.getByRole('button', { name: 'Edit app.py' }).click();
  await expect(tabs.getByRole('button', { name: 'app.py', exact: true })).toHaveAttribute('aria-current', 'true');
  await expect(editor).toContainText('print("from app", answer())');
  await sidebar.getByRole('button', { name: 'Edit helper.py' }).click();
  await expect(editor).toContainText('return 42');
  await tabs.getByRole('button', { name: /^main\.py/ }).click();
  await expect(editor).toContainText('print("scratch")');
  await tabs.getByRole('button', { name: 'app.py', exact: true }).click();
  await expect(editor).toContainText('from helper import answer');
  await expectNoSeriousA11yViolations(page);

  // Undo belongs to the tab: an edit survives a trip to another tab and is then undone in its own.
  await editor.press('ControlOrMeta+End');
  await editor.pressSequentially('# a note');
  await tabs.getByRole('button', { name: /^main\.py/ }).click();
  await expect(editor).not.toContainText('# a note');
  await tabs.getByRole('button', { name: /^app\.py/ }).click();
  await expect(editor).toContainText('# a note');
  await editor.press('ControlOrMeta+z');
  await expect(editor).not.toContainText('# a note');
  await expect(editor).toContainText('print("from app", answer())');

  // Editing a file tab saves it to the workspace, which the run then sees.
  await tabs.getByRole('button', { name: 'helper.py', exact: true }).click();
  await editor.fill('def answer():\n    return 43\n');
  // Saved: the workspace holds the edit (the tab's unsaved dot may not have appeared yet when checked).
  await sidebar.getByRole('button', { name: 'Preview helper.py' }).click();
  await expect(sidebar.getByRole('region', { name: 'Contents of helper.py' })).toContainText('return 43');
  await expect(tabs.getByRole('button', { name: 'helper.py', exact: true })).toHaveText('helper.py'); // no unsaved dot
  await tabs.getByRole('button', { name: 'Close helper.py' }).click();
  await expect(tabs.getByRole('button', { name: 'helper.py', exact: true })).toHaveCount(0);

  await tabs.getByRole('button', { name: 'app.py', exact: true }).click();
  await page.getByRole('button', { name: 'Set as main file' }).click();
  await expect(tabs.getByRole('button', { name: /^app\.py main$/ })).toHaveAttribute('aria-current', 'true');
  expect(await runAndWait(page)).toBe('completed');
  await expect(page.getByRole('log', { name: 'Output' })).toContainText('from app 43');

  // The main tab saves back to its file; the choice and the text survive a reload.
  await editor.fill('from helper import answer\nprint("edited", answer() + 1)\n');
  await sidebar.getByRole('button', { name: 'Preview app.py' }).click();
  await expect(sidebar.getByRole('region', { name: 'Contents of app.py' })).toContainText('print("edited", answer() + 1)');
  await page.reload();
  await sidebar.getByRole('button', { name: 'Session 1', exact: true }).click();
  await expect(tabs.getByRole('button', { name: /^app\.py main$/ })).toBeVisible();
  await expect(editor).toContainText('print("edited", answer() + 1)');
  expect(await runAndWait(page)).toBe('completed');
  await expect(page.getByRole('log', { name: 'Output' })).toContainText('edited 44');

  // Unset: the main tab is the editor's own buffer again, with the same text.
  await page.getByRole('button', { name: 'Unset main file' }).click();
  await expect(tabs.getByRole('button', { name: /^main\.py main$/ })).toBeVisible();
  await expect(editor).toContainText('print("edited", answer() + 1)');
});

test('a tab follows its file: a run’s rewrite shows, a deleted file’s tab closes', async ({ page }) => {
  page.on('dialog', (dialog) => void dialog.accept());
  await openWith(page, 'python', 'open("data.txt", "w").write("written by the run")', 'extended');
  const sidebar = page.getByRole('navigation', { name: 'Sessions and files' });
  await sidebar.getByRole('button', { name: 'New session' }).click();
  await expect(sidebar.getByRole('button', { name: 'Session 1', exact: true })).toHaveAttribute('aria-current', 'true');
  await sidebar.getByLabel('Files to upload').setInputFiles([{ name: 'data.txt', mimeType: 'text/plain', buffer: Buffer.from('uploaded') }]);
  const tabs = page.getByRole('list', { name: 'Open files' });
  const editor = page.getByLabel('Code editor');
  await sidebar.getByRole('button', { name: 'Edit data.txt' }).click();
  await expect(editor).toHaveText('uploaded');
  await tabs.getByRole('button', { name: /^main\.py/ }).click();
  expect(await runAndWait(page)).toBe('completed');
  await tabs.getByRole('button', { name: 'data.txt', exact: true }).click();
  await expect(editor).toHaveText('written by the run');
  await sidebar.getByRole('button', { name: 'Delete data.txt' }).click();
  await expect(tabs.getByRole('button', { name: 'data.txt', exact: true })).toHaveCount(0);
  await expect(tabs.getByRole('button', { name: /^main\.py/ })).toHaveAttribute('aria-current', 'true');
});

test('a binary file is refused for editing with a reason', async ({ page }) => {
  await openWith(page, 'python', 'print(1)', 'extended');
  const sidebar = page.getByRole('navigation', { name: 'Sessions and files' });
  await sidebar.getByRole('button', { name: 'New session' }).click();
  await expect(sidebar.getByRole('button', { name: 'Session 1', exact: true })).toHaveAttribute('aria-current', 'true');
  await sidebar.getByLabel('Files to upload').setInputFiles([{ name: 'blob.bin', mimeType: 'application/octet-stream', buffer: Buffer.from([0, 1, 2, 0xff]) }]);
  await sidebar.getByRole('button', { name: 'Edit blob.bin' }).click();
  await expect(sidebar.getByRole('alert')).toHaveText('blob.bin is not text, so it cannot be edited; preview it instead');
  await expect(page.getByRole('list', { name: 'Open files' }).getByRole('listitem')).toHaveCount(1);
});
