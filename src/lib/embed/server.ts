/**
 * The JSON-RPC server over postMessage: checks every message (origin, source, envelope, params,
 * rate limit, size) before anything runs, and answers only the sender, at its origin.
 */
import { ENGINE_IDS } from '../sandbox/engine-catalog';
import type { Sandbox } from '../sandbox/types';
import type { Store } from '../store';
import { memoryBackend, storeBackend, type Backend, type Outcome } from './backend';
import type { EmbedConfig } from './config';
import { originAllowed } from './origins';
import { decodeContent, encodeContent, encoding, executeRequest, fields, language, optionalNumber, optionalString, requireString } from './params';
import {
  ErrorCode, PROTOCOL_VERSION, invalidParams, isMethod, parseMessage, rpcError,
  type InputReplyParams, type InputRequestParams, type OutputParams, type RequestId, type RpcError, type RpcMessage,
} from './protocol';
import { RateLimiter } from './rate-limit';
import { TOOLS, callTool } from './tools';

/** Where replies and notifications for one sender go. */
interface Channel {
  origin: string;
  post(message: RpcMessage): void;
}

export interface ServeOptions {
  config: EmbedConfig;
  /** One backend per embedding origin, so origins never share sessions, files or audit records. */
  backendFor?: (origin: string) => Promise<Backend>;
  /** Without `backendFor`: every allowed origin shares this sandbox (and store, when given). The full app's case. */
  sandbox?: Sandbox;
  store?: Store;
  /** Where requests arrive; default `window`. */
  target?: Window;
}

export interface EmbedServer {
  /** Posts `ready` to a window (the parent) at an origin; nothing when that origin is not allowed. */
  announce(to: Window, origin: string): void;
  dispose(): void;
}

type Handled = { ok: true; value: unknown } | { ok: false; error: RpcError };

const failed = (message: string): RpcError => rpcError(ErrorCode.Failed, message);
const done = <T>(outcome: Outcome<T>, map: (value: T) => unknown = (v) => v): Handled =>
  outcome.ok ? { ok: true, value: map(outcome.value) } : { ok: false, error: failed(outcome.error) };

/** Serves the embed API on `window` until disposed. */
export function serveEmbedApi(options: ServeOptions): EmbedServer {
  const { config } = options;
  const target = options.target ?? window;
  const limiter = new RateLimiter(config.rateLimit);
  const ports = new Set<MessagePort>();
  const inputs = new Map<string, { origin: string; answer: (text: string | null) => void }>();
  const backends = new Map<string, Promise<Backend>>();
  let shared: Backend | undefined;

  const backendFor = (origin: string): Promise<Backend> => {
    if (options.backendFor) {
      let made = backends.get(origin);
      if (!made) backends.set(origin, (made = options.backendFor(origin)));
      return made;
    }
    if (!options.sandbox) throw new Error('serveEmbedApi needs backendFor or a sandbox');
    shared ??= options.store ? storeBackend(options.sandbox, options.store) : memoryBackend(options.sandbox);
    return Promise.resolve(shared);
  };

  const reply = (channel: Channel, id: RequestId | null, outcome: Handled) =>
    channel.post(outcome.ok ? { jsonrpc: '2.0', id: id!, result: outcome.value ?? null } : { jsonrpc: '2.0', id, error: outcome.error });

  async function handle(data: unknown, channel: Channel, port: MessagePort | undefined): Promise<void> {
    if (!originAllowed(channel.origin, config.allowedOrigins)) {
      const parsed = parseMessage(data);
      const id = parsed.kind === 'request' ? parsed.message.id : parsed.kind === 'invalid' ? parsed.id : null;
      if (parsed.kind !== 'response' && parsed.kind !== 'notification') {
        reply(channel, id, { ok: false, error: rpcError(ErrorCode.ForbiddenOrigin, `Forbidden: origin ${channel.origin} is not in allowedOrigins`) });
      }
      return;
    }
    const parsed = parseMessage(data);
    switch (parsed.kind) {
      case 'response':
        return;
      case 'invalid':
        return reply(channel, parsed.id, { ok: false, error: parsed.error });
      case 'notification': {
        if (parsed.message.method === 'input.reply') answerInput(parsed.message.params, channel.origin);
        return;
      }
      case 'request': {
        const { id, method, params } = parsed.message;
        if (!isMethod(method)) return reply(channel, id, { ok: false, error: rpcError(ErrorCode.MethodNotFound, `Method not found: ${method}`) });
        const allowed = limiter.take(channel.origin);
        if (!allowed.ok) {
          const error = rpcError(ErrorCode.RateLimited, `Rate limited: more than ${config.rateLimit.max} requests in ${config.rateLimit.windowMs} ms`, {
            status: 429, retryAfterMs: allowed.retryAfterMs,
          });
          return reply(channel, id, { ok: false, error });
        }
        let outcome: Handled;
        try {
          outcome = method === 'connect' ? await connect(port, channel.origin) : await call(method, params, channel, id);
        } catch (error) {
          outcome = { ok: false, error: rpcError(ErrorCode.Internal, `Internal error: ${error instanceof Error ? error.message : String(error)}`) };
        }
        return reply(channel, id, outcome);
      }
    }
  }

  function answerInput(params: unknown, origin: string) {
    const p = fields(params);
    if (!p.ok) return;
    const { executionId, text } = p.value as Partial<InputReplyParams>;
    if (typeof executionId !== 'string' || !(typeof text === 'string' || text === null)) return;
    const waiting = inputs.get(executionId);
    // Only the origin that started the run may answer it.
    if (!waiting || waiting.origin !== origin) return;
    inputs.delete(executionId);
    waiting.answer(text);
  }

  async function connect(port: MessagePort | undefined, origin: string): Promise<Handled> {
    if (!port) return { ok: false, error: invalidParams('ports', 'must carry one MessagePort (postMessage(message, origin, [port]))') };
    const { persistent } = await backendFor(origin);
    ports.add(port);
    const channel: Channel = { origin, post: (message) => port.postMessage(message) };
    port.onmessage = (event) => void handle(event.data, channel, event.ports[0]).catch(() => {});
    port.start();
    port.postMessage({ jsonrpc: '2.0', method: 'ready', params: { version: PROTOCOL_VERSION, engines: [...ENGINE_IDS], persistent } });
    return { ok: true, value: { connected: true } };
  }

  async function call(method: string, params: unknown, channel: Channel, requestId: RequestId): Promise<Handled> {
    const backend = await backendFor(channel.origin);
    const p = fields(params);
    if (!p.ok) return p;
    const f = p.value;
    const sessionId = () => requireString(f, 'sessionId');
    switch (method) {
      case 'execute': {
        const request = executeRequest(params, config.maxCodeBytes);
        if (!request.ok) return 'tooLarge' in request ? tooLarge(request.tooLarge) : request;
        try {
          return { ok: true, value: await backend.execute(request.value, handlersFor(channel, requestId)) };
        } catch (error) {
          // The sandbox's own validation (tiers, limits) throws InvalidRequestError: the caller's params were wrong.
          const message = error instanceof Error ? error.message : String(error);
          const name = error instanceof Error ? error.name : '';
          return { ok: false, error: name === 'InvalidRequestError' ? rpcError(ErrorCode.InvalidParams, `Invalid params: ${message}`) : failed(message) };
        }
      }
      case 'cancel': {
        const id = requireString(f, 'id');
        return id.ok ? { ok: true, value: { cancelled: backend.sandbox.cancel(id.value) } } : id;
      }
      case 'engines':
        return { ok: true, value: await backend.sandbox.engines() };
      case 'stats':
        return { ok: true, value: { ...backend.sandbox.stats(), persistent: backend.persistent } };
      case 'sessions.create': {
        const name = optionalString(f, 'name');
        if (!name.ok) return name;
        const lang = language(f, 'language', true);
        if (!lang.ok) return lang;
        return done(await backend.sessions.create({ ...(name.value ? { name: name.value } : {}), ...(lang.value ? { language: lang.value } : {}) }));
      }
      case 'sessions.list':
        return done(await backend.sessions.list());
      case 'sessions.reset':
      case 'sessions.delete': {
        const id = requireString(f, 'id');
        if (!id.ok) return id;
        const outcome = method === 'sessions.reset' ? await backend.sessions.reset(id.value) : await backend.sessions.delete(id.value);
        return done(outcome, () => ({ id: id.value }));
      }
      case 'files.list': {
        const s = sessionId();
        return s.ok ? done(await backend.files.list(s.value)) : s;
      }
      case 'files.read': {
        const s = sessionId();
        if (!s.ok) return s;
        const path = requireString(f, 'path');
        if (!path.ok) return path;
        const as = encoding(f);
        if (!as.ok) return as;
        return done(await backend.files.read(s.value, path.value), (bytes) => ({ path: path.value, encoding: as.value, content: encodeContent(bytes, as.value) }));
      }
      case 'files.write': {
        const s = sessionId();
        if (!s.ok) return s;
        const path = requireString(f, 'path');
        if (!path.ok) return path;
        const content = requireString(f, 'content');
        if (!content.ok) return content;
        const as = encoding(f);
        if (!as.ok) return as;
        const bytes = decodeContent(content.value, as.value);
        if (!bytes.ok) return bytes;
        if (bytes.value.length > config.maxCodeBytes) return tooLarge(bytes.value.length);
        return done(await backend.files.write(s.value, path.value, bytes.value));
      }
      case 'files.delete': {
        const s = sessionId();
        if (!s.ok) return s;
        const path = requireString(f, 'path');
        if (!path.ok) return path;
        return done(await backend.files.delete(s.value, path.value), () => ({ path: path.value }));
      }
      case 'audit.list': {
        const executionId = optionalString(f, 'executionId');
        if (!executionId.ok) return executionId;
        const limit = optionalNumber(f, 'limit');
        if (!limit.ok) return limit;
        return done(await backend.audit.list({ executionId: executionId.value, limit: limit.value }));
      }
      case 'audit.verify':
        return done(await backend.audit.verify());
      case 'audit.export': {
        if (f.format !== undefined && f.format !== 'jsonl') return { ok: false, error: invalidParams('format', 'must be "jsonl"') };
        return done(await backend.audit.export(), (files) => ({ format: 'jsonl', files }));
      }
      case 'tools/list':
        return { ok: true, value: { tools: TOOLS } };
      case 'tools/call':
        return callTool(backend, params, { maxCodeBytes: config.maxCodeBytes, handlers: handlersFor(channel, requestId) });
      default:
        return { ok: false, error: rpcError(ErrorCode.MethodNotFound, `Method not found: ${method}`) };
    }
  }

  const tooLarge = (bytes: number): Handled => ({
    ok: false,
    error: rpcError(ErrorCode.PayloadTooLarge, `Payload too large: ${bytes} bytes, the limit is ${config.maxCodeBytes}`, { status: 413, limit: config.maxCodeBytes }),
  });

  function handlersFor(channel: Channel, requestId: RequestId) {
    let executionId = '';
    return {
      onQueued: (id: string) => void (executionId = id),
      onOutput: (stream: 'stdout' | 'stderr', text: string) => {
        const params: OutputParams = { executionId, requestId, stream, text };
        channel.post({ jsonrpc: '2.0', method: 'output', params });
      },
      onInput: (prompt: string) =>
        new Promise<string | null>((resolve) => {
          inputs.set(executionId, { origin: channel.origin, answer: resolve });
          const params: InputRequestParams = { executionId, requestId, prompt };
          channel.post({ jsonrpc: '2.0', method: 'input.request', params });
        }),
    };
  }

  const onMessage = (event: MessageEvent) => {
    // Only windows talk to us here (ports have their own listener); our own posts are not requests.
    const source = event.source;
    // (A cross-origin WindowProxy throws on most property checks: test for the port instead.)
    if (!source || source === target || (typeof MessagePort === 'function' && source instanceof MessagePort)) return;
    const win = source as Window;
    // An opaque sender could only be answered with '*': it must hand over a MessagePort instead.
    const channel: Channel = {
      origin: event.origin,
      post: (message) => {
        if (event.origin !== 'null') win.postMessage(message, event.origin);
      },
    };
    void handle(event.data, channel, event.ports[0]).catch(() => {});
  };
  target.addEventListener('message', onMessage);

  return {
    announce(to, origin) {
      if (origin === 'null' || !originAllowed(origin, config.allowedOrigins)) return;
      void backendFor(origin).then((backend) =>
        to.postMessage({ jsonrpc: '2.0', method: 'ready', params: { version: PROTOCOL_VERSION, engines: [...ENGINE_IDS], persistent: backend.persistent } }, origin),
      );
    },
    dispose() {
      target.removeEventListener('message', onMessage);
      for (const port of ports) port.close();
      ports.clear();
      for (const waiting of inputs.values()) waiting.answer(null);
      inputs.clear();
    },
  };
}
