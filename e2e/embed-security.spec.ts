import { expect, test } from '@playwright/test';
import { APP, HOST, call, notifications, openHost, useConfig as withConfig } from './embed-host';

test('an origin missing from the allowlist is refused and nothing runs', async ({ page }) => {
  await withConfig(page, { allowedOrigins: ['https://docs.example.com'] });
  await openHost(page, undefined, undefined, 2_000);
  // No `ready` for a page that may not call; a request still gets an answer saying why.
  const reply = await call(page, 'execute', { code: 'console.log("ran")', language: 'javascript' });
  expect(reply.error).toMatchObject({ code: -32003 });
  expect(reply.error!.message).toContain(HOST);
  expect((await call(page, 'tools/call', { name: 'execute_code', arguments: { code: 'print(1)', language: 'python' } })).error!.code).toBe(-32003);
  await page.waitForTimeout(500);
  expect(await notifications(page, 'output')).toEqual([]);
  expect(await notifications(page, 'ready')).toEqual([]);
});

test('the rate limit answers 429 past max requests per window', async ({ page }) => {
  await withConfig(page, { allowedOrigins: ['*'], rateLimit: { windowMs: 60_000, max: 3 } });
  await openHost(page);
  for (let i = 0; i < 3; i++) expect((await call(page, 'tools/list')).error).toBeUndefined();
  const limited = await call(page, 'execute', { code: 'console.log("ran")', language: 'javascript' });
  expect(limited.error).toMatchObject({ code: -32029, data: { status: 429 } });
  expect((limited.error!.data as { retryAfterMs: number }).retryAfterMs).toBeGreaterThan(0);
  expect(await notifications(page, 'output')).toEqual([]);
});

test('a MessagePort handed over with connect carries requests and notifications', async ({ page }) => {
  await openHost(page);
  const result = await page.evaluate(async () => {
    const frame = document.querySelector('iframe')!;
    const { port1, port2 } = new MessageChannel();
    const seen: { method?: string; id?: number; result?: { output?: string } }[] = [];
    const done = new Promise<void>((resolve) => {
      port1.onmessage = (event) => {
        seen.push(event.data);
        if (event.data.id === 2) resolve();
      };
    });
    frame.contentWindow!.postMessage({ jsonrpc: '2.0', id: 1, method: 'connect' }, new URL(frame.src).origin, [port2]);
    await new Promise((r) => setTimeout(r, 200));
    port1.postMessage({ jsonrpc: '2.0', id: 2, method: 'execute', params: { code: 'console.log("over the port")', language: 'javascript' } });
    await done;
    return seen;
  });
  expect(result.map((m) => m.method ?? m.id)).toEqual(expect.arrayContaining(['ready', 'output', 2]));
  expect(result.find((m) => m.id === 2)!.result!.output).toBe('over the port\n');
});

test('inside sandbox="allow-scripts" alone it says it has no storage and keeps sessions in memory', async ({ page }) => {
  // An opaque-origin iframe loads its modules with CORS: the fixture server serves the build with CORS open.
  const ready = await openHost(page, `${HOST}/index.html?embed`, 'allow-scripts');
  expect(ready).toMatchObject({ persistent: false });
  const frame = page.frameLocator('iframe');
  await expect(frame.getByRole('log', { name: 'Output' })).toContainText('No storage');
  const sessionId = ((await call(page, 'sessions.create', { language: 'python' })).result as { id: string }).id;
  expect((await call(page, 'files.write', { sessionId, path: '/app/a.txt', content: 'kept in memory' })).result).toMatchObject({ path: 'a.txt' });
  expect((await call(page, 'files.read', { sessionId, path: 'a.txt' })).result).toMatchObject({ content: 'kept in memory' });
  expect((await call(page, 'sessions.list')).result).toEqual([expect.objectContaining({ id: sessionId })]);
  expect((await call(page, 'audit.verify')).error).toMatchObject({ code: -32000 });
  expect((await call(page, 'stats')).result).toMatchObject({ persistent: false });
});

test('inside sandbox="allow-scripts" alone it runs code', async ({ page }) => {
  // Engine workers start through a classic blob bootstrap there (lib/embed/opaque-workers.ts).
  await openHost(page, `${HOST}/index.html?embed`, 'allow-scripts');
  const run = await call(page, 'execute', { code: 'console.log(1 + 1)', language: 'javascript' });
  expect(run.result).toMatchObject({ status: 'completed', output: '2\n' });
  const sessionId = ((await call(page, 'sessions.create', { language: 'python' })).result as { id: string }).id;
  await call(page, 'files.write', { sessionId, path: 'a.txt', content: 'kept in memory' });
  const py = await call(page, 'execute', { code: 'text = open("/app/a.txt").read()\nprint(text)', language: 'python', sessionId });
  expect(py.result).toMatchObject({ status: 'completed', output: 'kept in memory\n' });
  // The session's interpreter lives on between runs, in memory.
  const again = await call(page, 'execute', { code: 'print(text.upper())', language: 'python', sessionId });
  expect(again.result).toMatchObject({ status: 'completed', output: 'KEPT IN MEMORY\n' });
});

test('inside sandbox="allow-scripts allow-same-origin" it keeps sessions in storage', async ({ page }) => {
  const ready = await openHost(page, `${APP}/index.html?embed`, 'allow-scripts allow-same-origin');
  expect(ready).toMatchObject({ persistent: true });
  expect((await call(page, 'execute', { code: 'print("hi")', language: 'python' })).result).toMatchObject({ output: 'hi\n' });
});
