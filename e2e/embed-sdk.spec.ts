import { expect, test, type Page } from '@playwright/test';
import type { connect as Connect } from '../src/sdk/client';
import { APP, HOST, useConfig, TEST_CONFIG } from './embed-host';

type SdkWindow = { sdk: { connect: typeof Connect } };

async function openSdkPage(page: Page) {
  await useConfig(page, TEST_CONFIG);
  await page.goto(`${HOST}/sdk.html?app=${encodeURIComponent(APP)}`);
  await page.waitForFunction(() => 'sdk' in window);
}

test('sandcell-embed.js turns the marked blocks of a docs page into embeds sized by resize', async ({ page }) => {
  await page.goto(`${HOST}/docs.html?app=${encodeURIComponent(APP)}`);
  const frames = page.locator('iframe[title="Sandcell code runner"]');
  await expect(frames).toHaveCount(3);
  await expect(page.locator('pre[data-sandcell], code[data-sandcell]')).toHaveCount(0);
  await expect(page.locator('#plain')).toHaveText('not runnable');
  await expect(frames.nth(0)).toHaveAttribute('src', new RegExp(`^${APP}/index\\.html\\?embed=?&lang=python&autorun=?#code=`));
  await expect(frames.nth(1)).toHaveAttribute('src', /lang=javascript/);

  // The Python block runs by itself (data-autorun); its frame takes the height the embed reports.
  const python = page.frameLocator('iframe[title="Sandcell code runner"] >> nth=0');
  await expect(python.getByRole('log', { name: 'Output' })).toContainText('45', { timeout: 60_000 });
  await expect.poll(() => frames.nth(0).evaluate((f: HTMLIFrameElement) => f.style.height)).not.toBe('320px');
  const reported = await frames.nth(0).evaluate((f: HTMLIFrameElement) => parseFloat(f.style.height));
  const content = await python.locator('main').evaluate((m) => Math.ceil(m.getBoundingClientRect().height));
  expect(reported).toBe(content);

  const js = page.frameLocator('iframe[title="Sandcell code runner"] >> nth=1');
  await js.getByRole('button', { name: 'Run' }).click();
  await expect(js.getByRole('log', { name: 'Output' })).toContainText('docs page');

  const asking = page.frameLocator('iframe[title="Sandcell code runner"] >> nth=2');
  await frames.nth(2).scrollIntoViewIfNeeded();
  await asking.getByRole('button', { name: 'Run' }).click();
  await asking.getByLabel('Program input').fill('Ada');
  await asking.getByLabel('Program input').press('Enter');
  await expect(asking.getByRole('log', { name: 'Output' })).toContainText('hello Ada', { timeout: 60_000 });
});

test('sandcell-client.js drives an embed: streamed output, input, sessions, files and tools', async ({ page }) => {
  await openSdkPage(page);
  const seen = await page.evaluate(async (app) => {
    const { connect } = (window as unknown as SdkWindow).sdk;
    const client = await connect(`${app}/index.html?embed`);
    const chunks: string[] = [];
    const js = await client.execute(
      { language: 'javascript', code: 'for (let i = 0; i < 3; i++) console.log("line", i)' },
      { onOutput: (stream, text) => chunks.push(`${stream}:${text}`) },
    );
    const prompts: string[] = [];
    const py = await client.execute(
      { language: 'python', code: 'name = input("Name? ")\nprint(f"Hello, {name}!")' },
      { onInput: (prompt) => (prompts.push(prompt), 'Ada') },
    );
    // Nobody to answer: the guest reads end of input instead of waiting for ever.
    const unanswered = await client.execute({ language: 'python', code: 'try:\n    input()\nexcept EOFError:\n    print("eof")' });

    const session = await client.sessions.create({ name: 'sdk', language: 'python' });
    await client.files.write(session.id, '/app/in.txt', 'from the SDK');
    const run = await client.execute({ language: 'python', sessionId: session.id, code: 'open("out.txt", "w").write(open("in.txt").read().upper())' });
    const files = (await client.files.list(session.id)).map((f) => f.path).sort();
    const out = await client.files.read(session.id, 'out.txt');

    const tools = (await client.tools.list()).tools.map((t) => t.name);
    const toolChunks: string[] = [];
    const tool = await client.tools.call(
      'execute_code',
      { code: 'print(6 * 7)', language: 'python', session_id: session.id },
      { onOutput: (_stream, text) => toolChunks.push(text) },
    );
    const read = await client.tools.call('read_file', { session_id: session.id, path: 'out.txt' });
    let bad: { name: string; code: number; message: string } | undefined;
    await client.files.read(session.id, 'nope.txt').catch((error) => (bad = { name: error.name, code: error.code, message: error.message }));
    const ready = client.ready;
    client.close();
    const frameLeft = document.querySelectorAll('iframe').length;
    return { js, chunks, py, prompts, unanswered, run, files, out, tools, tool, toolChunks, read, bad, ready, frameLeft };
  }, APP);

  expect(seen.ready).toMatchObject({ version: '1.0', persistent: true });
  expect(seen.js).toMatchObject({ status: 'completed', output: 'line 0\nline 1\nline 2\n' });
  expect(seen.chunks.map((c) => c.replace(/^stdout:/, '')).join('')).toBe('line 0\nline 1\nline 2\n');
  expect(seen.chunks.every((c) => c.startsWith('stdout:'))).toBe(true);
  expect(seen.prompts).toEqual(['Name? ']);
  expect(seen.py.output).toContain('Hello, Ada!');
  expect(seen.unanswered).toMatchObject({ status: 'completed', output: 'eof\n' });
  expect(seen.run).toMatchObject({ status: 'completed' });
  expect(seen.files).toEqual(['in.txt', 'out.txt']);
  expect(seen.out).toMatchObject({ content: 'FROM THE SDK' });
  expect(seen.tools).toEqual(['execute_code', 'read_file', 'write_file', 'list_files', 'reset_session']);
  expect(seen.tool).toMatchObject({ isError: false, structuredContent: { status: 'completed', output: '42\n' } });
  expect(seen.tool.content[0]!.text).toContain('42');
  expect(seen.toolChunks.join('')).toBe('42\n');
  expect(seen.read).toMatchObject({ content: [{ type: 'text', text: 'FROM THE SDK' }] });
  expect(seen.bad).toMatchObject({ name: 'SandcellError', code: -32000 });
  expect(seen.bad!.message).toContain('nope.txt');
  expect(seen.frameLeft).toBe(0);
});

test('sandcell-client.js connects to an iframe sandboxed with allow-scripts alone', async ({ page }) => {
  await openSdkPage(page);
  const seen = await page.evaluate(async (host) => {
    const frame = document.createElement('iframe');
    frame.setAttribute('sandbox', 'allow-scripts');
    // Served with CORS open: an opaque-origin page loads its modules with CORS.
    frame.src = `${host}/index.html?embed`;
    document.body.append(frame);
    const client = await (window as unknown as SdkWindow).sdk.connect(frame);
    const chunks: string[] = [];
    const result = await client.execute({ language: 'javascript', code: 'console.log("opaque")' }, { onOutput: (_s, t) => chunks.push(t) });
    client.close();
    return { ready: client.ready, result, chunks, frameKept: frame.isConnected };
  }, HOST);
  expect(seen.ready).toMatchObject({ persistent: false });
  expect(seen.result).toMatchObject({ status: 'completed', output: 'opaque\n' });
  expect(seen.chunks.join('')).toBe('opaque\n');
  expect(seen.frameKept).toBe(true);
});
