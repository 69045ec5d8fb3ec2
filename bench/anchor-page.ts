/** Drives an anchor page (bench/fixtures/anchor.html: Pyodide, bare QuickJS) through its `globalThis.anchor`. */
import type { Page } from '@playwright/test';
import type { AnchorClient } from './fixtures/anchor-client';

export type AnchorName = 'pyodide' | 'quickjs';

type AnchorGlobals = { anchor: AnchorClient };

/** Loads the anchor page and times navigation start → the first result of `code`, in the page's clock. */
export async function anchorColdStart(page: Page, name: AnchorName, code: string): Promise<{ ms: number; version: string }> {
  await page.goto(`/bench/anchor.html?${name}`);
  await page.waitForFunction(() => 'anchor' in globalThis);
  return page.evaluate(async (code) => {
    const { anchor } = globalThis as unknown as AnchorGlobals;
    const version = await anchor.start();
    await anchor.run(code);
    return { ms: performance.now(), version };
  }, code);
}

/** Round trips of `count` runs of `code` in the anchor's stateful interpreter or context. */
export async function anchorRuns(page: Page, code: string, count: number): Promise<number[]> {
  return page.evaluate(({ code, count }) => (globalThis as unknown as AnchorGlobals).anchor.repeat(code, count), { code, count });
}

/** Round trips of `count` runs of `code`, each in a new interpreter or context. */
export async function anchorFresh(page: Page, code: string, count: number): Promise<number[]> {
  return page.evaluate(
    async ({ code, count }) => {
      const times: number[] = [];
      for (let i = 0; i < count; i++) times.push((await (globalThis as unknown as AnchorGlobals).anchor.fresh(code)).ms);
      return times;
    },
    { code, count },
  );
}
