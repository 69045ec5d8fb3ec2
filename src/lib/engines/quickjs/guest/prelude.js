// Runs once per session before any user code. Compiling is most of a new session's cost, so
// only what nearly every run needs is here; the rest (inspect, Buffer, URL, fs, console.table,
// the eval policy, ...) is compiled on first use. `host` never escapes this closure.
(function prelude(host) {
  'use strict';
  const G = globalThis;
  const { defineProperty, getPrototypeOf, keys } = Object;
  // Taken now, before user code runs: a `.call` or `.apply` looked up later would reach a guest's
  // replacement of Function.prototype.call, which would then receive `host` among its arguments.
  const apply = Reflect.apply;
  const then = Promise.prototype.then;
  const resolved = Promise.resolve();
  const CTORS = { Error, TypeError, RangeError, SyntaxError, ReferenceError, EvalError, URIError };

  function define(target, name, value) {
    defineProperty(target, name, { value, writable: true, configurable: true, enumerable: false });
  }

  // Host errors arrive named `Ctor[CODE]`; rebuilt here they get a guest stack and a `code`.
  function fromHost(error) {
    if (!error || typeof error !== 'object') return error;
    const match = /^(\w+)\[([\w-]+)\]$/.exec(error.name);
    const rebuilt = new (CTORS[match ? match[1] : error.name] || Error)(error.message);
    if (match) define(rebuilt, 'code', match[2]);
    return rebuilt;
  }

  function call(fn, args) {
    try {
      return apply(fn, undefined, args);
    } catch (error) {
      throw fromHost(error);
    }
  }

  // ---- CommonJS loader over the bundled sources ----
  const cache = new Map();
  const shim = { cwd: () => '/app', env: {}, platform: 'linux', nextTick: (fn, ...a) => queueMicrotask(() => fn(...a)) };
  // node-inspect-extracted builds primordials from every global, Atomics included, and wants URL.
  const inspectGlobal = Object.create(G, { Atomics: { value: {} } });
  const URLForwarder = function URL(...args) {
    return new G.URL(...args);
  };

  function load(id) {
    const cached = cache.get(id);
    if (cached) return cached.exports;
    const module = { id, exports: {} };
    cache.set(id, module);
    const dir = id.includes('/') ? id.slice(0, id.lastIndexOf('/') + 1) : '';
    const requireInternal = (request) => load(request.startsWith('./') ? dir + request.slice(2).replace(/(\.js)?$/, '.js') : request);
    try {
      apply(call(host.compile, [id]), module.exports, [module.exports, requireInternal, module, '/app/node_modules/' + id, '/app/node_modules', shim, host, inspectGlobal, URLForwarder]);
    } catch (error) {
      cache.delete(id);
      throw error;
    }
    return module.exports;
  }

  function builtin(request) {
    if (typeof request !== 'string') throw new TypeError('The "id" argument must be of type string. Received ' + typeof request);
    const [id, property] = call(host.resolveModule, [request]).split('|');
    const exports = load(id);
    return property ? exports[property] : exports;
  }
  function require(request) {
    return builtin(request);
  }
  define(require, 'resolve', (request) => (builtin(request), request.startsWith('node:') ? request : 'node:' + request));

  // What `import x from 'fs'` sees: the CommonJS exports as default, plus their keys.
  function namespace(request) {
    const exports = builtin(request);
    const ns = Object.create(null);
    if (exports && (typeof exports === 'object' || typeof exports === 'function')) for (const key of keys(exports)) ns[key] = exports[key];
    ns.default = exports;
    return ns;
  }
  defineProperty(G, Symbol.for('sandcell.import'), { value: namespace });

  function lazy(name, get) {
    defineProperty(G, name, {
      configurable: true,
      get() {
        // Removed first, so a library probing `typeof name` while it loads sees nothing.
        delete G[name];
        const value = get();
        define(G, name, value);
        return value;
      },
      set(value) {
        define(G, name, value);
      },
    });
  }

  // ---- console: primitives are formatted here; objects and the rarer methods load node's inspect ----
  // A call into the host costs microseconds, so lines collect in `out` and the host takes them:
  // when asked (a full buffer, another stream), after each callback, and every few ms meanwhile.
  // Only the host empties `parts` (in place), so a take between two guest steps loses nothing.
  const out = Object.create(null);
  out.fd = 1;
  out.size = 0;
  out.parts = [];
  const io = {
    indent: '',
    emit(fd, text) {
      if (io.indent) text = io.indent + text.split('\n').join('\n' + io.indent);
      if (fd !== out.fd) {
        if (out.parts.length) host.flush();
        out.fd = fd;
      }
      out.parts.push(text, '\n');
      out.size += text.length;
      if (out.size > 16384 || out.parts.length > 1024) host.flush();
    },
    format(args) {
      if (args.length < 2 || typeof args[0] !== 'string' || !args[0].includes('%')) {
        let out = '';
        for (let i = 0; i < args.length; i++) {
          const v = args[i];
          if (v !== null && (typeof v === 'object' || typeof v === 'function')) return load('sandcell:quick-format')(args) ?? load('sandcell:console').format(args);
          out += (i ? ' ' : '') + (typeof v === 'string' ? v : v === 0 && 1 / v < 0 ? '-0' : typeof v === 'bigint' ? v + 'n' : String(v));
        }
        return out;
      }
      return load('sandcell:console').format(args);
    },
  };
  const console = {};
  for (const [name, fd] of [['log', 1], ['info', 1], ['debug', 1], ['dirxml', 1], ['warn', 2], ['error', 2]]) {
    console[name] = (...args) => io.emit(fd, io.format(args));
  }
  for (const name of ['dir', 'table', 'trace', 'assert', 'count', 'countReset', 'group', 'groupCollapsed', 'groupEnd', 'time', 'timeLog', 'timeEnd']) {
    console[name] = (...args) => load('sandcell:console')[name](io, ...args);
  }
  define(G, 'console', console);

  // ---- timers ----
  class Timeout {
    #id;
    constructor(id) {
      this.#id = id;
    }
    ref() {
      host.refTimer(this.#id, true);
      return this;
    }
    unref() {
      host.refTimer(this.#id, false);
      return this;
    }
    hasRef() {
      return host.refTimer(this.#id);
    }
    refresh() {
      host.refreshTimer(this.#id);
      return this;
    }
    close() {
      host.clearTimer(this.#id);
      return this;
    }
    [Symbol.toPrimitive]() {
      return this.#id;
    }
  }
  class Immediate extends Timeout {}
  function callback(fn, name) {
    if (typeof fn === 'string') throw new TypeError(name + '(): string callbacks are not supported (they would need eval)');
    if (typeof fn !== 'function') throw new TypeError(`The "callback" argument must be of type function. Received ${fn === null ? 'null' : typeof fn}`);
  }
  function schedule(Kind, name, fn, delay, args, repeat) {
    callback(fn, name);
    return new Kind(call(host.setTimer, [args.length ? () => fn(...args) : fn, Number(delay), repeat]));
  }
  function clear(timer) {
    const id = timer !== null && typeof timer === 'object' ? timer[Symbol.toPrimitive]?.() : Number(timer);
    if (typeof id === 'number' && id === id) host.clearTimer(id);
  }
  define(G, 'setTimeout', function setTimeout(fn, delay, ...args) {
    return schedule(Timeout, 'setTimeout', fn, delay, args, false);
  });
  define(G, 'setInterval', function setInterval(fn, delay, ...args) {
    return schedule(Timeout, 'setInterval', fn, delay, args, true);
  });
  define(G, 'setImmediate', function setImmediate(fn, ...args) {
    return schedule(Immediate, 'setImmediate', fn, 0, args, false);
  });
  define(G, 'clearTimeout', clear);
  define(G, 'clearInterval', clear);
  define(G, 'clearImmediate', clear);
  // A throw inside a microtask is an uncaught error, as in Node, not a silent rejection.
  function queueMicrotask(fn) {
    callback(fn, 'queueMicrotask');
    apply(then, resolved, [() => {
      try {
        fn();
      } catch (error) {
        host.reportError(error);
      }
    }]);
  }
  define(G, 'queueMicrotask', queueMicrotask);

  // ---- other globals ----
  define(G, 'performance', { now: () => host.now(), timeOrigin: host.timeOrigin, toJSON: () => ({ timeOrigin: host.timeOrigin }) });
  define(G, 'global', G);
  define(G, 'require', require);
  // `await input(prompt)`: the error is made now so its stack points at the caller's line.
  class EOFError extends Error {}
  define(EOFError.prototype, 'name', 'EOFError');
  define(G, 'input', function input(prompt) {
    const eof = new EOFError('');
    return apply(then, host.input(prompt === undefined ? '' : String(prompt)), [undefined, (reason) => {
      eof.message = String(reason);
      throw eof;
    }]);
  });
  for (const name of ['TextEncoder', 'TextDecoder', 'atob', 'btoa']) lazy(name, () => load('sandcell:text')[name]);
  for (const name of ['URL', 'URLSearchParams']) lazy(name, () => load('sandcell:url')[name]);
  lazy('crypto', () => load('sandcell:crypto'));
  lazy('structuredClone', () => load('sandcell:clone'));
  lazy('Buffer', () => load('buffer').Buffer);
  if (typeof Error.captureStackTrace !== 'function') {
    define(Error, 'captureStackTrace', function captureStackTrace(target) {
      if (target === null || typeof target !== 'object') throw new TypeError('Invalid argument');
      // Frames only, as QuickJS writes them, without this function's own.
      define(target, 'stack', new Error().stack.split('\n').slice(1).join('\n'));
    });
  }

  // JSON's C recursion uses far more native stack per level than JS calls, so it runs on a
  // smaller QuickJS stack: a very deep value then throws instead of crashing the wasm module.
  // Short texts cannot nest deep enough to matter and skip the two host calls.
  const { parse: jsonParse, stringify: jsonStringify } = JSON;
  define(JSON, 'parse', function parse(text, reviver) {
    if (typeof text !== 'string' || text.length < 1000) return jsonParse(text, reviver);
    host.jsonStack(1);
    try {
      return jsonParse(text, reviver);
    } finally {
      host.jsonStack(-1);
    }
  });
  define(JSON, 'stringify', function stringify(value, replacer, space) {
    if (value === null || typeof value !== 'object') return jsonStringify(value, replacer, space);
    host.jsonStack(1);
    try {
      return jsonStringify(value, replacer, space);
    } finally {
      host.jsonStack(-1);
    }
  });

  // The originals, taken before any user code can replace them; the policy module swaps them.
  const natives = [
    G.eval,
    Function,
    getPrototypeOf(async function () {}).constructor,
    getPrototypeOf(function* () {}).constructor,
    getPrototypeOf(async function* () {}).constructor,
  ];

  // Hooks the engine calls between runs; returned to the host, never reachable from user code.
  return {
    output: out,
    join: Array.prototype.join,
    setEval(allowed, tier) {
      if (allowed && !cache.has('sandcell:policy')) return;
      load('sandcell:policy')(natives, allowed, tier);
    },
    setContext(json) {
      const values = jsonParse(json);
      for (const key of keys(values)) defineProperty(G, key, { value: values[key], writable: true, configurable: true, enumerable: true });
    },
    exportNames(request) {
      return keys(namespace(request)).join('\n');
    },
    resetConsole() {
      io.indent = '';
    },
    // The host passes strings as C strings, which end at a NUL; JSON carries every character.
    quote(text) {
      return jsonStringify(text);
    },
    unquote(json) {
      return jsonParse(json);
    },
  };
});
