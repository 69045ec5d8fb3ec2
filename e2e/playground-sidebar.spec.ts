import { expect, test } from '@playwright/test';
import { openWith, runAndWait } from './app';
import { expectNoSeriousA11yViolations } from './playground-a11y';

test('sessions: create, rename, duplicate, delete, and the list survives a reload', async ({ page }) => {
  page.on('dialog', (dialog) => void dialog.accept());
  await openWith(page, 'javascript', 'console.log(1)');
  const sessions = page.getByRole('navigation', { name: 'Sessions and files' });
  await sessions.getByRole('button', { name: 'New session' }).click();
  await expect(sessions.getByRole('button', { name: 'Session 1', exact: true })).toBeVisible();
  await expect(sessions.getByText('● stateful').first()).toBeVisible();

  await sessions.getByRole('button', { name: 'Rename Session 1' }).click();
  await sessions.getByLabel('Session name').fill('Scratch');
  await sessions.getByRole('button', { name: 'Save' }).click();
  await expect(sessions.getByRole('button', { name: 'Scratch', exact: true })).toHaveAttribute('aria-current', 'true');

  await sessions.getByRole('button', { name: 'Duplicate Scratch' }).click();
  await expect(sessions.getByRole('button', { name: /^Scratch.+/ })).toBeVisible();
  await sessions.getByRole('button', { name: /^Delete Scratch.+/ }).click();
  await expect(sessions.getByRole('button', { name: /^Scratch.+/ })).toHaveCount(0);

  await page.reload();
  await expect(sessions.getByRole('button', { name: 'Scratch', exact: true })).toBeVisible();
  await expectNoSeriousA11yViolations(page);
});

test('files: a run in a chosen session writes files; preview text, CSV as a table, SVG as an image, binaries as hex', async ({ page }) => {
  page.on('dialog', (dialog) => void dialog.accept());
  await openWith(page, 'python', 'print("ready")', 'extended');
  const sidebar = page.getByRole('navigation', { name: 'Sessions and files' });
  await sidebar.getByRole('button', { name: 'New session' }).click();
  await expect(sidebar.getByRole('button', { name: 'Session 1', exact: true })).toHaveAttribute('aria-current', 'true');

  await sidebar.getByLabel('Files to upload').setInputFiles([
    { name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('hello notes') },
    { name: 'table.csv', mimeType: 'text/csv', buffer: Buffer.from('name,score\n"Ada, L.",3\n') },
    { name: 'logo.svg', mimeType: 'image/svg+xml', buffer: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"><script>parent.pwned=1</script><rect width="8" height="8"/></svg>') },
    { name: 'blob.bin', mimeType: 'application/octet-stream', buffer: Buffer.from([0, 1, 2, 0xff]) },
  ]);
  const files = sidebar.getByRole('list', { name: 'Workspace files' });
  await expect(files.getByRole('listitem')).toHaveCount(4);

  await sidebar.getByRole('button', { name: 'Preview notes.txt' }).click();
  await expect(sidebar.getByRole('region', { name: 'Contents of notes.txt' })).toHaveText('hello notes');
  await sidebar.getByRole('button', { name: 'Preview table.csv' }).click();
  await expect(sidebar.getByRole('cell', { name: 'Ada, L.' })).toBeVisible();
  await sidebar.getByRole('button', { name: 'Preview logo.svg' }).click();
  await expect(sidebar.getByRole('img', { name: 'Preview of logo.svg' })).toHaveAttribute('src', /^blob:/);
  expect(await page.evaluate(() => (window as { pwned?: number }).pwned)).toBeUndefined();
  await sidebar.getByRole('button', { name: 'Preview blob.bin' }).click();
  await expect(sidebar.getByRole('region', { name: 'Hex view of blob.bin' })).toContainText('00 01 02 ff');
  await expectNoSeriousA11yViolations(page);

  // The session's files are what its runs see, and what they write shows up.
  await page.evaluate(() => (location.hash = location.hash.replace(/code=[^&]*/, '')));
  await page.getByLabel('Code editor').fill('print(open("notes.txt").read()); open("out.json", "w").write(\'{"a": [1, 2]}\')');
  expect(await runAndWait(page)).toBe('completed');
  await expect(page.getByRole('log', { name: 'Output' })).toContainText('hello notes');
  await expect(files.getByRole('button', { name: 'Preview out.json' })).toBeVisible();

  const download = page.waitForEvent('download');
  await sidebar.getByRole('button', { name: 'Download notes.txt' }).click();
  expect((await download).suggestedFilename()).toBe('notes.txt');

  await sidebar.getByRole('button', { name: 'Delete blob.bin' }).click();
  await expect(files.getByRole('listitem')).toHaveCount(4);
  await expect(sidebar.getByRole('button', { name: 'Preview blob.bin' })).toHaveCount(0);

  // Export the session as a zip and import it back as a new session.
  const zip = page.waitForEvent('download');
  await sidebar.getByRole('button', { name: 'Download session zip' }).click();
  const path = await (await zip).path();
  await sidebar.getByLabel('Session zip to import').setInputFiles(path);
  await expect(sidebar.getByRole('button', { name: /^Session 1/ })).toHaveCount(2);
  await expect(sidebar.getByRole('button', { name: 'Preview out.json' })).toBeVisible();
});

test('files dropped on the files panel are uploaded into the session', async ({ page }) => {
  await openWith(page, 'python', 'print(open("dropped.txt").read())', 'extended');
  const sidebar = page.getByRole('navigation', { name: 'Sessions and files' });
  await sidebar.getByRole('button', { name: 'New session' }).click();
  await expect(sidebar.getByRole('button', { name: 'Session 1', exact: true })).toHaveAttribute('aria-current', 'true');
  const panel = sidebar.getByRole('region', { name: /^Files in Session 1/ });
  // A real DataTransfer carrying real File objects, as a drag from the desktop delivers.
  const dataTransfer = await page.evaluateHandle(() => {
    const transfer = new DataTransfer();
    transfer.items.add(new File(['dropped on the panel'], 'dropped.txt', { type: 'text/plain' }));
    transfer.items.add(new File([new Uint8Array([137, 80, 78, 71])], 'pixel.png', { type: 'image/png' }));
    return transfer;
  });
  await panel.dispatchEvent('dragover', { dataTransfer });
  await expect(panel).toHaveClass(/over/);
  await panel.dispatchEvent('drop', { dataTransfer });
  await expect(panel).not.toHaveClass(/over/);
  const files = sidebar.getByRole('list', { name: 'Workspace files' });
  await expect(files.getByRole('listitem')).toHaveCount(2);
  await expect(files.getByText('20 B')).toBeVisible();
  expect(await runAndWait(page)).toBe('completed');
  await expect(page.getByRole('log', { name: 'Output' })).toContainText('dropped on the panel');
});

test('theme toggle is remembered; phone width stacks the panes', async ({ page }) => {
  await openWith(page, 'javascript', 'console.log(1)');
  const toggle = page.getByRole('button', { name: /^Theme:/ });
  await toggle.click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  await toggle.click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await expectNoSeriousA11yViolations(page);

  await page.setViewportSize({ width: 390, height: 800 });
  const editor = await page.getByLabel('Code editor').boundingBox();
  const output = await page.getByRole('log', { name: 'Output' }).boundingBox();
  expect(editor && output && output.y > editor.y).toBe(true);
  expect(editor!.width).toBeGreaterThan(300);
  await expect(page.getByRole('button', { name: 'Run' })).toBeVisible();
  await expectNoSeriousA11yViolations(page);
});

test('the sidebar splitter resizes by keyboard', async ({ page }) => {
  await openWith(page, 'javascript', 'console.log(1)');
  const splitter = page.getByRole('separator', { name: 'Resize sidebar' });
  const before = Number(await splitter.getAttribute('aria-valuenow'));
  await splitter.focus();
  await page.keyboard.press('ArrowRight');
  await expect(splitter).toHaveAttribute('aria-valuenow', String(before + 16));
});
