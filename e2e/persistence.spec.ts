import { expect, test, type Page } from '@playwright/test';
import { execute, openWith } from './app';

type Handle = { sandbox: { execute(r: unknown, h?: unknown): Promise<unknown> } };

/** Calls `store[group][method](...args)` in the page; returns the Result's value or throws its message. */
function storeCall<T>(page: Page, method: string, ...args: unknown[]): Promise<T> {
  return page.evaluate(
    async ({ path, params }) => {
      const { store } = (globalThis as unknown as { sandcell: { store: Record<string, Record<string, (...a: unknown[]) => Promise<{ ok: boolean; value?: unknown; error?: Error }>>> } }).sandcell;
      const [group, name] = path.split('.') as [string, string];
      const result = await store[group]![name]!(...params);
      if (!result.ok) throw new Error(result.error?.message);
      return JSON.parse(JSON.stringify(result.value ?? null));
    },
    { path: method, params: args },
  ) as Promise<T>;
}

test('a file Python writes survives a reload and JavaScript reads it in the same session', async ({ page }) => {
  await openWith(page, 'python', 'print(1)');
  const session = { sessionId: 'survives-reload', policy: 'extended' } as const;
  const write = await execute(page, { ...session, language: 'python', code: `open('notes.txt', 'w').write('kept across reloads')` });
  expect(write.status).toBe('completed');
  await page.reload();
  const read = await execute(page, { ...session, language: 'javascript', code: `console.log(require('fs').readFileSync('notes.txt', 'utf8'))` });
  expect(read.output).toBe('kept across reloads\n');
  const files = await storeCall<{ path: string }[]>(page, 'files.list', session.sessionId);
  expect(files.map((f) => f.path)).toEqual(['notes.txt']);
});

test('a reload in the middle of a run leaves it requested and started, never finished', async ({ page }) => {
  await openWith(page, 'python', 'print(1)');
  const id = await page.evaluate(
    () =>
      new Promise<string>((resolve) => {
        const { sandbox } = (globalThis as unknown as { sandcell: Handle }).sandcell;
        void sandbox.execute({ language: 'python', sessionId: 'mid-run', policy: 'agent', code: 'while True:\n    pass' }, { onStart: resolve });
      }),
  );
  await page.waitForTimeout(300);
  await page.reload();
  await expect(page.getByLabel('Code editor')).toBeVisible();
  const events = await storeCall<{ event: string }[]>(page, 'audit.forExecution', id);
  expect(events.map((e) => e.event)).toEqual(['requested', 'policy', 'started']);
  const detail = await storeCall<{ summary: { phase: string } }>(page, 'executions.get', id);
  expect(detail.summary.phase).toBe('interrupted');
  const verified = await storeCall<{ ok: boolean }>(page, 'audit.verify');
  expect(verified.ok).toBe(true);
});

test('two tabs running in one session take turns and keep the chain whole', async ({ page, context }) => {
  const other = await context.newPage();
  await openWith(page, 'python', 'print(1)');
  await openWith(other, 'python', 'print(1)');
  const run = (tab: Page, name: string) =>
    execute(tab, {
      language: 'python', sessionId: 'two-tabs', policy: 'extended',
      code: `import time, os\nbefore = sorted(os.listdir('.'))\ntime.sleep(0.3)\nopen('${name}.txt', 'w').write(str(before))`,
    });
  const [a, b] = await Promise.all([run(page, 'a'), run(other, 'b')]);
  expect(a.status).toBe('completed');
  expect(b.status).toBe('completed');
  const files = await storeCall<{ path: string }[]>(page, 'files.list', 'two-tabs');
  expect(files.map((f) => f.path).sort()).toEqual(['a.txt', 'b.txt']);
  // The Web Lock made them take turns: whichever ran second saw the first one's file.
  const seen = await Promise.all(
    ['a.txt', 'b.txt'].map((path) =>
      storeCall<Record<string, number>>(page, 'files.read', 'two-tabs', path).then((bytes) => new TextDecoder().decode(new Uint8Array(Object.values(bytes)))),
    ),
  );
  expect(seen.filter((s) => s.includes('.txt')).length).toBe(1);
  const records = await storeCall<{ seq: number }[]>(page, 'audit.range');
  const seqs = records.map((r) => r.seq);
  expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => seqs[0]! + i));
  expect((await storeCall<{ ok: boolean }>(page, 'audit.verify')).ok).toBe(true);
});
