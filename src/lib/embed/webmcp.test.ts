import { describe, expect, it, vi } from 'vitest';
import { createSandbox } from '../sandbox';
import { memoryBackend } from './backend';
import { registerWebMcpTools, type ModelContextLike, type ModelContextTool } from './webmcp';

/** A registry shaped as the WebMCP IDL: registerTool throws on a duplicate name. */
function registry(taken: string[] = []): ModelContextLike & { tools: Map<string, ModelContextTool> } {
  const tools = new Map<string, ModelContextTool>();
  return {
    tools,
    registerTool(tool, options) {
      if (taken.includes(tool.name) || tools.has(tool.name)) throw new Error(`duplicate ${tool.name}`);
      tools.set(tool.name, tool);
      options?.signal?.addEventListener('abort', () => tools.delete(tool.name));
    },
  };
}

describe('registerWebMcpTools', () => {
  const backend = memoryBackend(createSandbox({ warm: [] }));

  it('registers the five agent tools with their schemas, read-only ones marked', () => {
    const found = registry();
    const { registered } = registerWebMcpTools(backend, { maxCodeBytes: 1000, registries: [found] });
    expect(registered.sort()).toEqual(['execute_code', 'list_files', 'read_file', 'reset_session', 'write_file']);
    expect(found.tools.get('list_files')!.annotations).toEqual({ readOnlyHint: true });
    expect(found.tools.get('write_file')!.annotations).toEqual({ readOnlyHint: false });
    expect(found.tools.get('execute_code')!.inputSchema).toMatchObject({ required: ['code', 'language'] });
  });

  it('answers bad arguments and failures as MCP errors instead of throwing', async () => {
    const found = registry();
    registerWebMcpTools(backend, { maxCodeBytes: 10, registries: [found] });
    expect(await found.tools.get('execute_code')!.execute({ language: 'python' })).toMatchObject({
      isError: true,
      content: [{ type: 'text', text: expect.stringContaining('arguments.code') }],
    });
    expect(await found.tools.get('execute_code')!.execute({ language: 'python', code: 'print("far too long")' })).toMatchObject({
      isError: true,
      content: [{ type: 'text', text: expect.stringContaining('Payload too large') }],
    });
    expect(await found.tools.get('list_files')!.execute({ session_id: 'nope' })).toMatchObject({ isError: true, structuredContent: { error: 'no session "nope"' } });
  });

  it('keeps a name the page registered first, registers the rest, and takes its own back on dispose', () => {
    const found = registry(['read_file']);
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const { registered, dispose } = registerWebMcpTools(backend, { maxCodeBytes: 10, registries: [found] });
    expect(registered).not.toContain('read_file');
    expect(registered).toHaveLength(4);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('read_file'));
    dispose();
    expect(found.tools.size).toBe(0);
    warn.mockRestore();
  });
});
