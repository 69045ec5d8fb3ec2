import { expect, test } from '@playwright/test';
import { call, notifications, openHost, queueInputs, send } from './embed-host';

test.describe('embed JSON-RPC API from another origin', () => {
  test('ready, JavaScript with streamed output, engines and stats', async ({ page }) => {
    const ready = await openHost(page);
    expect(ready).toMatchObject({ version: '1.0', persistent: true });
    expect(ready!.engines).toContain('cpython');

    const reply = await call(page, 'execute', { code: 'for (let i = 0; i < 3; i++) console.log("line", i)', language: 'javascript' });
    expect(reply.error).toBeUndefined();
    expect(reply.result).toMatchObject({ status: 'completed', output: 'line 0\nline 1\nline 2\n' });
    const output = await notifications(page, 'output');
    expect(output.map((n) => (n.params as { text: string }).text).join('')).toBe('line 0\nline 1\nline 2\n');
    expect((output[0]!.params as { executionId: string }).executionId).toBe((reply.result as { id: string }).id);

    const engines = await call(page, 'engines');
    expect((engines.result as { id: string }[]).map((e) => e.id)).toEqual(expect.arrayContaining(['quickjs', 'cpython']));
    expect((await call(page, 'stats')).result).toMatchObject({ persistent: true });
  });

  test('Python with input() answered by the host', async ({ page }) => {
    await openHost(page);
    await queueInputs(page, ['Ada']);
    const reply = await call(page, 'execute', { code: 'name = input("Name? ")\nprint(f"Hello, {name}!")', language: 'python' });
    expect(reply.result).toMatchObject({ status: 'completed' });
    expect((reply.result as { output: string }).output).toContain('Hello, Ada!');
    const asked = await notifications(page, 'input.request');
    expect(asked[0]!.params).toMatchObject({ prompt: 'Name? ' });
  });

  test('sessions and files round trip', async ({ page }) => {
    await openHost(page);
    const created = await call(page, 'sessions.create', { name: 'docs', language: 'python' });
    const sessionId = (created.result as { id: string }).id;
    expect(sessionId).toBeTruthy();
    expect((await call(page, 'sessions.list')).result).toEqual(expect.arrayContaining([expect.objectContaining({ id: sessionId, name: 'docs' })]));

    expect((await call(page, 'files.write', { sessionId, path: '/app/data.txt', content: 'from the host' })).result).toMatchObject({ path: 'data.txt' });
    const run = await call(page, 'execute', {
      code: 'print(open("data.txt").read())\nopen("out.txt", "w").write("from python")',
      language: 'python',
      sessionId,
    });
    expect((run.result as { output: string }).output).toContain('from the host');
    expect((await call(page, 'files.list', { sessionId })).result).toEqual(
      expect.arrayContaining([expect.objectContaining({ path: 'data.txt' }), expect.objectContaining({ path: 'out.txt' })]),
    );
    expect((await call(page, 'files.read', { sessionId, path: 'out.txt' })).result).toMatchObject({ content: 'from python' });
    expect((await call(page, 'files.read', { sessionId, path: '/app/out.txt', encoding: 'base64' })).result).toMatchObject({ content: btoa('from python') });
    expect((await call(page, 'files.delete', { sessionId, path: 'out.txt' })).error).toBeUndefined();
    expect((await call(page, 'files.read', { sessionId, path: 'out.txt' })).error?.code).toBe(-32000);

    const audit = await call(page, 'audit.list', { executionId: (run.result as { id: string }).id });
    expect((audit.result as unknown[]).length).toBeGreaterThan(0);
    expect((await call(page, 'audit.verify')).result).toMatchObject({ ok: true });
    expect((await call(page, 'audit.export', { format: 'jsonl' })).result).toMatchObject({ format: 'jsonl' });
    expect((await call(page, 'sessions.reset', { id: sessionId })).result).toEqual({ id: sessionId });
    expect((await call(page, 'sessions.delete', { id: sessionId })).result).toEqual({ id: sessionId });
  });

  test('malformed messages get the right codes and never run code', async ({ page }) => {
    await openHost(page);
    expect(await send(page, '{not json')).toBeNull();
    // A parse error has id null: the host sees it as a stray message.
    await expect.poll(async () => (await notifications(page)).some((n) => (n.stray as { error?: { code: number } })?.error?.code === -32700)).toBe(true);
    expect((await send(page, { jsonrpc: '1.0', id: 'a', method: 'execute' }, 'a'))!.error!.code).toBe(-32600);
    expect((await send(page, { jsonrpc: '2.0', id: 'b', method: 42 }, 'b'))!.error!.code).toBe(-32600);
    expect((await call(page, 'rm -rf', {})).error!.code).toBe(-32601);
    const missing = await call(page, 'execute', { language: 'javascript' });
    expect(missing.error).toMatchObject({ code: -32602, data: { field: 'code' } });
    expect((await call(page, 'execute', { code: '1', language: 'cobol' })).error).toMatchObject({ code: -32602, data: { field: 'language' } });
    expect((await call(page, 'execute', 'nope')).error!.code).toBe(-32600);
    expect((await call(page, 'files.read', { sessionId: 1, path: 'x' })).error).toMatchObject({ code: -32602, data: { field: 'sessionId' } });
    const big = await call(page, 'execute', { code: `// ${'x'.repeat(1_100_000)}`, language: 'javascript' });
    expect(big.error).toMatchObject({ code: -32013, data: { status: 413 } });
    expect(await call(page, 'stats')).toMatchObject({ result: { running: 0 } });
  });

  test('tools/list and tools/call', async ({ page }) => {
    await openHost(page);
    const listed = await call(page, 'tools/list');
    const tools = (listed.result as { tools: { name: string; inputSchema: { required?: string[] } }[] }).tools;
    expect(tools.map((t) => t.name)).toEqual(['execute_code', 'read_file', 'write_file', 'list_files', 'reset_session']);
    expect(tools[0]!.inputSchema.required).toEqual(['code', 'language']);

    const ran = await call(page, 'tools/call', { name: 'execute_code', arguments: { code: 'print(6 * 7)', language: 'python' } });
    const result = ran.result as { content: { type: string; text: string }[]; structuredContent: { status: string; output: string; risk: { level: string } }; isError: boolean };
    expect(result.isError).toBe(false);
    expect(result.content[0]).toMatchObject({ type: 'text' });
    expect(result.content[0]!.text).toContain('42');
    expect(result.structuredContent).toMatchObject({ status: 'completed', output: '42\n' });
    expect(result.structuredContent.risk.level).toBeTruthy();

    const session = ((await call(page, 'sessions.create', { language: 'python' })).result as { id: string }).id;
    await call(page, 'tools/call', { name: 'write_file', arguments: { session_id: session, path: 'notes.md', content: '# hi' } });
    const read = await call(page, 'tools/call', { name: 'read_file', arguments: { session_id: session, path: '/app/notes.md' } });
    expect((read.result as { content: { text: string }[] }).content[0]!.text).toBe('# hi');
    const files = await call(page, 'tools/call', { name: 'list_files', arguments: { session_id: session } });
    expect((files.result as { structuredContent: { files: { path: string }[] } }).structuredContent.files).toEqual([expect.objectContaining({ path: 'notes.md' })]);
    expect((await call(page, 'tools/call', { name: 'reset_session', arguments: { session_id: session } })).result).toMatchObject({ isError: false });
    expect((await call(page, 'tools/call', { name: 'nope', arguments: {} })).error).toMatchObject({ code: -32602, data: { field: 'name' } });
    expect((await call(page, 'tools/call', { name: 'execute_code', arguments: { language: 'python' } })).error).toMatchObject({ code: -32602 });
  });
});
