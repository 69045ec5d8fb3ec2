import { PATTERNS } from '../patterns';
import { defineRule, match } from '../rule';
import { pathStartsWith, splitPath } from './util';

const category = 'network';

const JS_WEB_APIS = new Set(['fetch', 'XMLHttpRequest', 'WebSocket', 'EventSource', 'navigator.sendBeacon', 'RTCPeerConnection', 'WebTransport', 'Deno.connect', 'Deno.listen', 'Bun.connect', 'Bun.listen']);
const JS_NET_MODULES = ['http', 'https', 'http2', 'net', 'dgram', 'tls', 'dns', 'undici', 'axios', 'node-fetch', 'ws', 'got', 'request', 'superagent'];

function inModules(path: string, modules: readonly string[]): string | undefined {
  return modules.find((m) => pathStartsWith(path, m));
}

/** `fetch`, `XMLHttpRequest`, `WebSocket`, `EventSource`, `sendBeacon`, WebRTC. No tier has a network; asking for one is still a signal. */
export const webApi = defineRule({
  id: 'network/web-api', category, kind: 'call', languages: ['javascript'],
  roots: ['fetch', 'XMLHttpRequest', 'WebSocket', 'EventSource', 'navigator', 'RTCPeerConnection', 'WebTransport', 'Deno', 'Bun'],
  check: (s) => (JS_WEB_APIS.has(s.callee) ? match('high', `${s.callee}() opens a network connection.`) : null),
});

/** Node's and npm's network modules: `http.request`, `net.connect`, `dgram.createSocket`, axios. */
export const nodeNet = defineRule({
  id: 'network/node-net', category, kind: 'call', languages: ['javascript'],
  roots: ['http', 'https', 'http2', 'net', 'dgram', 'tls', 'dns', 'undici', 'axios', 'node-fetch', 'ws', 'got', 'request', 'superagent'],
  check: (s) => {
    const m = inModules(splitPath(s.callee)[0], JS_NET_MODULES) ?? (JS_NET_MODULES.includes(s.callee) ? s.callee : undefined);
    return m === undefined ? null : match('high', `${s.callee}() uses the ${m} network module.`);
  },
});

const PY_NET_MODULES = [
  'socket', 'ssl', 'urllib.request', 'urllib2', 'urllib3', 'http.client', 'http.server', 'httplib', 'requests', 'httpx', 'aiohttp',
  'ftplib', 'smtplib', 'poplib', 'imaplib', 'telnetlib', 'xmlrpc.client', 'xmlrpc.server', 'socketserver', 'websocket', 'websockets',
  'paramiko', 'pyodide.http', 'js.fetch', 'js.XMLHttpRequest', 'js.WebSocket', 'asyncio.open_connection', 'asyncio.start_server',
];

/** Sockets and HTTP clients: `socket.socket`, `urllib.request.urlopen`, `requests.get`, `http.client`, `pyfetch`. */
export const pyNet = defineRule({
  id: 'network/client', category, kind: 'call', languages: ['python'],
  roots: ['socket', 'ssl', 'urllib', 'urllib2', 'urllib3', 'http', 'httplib', 'requests', 'httpx', 'aiohttp', 'ftplib', 'smtplib', 'poplib', 'imaplib', 'telnetlib', 'xmlrpc', 'socketserver', 'websocket', 'websockets', 'paramiko', 'pyodide', 'js', 'asyncio'],
  check: (s) => {
    const m = inModules(s.callee, PY_NET_MODULES);
    return m === undefined ? null : match('high', `${s.callee}() uses the network (${m}).`);
  },
});

/** Importing a network module (or `from urllib import request`). */
export const netImport = defineRule({
  id: 'network/import', category, kind: 'import',
  check: (s, language) => {
    if (s.module === null) return null;
    if (language === 'javascript') {
      const m = inModules(s.module, JS_NET_MODULES);
      return m === undefined ? null : match('high', `Imports ${s.module}, a network module.`);
    }
    const candidates = [s.module, ...s.names.map((n) => `${s.module}.${n}`)];
    const hit = candidates.find((c) => inModules(c, PY_NET_MODULES) !== undefined);
    return hit === undefined ? null : match('high', `Imports ${hit}, a network module.`);
  },
});

/** `importScripts(url)` and imports of http(s) URLs: code fetched from the network. */
export const remoteCode = defineRule({
  id: 'network/remote-code', category, kind: 'import', languages: ['javascript'],
  check: (s) => {
    if (s.how === 'import-scripts') return match('high', 'importScripts() fetches and runs code from a URL.');
    return s.module !== null && PATTERNS.remoteUrl.test(s.module) ? match('high', `Imports code from the network: ${s.module}.`) : null;
  },
});

export const rules = [webApi, nodeNet, pyNet, netImport, remoteCode];
