import { expect, test, type Page } from '@playwright/test';
import { SCALE } from './scale';

interface Link {
  seq: number;
  hash: string;
  event: string;
  executionId: string | null;
}

type StoreHandle = { sandcell: { sandbox: { execute(r: unknown): Promise<{ id: string; status: string }> }; store: { audit: { range(): Promise<{ ok: boolean; value?: Link[] }>; verify(): Promise<{ ok: boolean; value?: { ok: boolean } }> } } } };

/** The audit records IndexedDB holds now: committed, whatever happens to the tab next. */
async function committed(page: Page): Promise<Link[]> {
  await page.waitForFunction(() => 'sandcell' in globalThis);
  return page.evaluate(async () => {
    const range = await (globalThis as unknown as StoreHandle).sandcell.store.audit.range();
    if (!range.ok) throw new Error('audit.range failed');
    return range.value!.map(({ seq, hash, event, executionId }) => ({ seq, hash, event, executionId }));
  });
}

/** Mulberry32: the reload points are random but the same for a seed, so a failure reproduces. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

test.describe.configure({ timeout: Math.max(4, SCALE.durabilityRuns / 8) * 60_000 });

test(`reloads at random points during ${SCALE.durabilityRuns} runs lose no committed audit record, and the chain verifies`, async ({ page }) => {
  const next = random(SCALE.seed);
  await page.goto('/');
  let known = new Map<number, Link>();
  let reloads = 0;
  for (let i = 0; i < SCALE.durabilityRuns; i++) {
    const python = i % 3 === 2;
    const sleepMs = Math.floor(next() * 300);
    const request = python
      ? { language: 'python', sessionId: 'durable-py', policy: 'extended', code: `import time\ntime.sleep(${sleepMs / 1000})\nopen('n.txt', 'w').write('${i}')` }
      : { language: 'javascript', sessionId: 'durable-js', policy: 'extended', code: `await new Promise((r) => setTimeout(r, ${sleepMs})); require('fs').writeFileSync('n.txt', '${i}')` };
    await page.waitForFunction(() => 'sandcell' in globalThis);
    const finished = page.evaluate((r) => (globalThis as unknown as StoreHandle).sandcell.sandbox.execute(r).then((x) => x.status), request).catch(() => 'reloaded');
    // Reload somewhere between the request's first write and well after the run's end; or not at all.
    const reload = next() < 0.6;
    await page.waitForTimeout(Math.floor(next() * (sleepMs + 200)));
    if (reload) {
      const before = await committed(page).catch(() => undefined);
      for (const link of before ?? []) known.set(link.seq, link);
      await page.reload();
      reloads++;
      await finished;
    } else {
      expect(await finished).toBe('completed');
    }
    const now = await committed(page);
    const bySeq = new Map(now.map((l) => [l.seq, l]));
    const lost = [...known.values()].filter((l) => bySeq.get(l.seq)?.hash !== l.hash);
    expect(lost, `run ${i}: committed records gone or changed`).toEqual([]);
    known = bySeq;
  }
  const verified = await page.evaluate(async () => (await (globalThis as unknown as StoreHandle).sandcell.store.audit.verify()).value);
  console.log(`durability: ${SCALE.durabilityRuns} runs, ${reloads} reloads, ${known.size} audit records kept`);
  expect(verified).toMatchObject({ ok: true });
  const seqs = [...known.keys()].sort((a, b) => a - b);
  expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, k) => seqs[0]! + k));
});
