import type { QuickJSHandle } from 'quickjs-emscripten-core';
import { HostError, type HostValues } from './host-values';

const URL_PARTS = ['href', 'origin', 'protocol', 'username', 'password', 'host', 'hostname', 'port', 'pathname', 'search', 'hash'] as const;
const URL_SETTERS = new Set(['href', 'protocol', 'username', 'password', 'host', 'hostname', 'port', 'pathname', 'search', 'hash']);

function urlParts(url: URL): string {
  const parts: Record<string, string> = {};
  for (const part of URL_PARTS) parts[part] = url[part];
  return JSON.stringify(parts);
}

function parseURL(input: string, base?: string): URL {
  try {
    return base === undefined ? new URL(input) : new URL(input, base);
  } catch {
    throw new HostError('TypeError', 'ERR_INVALID_URL', 'Invalid URL');
  }
}

/**
 * Adds `host.url` and `host.text`: the guest's URL, URLSearchParams, TextEncoder and
 * TextDecoder are thin classes over the host's WHATWG implementations.
 */
export function installWeb(v: HostValues, host: QuickJSHandle): void {
  const url = v.object(host, 'url');
  v.fn(url, 'parse', (input, base) => v.ctx.newString(urlParts(parseURL(v.string(input), v.optionalString(base)))));
  v.fn(url, 'set', (href, part, value) => {
    const name = v.string(part);
    if (!URL_SETTERS.has(name)) throw new TypeError(`URL.${name} cannot be set`);
    const target = parseURL(v.string(href));
    (target as unknown as Record<string, string>)[name] = v.string(value);
    return v.ctx.newString(urlParts(target));
  });
  v.fn(url, 'parseQuery', (query) => v.ctx.newString(JSON.stringify([...new URLSearchParams(v.string(query))])));
  v.fn(url, 'stringifyQuery', (pairs) => {
    const list: unknown = JSON.parse(v.string(pairs));
    return v.ctx.newString(new URLSearchParams(list as [string, string][]).toString());
  });
  url.dispose();

  const encoder = new TextEncoder();
  const text = v.object(host, 'text');
  v.fn(text, 'encode', (input) => v.arrayBuffer(encoder.encode(v.string(input))));
  v.fn(text, 'label', (label) => {
    try {
      return v.ctx.newString(new TextDecoder(v.string(label)).encoding);
    } catch {
      throw new HostError('RangeError', 'ERR_ENCODING_NOT_SUPPORTED', `The "${v.string(label)}" encoding is not supported`);
    }
  });
  v.fn(text, 'decode', (buffer, label, fatal, ignoreBOM) => {
    const decoder = new TextDecoder(v.string(label), { fatal: v.flag(fatal), ignoreBOM: v.flag(ignoreBOM) });
    try {
      return v.newString(decoder.decode(v.bytes(buffer)));
    } catch {
      throw new HostError('TypeError', 'ERR_ENCODING_INVALID_ENCODED_DATA', `The encoded data was not valid for encoding ${decoder.encoding}`);
    }
  });
  text.dispose();
}
