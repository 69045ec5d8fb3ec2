/**
 * The full app's agent surface: the embed's JSON-RPC API over postMessage, and the same tools on
 * WebMCP. Callers from the app's own origin (and WebMCP, the user's agent in this page) share the
 * playground's sandbox and store; any other allowed origin gets its own, as with the embed.
 */
import type { Sandbox } from '../sandbox';
import type { Store } from '../store';
import { memoryBackend, storeBackend } from './backend';
import { loadDeployedConfig } from './config';
import { originBackends } from './origin-backends';
import { parentOrigin } from './parent-origin';
import { serveEmbedApi } from './server';
import { registerWebMcpTools } from './webmcp';

/** Starts both; resolves with the WebMCP tool names registered and a dispose. */
export async function serveAppApi({ sandbox, store }: { sandbox: Sandbox; store?: Store | undefined }) {
  const own = store ? storeBackend(sandbox, store) : memoryBackend(sandbox);
  // A missing or broken config means its defaults: WebMCP tools still register, no origin may post.
  const config = await loadDeployedConfig();
  const webmcp = registerWebMcpTools(own, { maxCodeBytes: config.maxCodeBytes });
  const others = originBackends();
  const server = serveEmbedApi({
    config,
    backendFor: (origin) => (origin === location.origin ? Promise.resolve(own) : others.backendFor(origin)),
  });
  const parent = parentOrigin();
  if (parent) server.announce(window.parent, parent);
  return { webmcp: webmcp.registered, dispose: () => (server.dispose(), webmcp.dispose()) };
}
