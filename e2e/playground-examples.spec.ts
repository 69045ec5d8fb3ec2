import { readdirSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { execute, openWith } from './app';
import { expectNoSeriousA11yViolations } from './playground-a11y';
import type { Example } from '../src/examples/types';

// The gallery's own index uses Vite's import.meta.glob; here the files are listed from disk.
const dir = new URL('../src/examples/', import.meta.url);
const files = readdirSync(dir).filter((f) => f.endsWith('.ts') && !['index.ts', 'types.ts'].includes(f) && !f.endsWith('.test.ts'));
const examples: Example[] = await Promise.all(files.sort().map(async (f) => ((await import(new URL(f, dir).href)) as { default: Example }).default));

test('the gallery opens an example in the editor without running it', async ({ page }) => {
  await openWith(page, 'javascript', '1');
  await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Examples' }).click();
  const gallery = page.getByRole('region', { name: 'Examples' });
  await expect(gallery.getByRole('listitem')).toHaveCount(examples.length);
  await expectNoSeriousA11yViolations(page);
  await gallery.getByRole('button', { name: 'Open example Calculator' }).click();
  await expect(page.getByLabel('Code editor')).toContainText('PREC');
  await expect(page.getByLabel('Policy')).toHaveValue('strict');
  await expect(page.getByLabel('Run status')).toHaveText('idle');
});

test('every example gives its expected output; the dangerous ones are blocked', async ({ page }) => {
  test.setTimeout(180_000);
  await openWith(page, 'javascript', '1');
  const expectInOrder = (id: string, output: string, lines: readonly string[]) => {
    let from = 0;
    for (const line of lines) {
      const at = output.indexOf(line, from);
      expect(at, `${id} prints ${JSON.stringify(line)} in order; got ${JSON.stringify(output)}`).toBeGreaterThanOrEqual(0);
      from = at + line.length;
    }
  };
  for (const example of examples) {
    const request = { language: example.language, policy: example.policy, code: example.code, sessionId: `example-${example.id}` };
    const result = await execute(page, { ...request, ...(example.files ? { files: { ...example.files } } : {}) });
    expect(result.status, `${example.id}: ${result.stderr}`).toBe(example.expected.status);
    expectInOrder(example.id, result.output, example.expected.output);
    if (example.expected.again) {
      // The next turn in the same session sees what the first one left.
      const again = await execute(page, request);
      expect(again.status, `${example.id}, second run: ${again.stderr}`).toBe('completed');
      expectInOrder(`${example.id} (second run)`, again.output, example.expected.again);
    }
  }
});
