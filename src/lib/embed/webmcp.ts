/**
 * The agent tools on WebMCP, where the browser has it. Chromium's preview (156, behind
 * `--enable-features=WebMCP`) puts the registry on `document.modelContext`; the spec's IDL puts it on
 * `navigator.modelContext`. Both take `registerTool({ name, description, inputSchema, execute, annotations })`.
 */
import type { Backend } from './backend';
import { TOOLS, callTool, type ToolResult } from './tools';

export interface ModelContextTool {
  name: string;
  description: string;
  inputSchema: object;
  execute(input: Record<string, unknown>, client?: unknown): Promise<ToolResult>;
  annotations?: { readOnlyHint?: boolean };
}

/** The part of a WebMCP registry we use. */
export interface ModelContextLike {
  registerTool(tool: ModelContextTool, options?: { signal?: AbortSignal }): unknown;
  unregisterTool?(name: string): void;
}

const READ_ONLY = new Set(['read_file', 'list_files']);

const isRegistry = (value: unknown): value is ModelContextLike =>
  typeof value === 'object' && value !== null && typeof (value as ModelContextLike).registerTool === 'function';

/** The WebMCP registries this page has, each once (the two names may be one object). */
export function modelContexts(): ModelContextLike[] {
  const found = [
    (globalThis.document as { modelContext?: unknown } | undefined)?.modelContext,
    (globalThis.navigator as { modelContext?: unknown } | undefined)?.modelContext,
  ];
  return [...new Set(found.filter(isRegistry))];
}

/** A tool call as WebMCP sees it: MCP content, never a throw for a failure the caller can read. */
async function execute(backend: Backend, name: string, input: unknown, maxCodeBytes: number): Promise<ToolResult> {
  const called = await callTool(backend, { name, arguments: input ?? {} }, { maxCodeBytes, handlers: {} });
  if (called.ok) return called.value;
  return { content: [{ type: 'text', text: called.error.message }], structuredContent: { error: called.error }, isError: true };
}

/**
 * Registers execute_code, read_file, write_file, list_files and reset_session on every registry
 * found. Returns the names registered and a dispose that takes them back.
 */
export function registerWebMcpTools(backend: Backend, options: { maxCodeBytes: number; registries?: ModelContextLike[] }) {
  const registries = options.registries ?? modelContexts();
  const controller = new AbortController();
  const registered: string[] = [];
  for (const registry of registries) {
    for (const tool of TOOLS) {
      try {
        registry.registerTool(
          {
            name: tool.name,
            description: tool.description,
            inputSchema: tool.inputSchema,
            execute: (input) => execute(backend, tool.name, input, options.maxCodeBytes),
            annotations: { readOnlyHint: READ_ONLY.has(tool.name) },
          },
          { signal: controller.signal },
        );
        registered.push(tool.name);
      } catch (error) {
        // A page that registered the name first keeps it; the rest still register.
        console.warn(`WebMCP: could not register ${tool.name}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }
  return {
    registered,
    dispose() {
      controller.abort();
      for (const registry of registries) for (const name of registered) registry.unregisterTool?.(name);
    },
  };
}
