// URL and URLSearchParams: thin classes whose parsing and serialising is done by the host's
// WHATWG implementation, so the edge cases match a browser's.
'use strict';

const inspectCustom = Symbol.for('nodejs.util.inspect.custom');
const PARTS = ['href', 'origin', 'protocol', 'username', 'password', 'host', 'hostname', 'port', 'pathname', 'search', 'hash'];
const SETTABLE = new Set(['href', 'protocol', 'username', 'password', 'host', 'hostname', 'port', 'pathname', 'search', 'hash']);

function invalidURL(error) {
  const rebuilt = new TypeError(error && error.message);
  Object.defineProperty(rebuilt, 'code', { value: 'ERR_INVALID_URL', configurable: true, writable: true });
  return rebuilt;
}

function parse(input, base) {
  try {
    return JSON.parse(host.url.parse(String(input), base === undefined ? undefined : String(base)));
  } catch (error) {
    throw invalidURL(error);
  }
}

class URLSearchParams {
  #pairs = [];
  #onChange = null;
  constructor(init = '') {
    if (init instanceof URLSearchParams) {
      this.#pairs = init.#pairs.map((p) => [p[0], p[1]]);
    } else if (init !== null && typeof init === 'object' && typeof init[Symbol.iterator] === 'function') {
      for (const pair of init) {
        const list = [...pair];
        if (list.length !== 2) throw new TypeError('Each query pair must be an iterable [name, value] tuple');
        this.#pairs.push([String(list[0]), String(list[1])]);
      }
    } else if (init !== null && typeof init === 'object') {
      for (const key of Object.keys(init)) this.#pairs.push([key, String(init[key])]);
    } else {
      this.#parse(String(init));
    }
  }
  #parse(query) {
    this.#pairs = JSON.parse(host.url.parseQuery(query.startsWith('?') ? query.slice(1) : query));
  }
  #update() {
    if (this.#onChange) this.#onChange(this.toString());
  }
  /** @internal Links the params to a URL: changes here update its `search`. */
  static link(params, query, onChange) {
    params.#parse(query);
    params.#onChange = onChange;
  }
  get size() {
    return this.#pairs.length;
  }
  append(name, value) {
    this.#pairs.push([String(name), String(value)]);
    this.#update();
  }
  delete(name, value) {
    name = String(name);
    this.#pairs = this.#pairs.filter((p) => p[0] !== name || (value !== undefined && p[1] !== String(value)));
    this.#update();
  }
  get(name) {
    const pair = this.#pairs.find((p) => p[0] === String(name));
    return pair ? pair[1] : null;
  }
  getAll(name) {
    return this.#pairs.filter((p) => p[0] === String(name)).map((p) => p[1]);
  }
  has(name, value) {
    return this.#pairs.some((p) => p[0] === String(name) && (value === undefined || p[1] === String(value)));
  }
  set(name, value) {
    name = String(name);
    const index = this.#pairs.findIndex((p) => p[0] === name);
    if (index < 0) this.#pairs.push([name, String(value)]);
    else {
      this.#pairs[index][1] = String(value);
      this.#pairs = this.#pairs.filter((p, i) => i <= index || p[0] !== name);
    }
    this.#update();
  }
  sort() {
    // Stable, by UTF-16 code units, as the spec asks.
    this.#pairs = this.#pairs.map((p, i) => [p, i]).sort((a, b) => (a[0][0] < b[0][0] ? -1 : a[0][0] > b[0][0] ? 1 : a[1] - b[1])).map((x) => x[0]);
    this.#update();
  }
  forEach(callback, thisArg) {
    for (const [name, value] of this.#pairs) callback.call(thisArg, value, name, this);
  }
  *entries() {
    for (const [name, value] of this.#pairs) yield [name, value];
  }
  *keys() {
    for (const [name] of this.#pairs) yield name;
  }
  *values() {
    for (const [, value] of this.#pairs) yield value;
  }
  [Symbol.iterator]() {
    return this.entries();
  }
  toString() {
    return this.#pairs.length ? host.url.stringifyQuery(JSON.stringify(this.#pairs)) : '';
  }
  [inspectCustom](depth, options, inspect) {
    const inner = this.#pairs.map(([k, v]) => `${inspect(k)} => ${inspect(v)}`).join(', ');
    return `URLSearchParams {${inner ? ` ${inner} ` : ''}}`;
  }
}
Object.defineProperty(URLSearchParams.prototype, Symbol.toStringTag, { value: 'URLSearchParams', configurable: true });

// Accessors are defined in a loop below; they reach private state through these.
let getParts;
let setPart;

class URL {
  #parts;
  #params = null;
  static {
    getParts = (url) => url.#parts;
    setPart = (url, part, value) => url.#set(part, value);
  }
  constructor(input, base) {
    if (arguments.length === 0) throw new TypeError('The "url" argument must be specified');
    this.#parts = parse(input, base);
  }
  static canParse(input, base) {
    try {
      parse(input, base);
      return true;
    } catch {
      return false;
    }
  }
  static parse(input, base) {
    try {
      return new URL(input, base);
    } catch {
      return null;
    }
  }
  #set(part, value) {
    this.#parts = JSON.parse(host.url.set(this.#parts.href, part, String(value)));
    if (this.#params && part !== 'hash') URLSearchParams.link(this.#params, this.#parts.search, (query) => this.#set('search', query));
  }
  get searchParams() {
    if (!this.#params) {
      this.#params = new URLSearchParams();
      URLSearchParams.link(this.#params, this.#parts.search, (query) => this.#set('search', query));
    }
    return this.#params;
  }
  toString() {
    return this.#parts.href;
  }
  toJSON() {
    return this.#parts.href;
  }
  [inspectCustom](depth, options, inspect) {
    const fields = {};
    for (const part of PARTS) fields[part] = this.#parts[part];
    fields.searchParams = this.searchParams;
    return `URL ${inspect(fields, options)}`;
  }
}
for (const part of PARTS) {
  const descriptor = {
    configurable: true,
    enumerable: true,
    get() {
      return getParts(this)[part];
    },
  };
  if (SETTABLE.has(part)) {
    descriptor.set = function (value) {
      setPart(this, part, value);
    };
  }
  Object.defineProperty(URL.prototype, part, descriptor);
}
Object.defineProperty(URL.prototype, Symbol.toStringTag, { value: 'URL', configurable: true });
module.exports = { URL, URLSearchParams };
