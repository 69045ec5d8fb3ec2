/**
 * The client SDK, built as `sandcell-client.js`: `connect(iframe | url)` talks to a Sandcell embed
 * over a MessagePort, with typed calls, streamed output and `input()` answered by the host.
 */
import type { FileEntry, SessionInfo } from '../lib/embed/backend';
import { isNotification, isResponse, type ReadyParams, type RequestId, type RpcResponse } from '../lib/embed/protocol';
import type { Tool, ToolResult } from '../lib/embed/tools';
import type { EngineInfo, ExecuteRequest, ExecutionResult, OutputStream, PoolStats } from '../lib/sandbox/types';
import { handshake } from './handshake';
import { SandcellError } from './sandcell-error';

export { SandcellError };
export type { EngineInfo, ExecuteRequest, ExecutionResult, FileEntry, OutputStream, ReadyParams, SessionInfo, Tool, ToolResult };

export interface RunHandlers {
  /** Output while the code runs, in batches. */
  onOutput?: (stream: OutputStream, text: string) => void;
  /** Answers `input()`; null is end of input. Without it the guest reads end of input. */
  onInput?: (prompt: string) => Promise<string | null> | string | null;
}

export interface ConnectOptions {
  /** How long to wait for the embed to answer `connect`. Default 30 s. */
  timeoutMs?: number;
}

export interface SandcellClient {
  /** What the embed said when it connected: protocol version, engines, and whether it has storage. */
  readonly ready: ReadyParams;
  execute(request: ExecuteRequest, handlers?: RunHandlers): Promise<ExecutionResult>;
  cancel(id: string): Promise<{ cancelled: boolean }>;
  engines(): Promise<EngineInfo[]>;
  stats(): Promise<PoolStats & { persistent: boolean }>;
  /** Any method by name, for what the typed helpers do not cover. */
  call<T = unknown>(method: string, params?: unknown): Promise<T>;
  tools: {
    list(): Promise<{ tools: Tool[] }>;
    call(name: string, args: Record<string, unknown>, handlers?: RunHandlers): Promise<ToolResult>;
  };
  sessions: {
    create(params?: { name?: string; language?: 'javascript' | 'python' }): Promise<SessionInfo>;
    list(): Promise<SessionInfo[]>;
    reset(id: string): Promise<{ id: string }>;
    delete(id: string): Promise<{ id: string }>;
  };
  files: {
    list(sessionId: string): Promise<FileEntry[]>;
    read(sessionId: string, path: string, encoding?: 'utf8' | 'base64'): Promise<{ path: string; encoding: string; content: string }>;
    write(sessionId: string, path: string, content: string, encoding?: 'utf8' | 'base64'): Promise<FileEntry>;
    delete(sessionId: string, path: string): Promise<{ path: string }>;
  };
  audit: {
    list(params?: { executionId?: string; limit?: number }): Promise<unknown[]>;
    verify(): Promise<unknown>;
    export(): Promise<{ format: 'jsonl'; files: { name: string; text: string }[] }>;
  };
  /** Rejects calls still waiting, closes the port, and removes an iframe the client created. */
  close(): void;
}

interface Waiting {
  resolve(value: unknown): void;
  reject(error: Error): void;
  handlers?: RunHandlers;
}

/**
 * Connects to an embed: an `<iframe>` already on the page, or a URL (`https://sandcell.example/index.html?embed`)
 * for a hidden one. The host's origin must be in the embed's `allowedOrigins`.
 */
export async function connect(target: HTMLIFrameElement | string, options: ConnectOptions = {}): Promise<SandcellClient> {
  const created = typeof target === 'string';
  const frame = typeof target === 'string' ? hiddenFrame(target) : target;
  let connected: Awaited<ReturnType<typeof handshake>>;
  try {
    connected = await handshake(frame, options.timeoutMs ?? 30_000);
  } catch (error) {
    if (created) frame.remove();
    throw error;
  }
  const { port, ready } = connected;
  let nextId = 1;
  const pending = new Map<RequestId, Waiting>();

  port.onmessage = (event: MessageEvent<unknown>) => {
    const message = event.data;
    if (isResponse(message)) settle(message);
    else if (isNotification(message) && (message.method === 'output' || message.method === 'input.request')) notify(message.method, message.params);
  };

  function settle(message: RpcResponse) {
    const waiting = message.id === null ? undefined : pending.get(message.id);
    if (!waiting) return;
    pending.delete(message.id!);
    if ('error' in message) waiting.reject(new SandcellError(message.error.code, message.error.message, message.error.data));
    else waiting.resolve(message.result);
  }

  function notify(method: 'output' | 'input.request', raw: unknown) {
    const params = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
    const requestId = params.requestId as RequestId;
    const handlers = pending.get(requestId)?.handlers;
    if (method === 'output') {
      handlers?.onOutput?.(params.stream === 'stderr' ? 'stderr' : 'stdout', String(params.text ?? ''));
      return;
    }
    const executionId = String(params.executionId ?? '');
    // A run nobody answers would wait for ever: without a handler the guest reads end of input.
    const asked = handlers?.onInput ? Promise.resolve(handlers.onInput(String(params.prompt ?? ''))) : Promise.resolve(null);
    void asked
      .catch(() => null)
      .then((text) => port.postMessage({ jsonrpc: '2.0', method: 'input.reply', params: { executionId, text } }));
  }

  function call<T>(method: string, params?: unknown, handlers?: RunHandlers): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve: resolve as (value: unknown) => void, reject, ...(handlers ? { handlers } : {}) });
      port.postMessage({ jsonrpc: '2.0', id, method, params });
    });
  }

  return {
    ready,
    execute: (request, handlers = {}) => call('execute', request, handlers),
    cancel: (id) => call('cancel', { id }),
    engines: () => call('engines'),
    stats: () => call('stats'),
    call: (method, params) => call(method, params),
    tools: {
      list: () => call('tools/list'),
      call: (name, args, handlers = {}) => call('tools/call', { name, arguments: args }, handlers),
    },
    sessions: {
      create: (params = {}) => call('sessions.create', params),
      list: () => call('sessions.list'),
      reset: (id) => call('sessions.reset', { id }),
      delete: (id) => call('sessions.delete', { id }),
    },
    files: {
      list: (sessionId) => call('files.list', { sessionId }),
      read: (sessionId, path, encoding = 'utf8') => call('files.read', { sessionId, path, encoding }),
      write: (sessionId, path, content, encoding = 'utf8') => call('files.write', { sessionId, path, content, encoding }),
      delete: (sessionId, path) => call('files.delete', { sessionId, path }),
    },
    audit: {
      list: (params = {}) => call('audit.list', params),
      verify: () => call('audit.verify'),
      export: () => call('audit.export', { format: 'jsonl' }),
    },
    close() {
      for (const waiting of pending.values()) waiting.reject(new SandcellError(-32000, 'the client was closed'));
      pending.clear();
      port.close();
      if (created) frame.remove();
    },
  };
}

function hiddenFrame(url: string): HTMLIFrameElement {
  const frame = document.createElement('iframe');
  frame.src = url;
  frame.hidden = true;
  frame.title = 'Sandcell';
  document.body.append(frame);
  return frame;
}
