// WebMCP as Chromium ships it (156, behind --enable-features=WebMCP): the registry is document.modelContext,
// and Playwright's page.webmcp lists and calls its tools as a browser agent would.
import { expect, test, type Page } from '@playwright/test';
import type { ToolResult } from '../src/lib/embed/tools';
import { CHROMIUM_ARGS, chromiumPath } from './chromium';

type StoreHandle = { sandcell: { store: { sessions: { list(): Promise<{ ok: boolean; value: { id: string }[] }> } } } };

test.use({ launchOptions: { executablePath: chromiumPath(), args: [...CHROMIUM_ARGS, '--enable-features=WebMCP'] } });

/** The page's WebMCP tools, once the app has registered them. */
async function webmcpTools(page: Page) {
  await expect.poll(async () => (await page.webmcp.tools()).length, { timeout: 30_000 }).toBeGreaterThan(0);
  return page.webmcp.tools();
}

test('the full app registers the agent tools, and an agent calls them through the browser', async ({ page }) => {
  await page.goto('/');
  const tools = await webmcpTools(page);
  expect(tools.map((t) => t.name).sort()).toEqual(['execute_code', 'list_files', 'read_file', 'reset_session', 'write_file']);
  expect(tools.find((t) => t.name === 'execute_code')!.inputSchema).toMatchObject({ required: ['code', 'language'] });

  const ran = (await page.webmcp.callTool('execute_code', { code: 'x = 6 * 7\nprint(x)', language: 'python', session_id: 'agent' })) as ToolResult;
  expect(ran).toMatchObject({ isError: false, structuredContent: { status: 'completed', output: '42\n', risk: { level: 'safe' } } });
  expect(ran.content[0]!.text).toContain('42');

  expect(await page.webmcp.callTool('write_file', { session_id: 'agent', path: 'notes.txt', content: 'from the agent' })).toMatchObject({ isError: false });
  expect(await page.webmcp.callTool('read_file', { session_id: 'agent', path: '/app/notes.txt' })).toMatchObject({ content: [{ type: 'text', text: 'from the agent' }] });
  const listed = (await page.webmcp.callTool('list_files', { session_id: 'agent' })) as ToolResult;
  expect(listed.structuredContent.files).toEqual([expect.objectContaining({ path: 'notes.txt' })]);
  // Session state lives on until reset_session drops it.
  expect(await page.webmcp.callTool('execute_code', { code: 'print(x + 1)', language: 'python', session_id: 'agent' })).toMatchObject({ structuredContent: { output: '43\n' } });
  expect(await page.webmcp.callTool('reset_session', { session_id: 'agent' })).toMatchObject({ isError: false });
  const after = (await page.webmcp.callTool('execute_code', { code: 'print(x)', language: 'python', session_id: 'agent' })) as ToolResult;
  expect(after).toMatchObject({ isError: true, structuredContent: { status: 'error' } });
  expect(after.content[0]!.text).toContain('NameError');

  // The agent's runs are the playground's own: recorded in its history.
  const sessions = await page.evaluate(async () => (await (globalThis as unknown as StoreHandle).sandcell.store.sessions.list()).value.map((s) => s.id));
  expect(sessions).toContain('agent');
});
