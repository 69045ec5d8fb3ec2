import { expect, test } from '@playwright/test';
import { APP, call, notifications, openHost } from './embed-host';

type StoreHandle = { sandcell: { store: { sessions: { list(): Promise<{ ok: boolean; value: { id: string }[] }> } } } };

test('the full app serves the JSON-RPC API to an allowed host, with that origin\'s own sessions', async ({ page }) => {
  const ready = await openHost(page, `${APP}/index.html`);
  expect(ready).toMatchObject({ version: '1.0', persistent: true });

  const reply = await call(page, 'execute', { code: 'console.log("from the app")', language: 'javascript' });
  expect(reply.result).toMatchObject({ status: 'completed', output: 'from the app\n' });
  const output = await notifications(page, 'output');
  expect(output.map((n) => (n.params as { text: string }).text).join('')).toBe('from the app\n');

  const tool = await call(page, 'tools/call', { name: 'execute_code', arguments: { code: 'print(6 * 7)', language: 'python' } });
  expect(tool.result).toMatchObject({ isError: false, structuredContent: { status: 'completed', output: '42\n' } });

  // The host's sessions live in its own database, not in the playground's.
  const session = (await call(page, 'sessions.create', { name: 'from the host' })).result as { id: string };
  expect((await call(page, 'sessions.list')).result).toEqual([expect.objectContaining({ id: session.id })]);
  const app = page.frames().find((f) => f.url().startsWith(APP))!;
  await app.waitForFunction(() => 'sandcell' in globalThis);
  const own = await app.evaluate(async () => (await (globalThis as unknown as StoreHandle).sandcell.store.sessions.list()).value.map((s) => s.id));
  expect(own).not.toContain(session.id);
});

test('where navigator.modelContext exists (the spec\'s shape) the full app registers the same tools there', async ({ page }) => {
  // A registry shaped as the WebMCP spec's IDL: registerTool(tool), unregisterTool(name). It records
  // what the page registers, and the test then calls a tool through the recorded execute().
  await page.addInitScript(() => {
    const tools = new Map<string, { name: string; inputSchema: object; annotations?: object; execute(input: object, client: object): Promise<unknown> }>();
    const modelContext = {
      registerTool(tool: { name: string; description: string; inputSchema: object; execute(input: object, client: object): Promise<unknown> }) {
        if (typeof tool.name !== 'string' || typeof tool.description !== 'string' || typeof tool.execute !== 'function') throw new TypeError('invalid tool');
        if (tools.has(tool.name)) throw new DOMException(`duplicate tool ${tool.name}`, 'InvalidStateError');
        tools.set(tool.name, tool);
      },
      unregisterTool(name: string) {
        tools.delete(name);
      },
    };
    Object.defineProperty(Navigator.prototype, 'modelContext', { get: () => modelContext, configurable: true });
    (window as unknown as { registered: typeof tools }).registered = tools;
  });
  await page.goto('/');
  type Registered = { registered: Map<string, { inputSchema: object; annotations?: object; execute(input: object, client: object): Promise<unknown> }> };
  await page.waitForFunction(() => (window as unknown as Registered).registered.size === 5);
  const names = await page.evaluate(() => [...(window as unknown as Registered).registered.keys()].sort());
  expect(names).toEqual(['execute_code', 'list_files', 'read_file', 'reset_session', 'write_file']);
  expect(await page.evaluate(() => (window as unknown as Registered).registered.get('read_file')!.annotations)).toEqual({ readOnlyHint: true });
  const result = await page.evaluate(() =>
    (window as unknown as Registered).registered.get('execute_code')!.execute({ code: 'console.log([1, 2, 3].map((n) => n * 2).join(","))', language: 'javascript' }, {}),
  );
  expect(result).toMatchObject({ isError: false, structuredContent: { status: 'completed', output: '2,4,6\n' } });
  const bad = await page.evaluate(() => (window as unknown as Registered).registered.get('execute_code')!.execute({ language: 'javascript' }, {}));
  expect(bad).toMatchObject({ isError: true, content: [{ type: 'text', text: expect.stringContaining('arguments.code') }] });
});
