/**
 * The client SDK (to be built as `sandcell-client.js`): `connect(iframe | url)` talks to an embed
 * over a MessagePort, with typed calls and streamed output.
 */
import type { ExecuteRequest, ExecutionResult, OutputStream } from '../sandbox/types';
import { isNotification, isResponse, type ReadyParams, type RpcError, type RpcResponse } from './protocol';

export class SandcellError extends Error {
  override name = 'SandcellError';
  constructor(readonly code: number, message: string, readonly data?: unknown) {
    super(message);
  }
}

export interface ExecuteOptions {
  onOutput?: (stream: OutputStream, text: string) => void;
  /** Answers `input()`; null is end of input. */
  onInput?: (prompt: string) => Promise<string | null> | string | null;
}

export interface SandcellClient {
  ready: ReadyParams;
  execute(request: ExecuteRequest, options?: ExecuteOptions): Promise<ExecutionResult>;
  cancel(id: string): Promise<{ cancelled: boolean }>;
  engines(): Promise<unknown[]>;
  call<T = unknown>(method: string, params?: unknown): Promise<T>;
  tools: { list(): Promise<unknown>; call(name: string, args: Record<string, unknown>): Promise<unknown> };
  sessions: { create(p?: { name?: string; language?: string }): Promise<{ id: string }>; list(): Promise<unknown[]>; reset(id: string): Promise<unknown>; delete(id: string): Promise<unknown> };
  files: {
    list(sessionId: string): Promise<{ path: string; size: number }[]>;
    read(sessionId: string, path: string, encoding?: 'utf8' | 'base64'): Promise<{ content: string }>;
    write(sessionId: string, path: string, content: string, encoding?: 'utf8' | 'base64'): Promise<unknown>;
    delete(sessionId: string, path: string): Promise<unknown>;
  };
  audit: { list(p?: { executionId?: string; limit?: number }): Promise<unknown[]>; verify(): Promise<unknown>; export(): Promise<unknown> };
  /** Closes the port (and removes an iframe the client created). */
  close(): void;
}

/** Connects to an embed: an existing iframe, or a URL (`https://sandcell.example/?embed`) for a hidden one. */
export async function connect(target: HTMLIFrameElement | string, options: { timeoutMs?: number } = {}): Promise<SandcellClient> {
  const created = typeof target === 'string';
  const frame = typeof target === 'string' ? hiddenFrame(target) : target;
  const origin = new URL(frame.src, location.href).origin;
  const { port: port1, ready: readyParams } = await handshake(frame, origin, options.timeoutMs ?? 30_000);
  let nextId = 1;
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  const runs = new Map<string, ExecuteOptions>();
  // Runs in flight whose execution id is not known yet; the first notification with a new id binds the oldest.
  const unbound: ExecuteOptions[] = [];
  port1.onmessage = (event: MessageEvent<unknown>) => {
    const message = event.data;
    if (isResponse(message)) return settle(message);
    if (!isNotification(message)) return;
    const params = message.params as Record<string, unknown> | undefined;
    if (message.method === 'output' || message.method === 'input.request') {
      const id = String(params?.executionId ?? '');
      let run = runs.get(id);
      if (!run && unbound.length) runs.set(id, (run = unbound.shift()!));
      if (run) dispatch(id, run, message.method, params);
    }
  };

  function settle(message: RpcResponse) {
    if (typeof message.id !== 'number') return;
    const waiting = pending.get(message.id);
    if (!waiting) return;
    pending.delete(message.id);
    if ('error' in message) waiting.reject(new SandcellError(message.error.code, message.error.message, (message.error as RpcError).data));
    else waiting.resolve(message.result);
  }

  function dispatch(id: string, run: ExecuteOptions, method: string, params: Record<string, unknown> | undefined) {
    if (method === 'output') run.onOutput?.(params?.stream === 'stderr' ? 'stderr' : 'stdout', String(params?.text ?? ''));
    else {
      void Promise.resolve(run.onInput ? run.onInput(String(params?.prompt ?? '')) : null).then((text) =>
        port1.postMessage({ jsonrpc: '2.0', method: 'input.reply', params: { executionId: id, text } }),
      );
    }
  }

  const call = <T>(method: string, params?: unknown): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      port1.postMessage({ jsonrpc: '2.0', id, method, params });
    });

  return {
    ready: readyParams,
    async execute(request, handlers = {}) {
      unbound.push(handlers);
      try {
        const result = await call<ExecutionResult>('execute', request);
        runs.delete(result.id);
        return result;
      } finally {
        const left = unbound.indexOf(handlers);
        if (left >= 0) unbound.splice(left, 1);
      }
    },
    cancel: (id) => call('cancel', { id }),
    engines: () => call('engines'),
    call,
    tools: { list: () => call('tools/list'), call: (name, args) => call('tools/call', { name, arguments: args }) },
    sessions: {
      create: (p = {}) => call('sessions.create', p),
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
    audit: { list: (p = {}) => call('audit.list', p), verify: () => call('audit.verify'), export: () => call('audit.export', { format: 'jsonl' }) },
    close() {
      for (const waiting of pending.values()) waiting.reject(new SandcellError(-32000, 'the client was closed'));
      pending.clear();
      port1.close();
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

/**
 * Hands the embed a MessagePort with `connect`, again every 250 ms until it answers: posts to a
 * frame still loading are dropped (its document is not yet at `origin`). Resolves with the port and
 * the `ready` that arrives on it.
 */
function handshake(frame: HTMLIFrameElement, origin: string, timeoutMs: number): Promise<{ port: MessagePort; ready: ReadyParams }> {
  return new Promise((resolve, reject) => {
    let attempt = 0;
    const channels = new Map<string, MessageChannel>();
    const finish = () => {
      clearInterval(timer);
      clearTimeout(deadline);
      window.removeEventListener('message', listener);
    };
    const listener = (event: MessageEvent<unknown>) => {
      const data = event.data;
      if (event.source !== frame.contentWindow || !isResponse(data) || typeof data.id !== 'string' || !channels.has(data.id)) return;
      finish();
      if ('error' in data) return reject(new SandcellError(data.error.code, data.error.message, data.error.data));
      const { port1 } = channels.get(data.id)!;
      for (const [id, channel] of channels) if (id !== data.id) channel.port1.close();
      const onReady = (message: MessageEvent<unknown>) => {
        if (!isNotification(message.data) || message.data.method !== 'ready') return;
        port1.removeEventListener('message', onReady);
        resolve({ port: port1, ready: message.data.params as ReadyParams });
      };
      port1.addEventListener('message', onReady);
      port1.start();
    };
    const attemptConnect = () => {
      const id = `sandcell-connect-${++attempt}`;
      const channel = new MessageChannel();
      channels.set(id, channel);
      frame.contentWindow?.postMessage({ jsonrpc: '2.0', id, method: 'connect' }, origin, [channel.port2]);
    };
    window.addEventListener('message', listener);
    const timer = setInterval(attemptConnect, 250);
    const deadline = setTimeout(() => {
      finish();
      reject(new SandcellError(-32000, `no answer from ${frame.src} within ${timeoutMs} ms (is this origin in allowedOrigins?)`));
    }, timeoutMs);
    attemptConnect();
  });
}
