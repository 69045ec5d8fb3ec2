import { expect, test } from '@playwright/test';
import type { ExecutionResult } from '../src/lib/sandbox/types';

/** Large code is analysed in a worker, so the page is not blocked while Lezer parses it. */
test('execute() analyses large code in the analysis worker and acts on what it finds', async ({ page }) => {
  await page.goto('/?bench');
  await page.waitForFunction(() => 'sandcell' in globalThis);
  const code = `import os\nos.system("ls")\n${'total = sum(i * i for i in range(10))\n'.repeat(1_000)}`;
  const result = await page.evaluate(async (code) => {
    const { sandbox } = (globalThis as unknown as { sandcell: { sandbox: { execute(r: unknown): Promise<ExecutionResult> } } }).sandcell;
    return sandbox.execute({ language: 'python', code, policy: 'strict' });
  }, code);
  expect(page.workers().some((w) => w.url().includes('analysis-worker'))).toBe(true);
  expect(result.status).toBe('blocked');
  // Lezer or, when a cold worker on a busy machine runs out of parse time, the token scan: either finds it.
  expect(result.dangerAnalysis.findings.map((f) => f.rule)).toContain('command-execution/os-command');
  expect(result.violations?.join(' ')).toMatch(/os-command|command/);
});
