// Node's `util`: inspect and format from node-inspect-extracted, the rest written here.
'use strict';
const inspectLib = require('node-inspect');
const { fixStacks } = require('sandcell:console');
const { TextEncoder, TextDecoder } = require('sandcell:text');

const tag = (value) => Object.prototype.toString.call(value).slice(8, -1);
const proto = (value) => (value === null || value === undefined ? value : Object.getPrototypeOf(value));
const AsyncFunction = proto(async function () {});
const GeneratorFunction = proto(function* () {});
const AsyncGeneratorFunction = proto(async function* () {});
const TypedArray = proto(Uint8Array);
const isTypedArray = (v) => v instanceof TypedArray;

const types = {
  isAnyArrayBuffer: (v) => v instanceof ArrayBuffer || (typeof SharedArrayBuffer === 'function' && v instanceof SharedArrayBuffer),
  isArrayBuffer: (v) => v instanceof ArrayBuffer,
  isArrayBufferView: (v) => ArrayBuffer.isView(v),
  isAsyncFunction: (v) => typeof v === 'function' && (proto(v) === AsyncFunction || proto(v) === AsyncGeneratorFunction),
  isBigInt64Array: (v) => v instanceof BigInt64Array,
  isBigUint64Array: (v) => v instanceof BigUint64Array,
  isBooleanObject: (v) => typeof v === 'object' && tag(v) === 'Boolean',
  isBoxedPrimitive: (v) => typeof v === 'object' && v !== null && ['Boolean', 'Number', 'String', 'Symbol', 'BigInt'].includes(tag(v)) && !(Symbol.toStringTag in v),
  isDataView: (v) => v instanceof DataView,
  isDate: (v) => v instanceof Date,
  isFloat32Array: (v) => v instanceof Float32Array,
  isFloat64Array: (v) => v instanceof Float64Array,
  isGeneratorFunction: (v) => typeof v === 'function' && (proto(v) === GeneratorFunction || proto(v) === AsyncGeneratorFunction),
  isGeneratorObject: (v) => typeof v === 'object' && v !== null && tag(v) === 'Generator',
  isInt8Array: (v) => v instanceof Int8Array,
  isInt16Array: (v) => v instanceof Int16Array,
  isInt32Array: (v) => v instanceof Int32Array,
  isMap: (v) => v instanceof Map,
  isMapIterator: (v) => typeof v === 'object' && v !== null && tag(v) === 'Map Iterator',
  isNativeError: (v) => v instanceof Error,
  isNumberObject: (v) => typeof v === 'object' && tag(v) === 'Number',
  isPromise: (v) => v instanceof Promise,
  isProxy: () => false,
  isRegExp: (v) => v instanceof RegExp,
  isSet: (v) => v instanceof Set,
  isSetIterator: (v) => typeof v === 'object' && v !== null && tag(v) === 'Set Iterator',
  isSharedArrayBuffer: (v) => typeof SharedArrayBuffer === 'function' && v instanceof SharedArrayBuffer,
  isStringObject: (v) => typeof v === 'object' && tag(v) === 'String',
  isSymbolObject: (v) => typeof v === 'object' && tag(v) === 'Symbol',
  isTypedArray,
  isUint8Array: (v) => v instanceof Uint8Array,
  isUint8ClampedArray: (v) => v instanceof Uint8ClampedArray,
  isUint16Array: (v) => v instanceof Uint16Array,
  isUint32Array: (v) => v instanceof Uint32Array,
  isWeakMap: (v) => v instanceof WeakMap,
  isWeakSet: (v) => v instanceof WeakSet,
};

const customPromisify = Symbol.for('nodejs.util.promisify.custom');
function promisify(original) {
  if (typeof original !== 'function') throw new TypeError('The "original" argument must be of type function');
  if (original[customPromisify]) return original[customPromisify];
  function promisified(...args) {
    return new Promise((resolve, reject) => {
      original.call(this, ...args, (error, value) => (error ? reject(error) : resolve(value)));
    });
  }
  Object.setPrototypeOf(promisified, Object.getPrototypeOf(original));
  return Object.defineProperties(promisified, Object.getOwnPropertyDescriptors(original));
}
promisify.custom = customPromisify;

function callbackify(original) {
  if (typeof original !== 'function') throw new TypeError('The "original" argument must be of type function');
  return function (...args) {
    const done = args.pop();
    if (typeof done !== 'function') throw new TypeError('The last argument must be of type function');
    original.apply(this, args).then(
      (value) => queueMicrotask(() => done(null, value)),
      (error) => queueMicrotask(() => done(error || new Error('Promise was rejected with a falsy value'))),
    );
  };
}

function inherits(ctor, superCtor) {
  if (typeof ctor !== 'function' || typeof superCtor !== 'function') throw new TypeError('The "ctor" and "superCtor" arguments must be functions');
  Object.defineProperty(ctor, 'super_', { value: superCtor, writable: true, configurable: true });
  Object.setPrototypeOf(ctor.prototype, superCtor.prototype);
}

const warned = new Set();
function deprecate(fn, message, code) {
  return function (...args) {
    const key = code || message;
    if (!warned.has(key)) {
      warned.add(key);
      console.error(`(node) [${code || 'DEP'}] DeprecationWarning: ${message}`);
    }
    return new.target ? Reflect.construct(fn, args, new.target) : fn.apply(this, args);
  };
}

/** Deep strict equality for the common cases: primitives, arrays, plain objects, Map, Set, Date, RegExp, typed arrays, errors. */
function isDeepStrictEqual(a, b, seen = new Map()) {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (proto(a) !== proto(b) || tag(a) !== tag(b)) return false;
  if (seen.get(a) === b) return true;
  seen.set(a, b);
  if (a instanceof Date) return Object.is(a.getTime(), b.getTime());
  if (a instanceof RegExp) return a.source === b.source && a.flags === b.flags && a.lastIndex === b.lastIndex;
  if (a instanceof Error && (a.message !== b.message || a.name !== b.name)) return false;
  if (ArrayBuffer.isView(a) || a instanceof ArrayBuffer) {
    const x = new Uint8Array(a.buffer || a, a.byteOffset || 0, a.byteLength);
    const y = new Uint8Array(b.buffer || b, b.byteOffset || 0, b.byteLength);
    if (x.length !== y.length) return false;
    for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
  }
  if (a instanceof Map) {
    if (a.size !== b.size) return false;
    for (const [key, value] of a) if (!b.has(key) || !isDeepStrictEqual(value, b.get(key), seen)) return false;
  }
  if (a instanceof Set) {
    if (a.size !== b.size) return false;
    outer: for (const value of a) {
      if (b.has(value)) continue;
      if (typeof value !== 'object' || value === null) return false;
      for (const other of b) if (isDeepStrictEqual(value, other, seen)) continue outer;
      return false;
    }
  }
  if (a instanceof Number || a instanceof String || a instanceof Boolean) {
    if (!Object.is(a.valueOf(), b.valueOf())) return false;
  }
  const keysA = Reflect.ownKeys(a).filter((k) => Object.prototype.propertyIsEnumerable.call(a, k));
  const keysB = Reflect.ownKeys(b).filter((k) => Object.prototype.propertyIsEnumerable.call(b, k));
  if (keysA.length !== keysB.length) return false;
  for (const key of keysA) {
    if (!Object.prototype.propertyIsEnumerable.call(b, key)) return false;
    if (!isDeepStrictEqual(a[key], b[key], seen)) return false;
  }
  return true;
}

function inspect(value, ...rest) {
  fixStacks(value, new Set(), 0);
  return inspectLib.inspect(value, ...rest);
}
Object.assign(inspect, inspectLib.inspect);
inspect.custom = inspectLib.inspect.custom;
Object.defineProperty(inspect, 'defaultOptions', {
  get: () => inspectLib.inspect.defaultOptions,
  set: (options) => {
    inspectLib.inspect.defaultOptions = options;
  },
});

module.exports = {
  inspect,
  format: (...args) => require('sandcell:console').format(args),
  formatWithOptions: (options, ...args) => {
    fixStacks(args, new Set(), 0);
    return inspectLib.formatWithOptions(options, ...args);
  },
  stripVTControlCharacters: inspectLib.stripVTControlCharacters,
  promisify,
  callbackify,
  inherits,
  deprecate,
  debuglog: () => Object.assign(() => {}, { enabled: false }),
  isDeepStrictEqual: (a, b) => isDeepStrictEqual(a, b),
  types,
  TextEncoder,
  TextDecoder,
  isArray: Array.isArray,
  isBoolean: (v) => typeof v === 'boolean',
  isNull: (v) => v === null,
  isNullOrUndefined: (v) => v === null || v === undefined,
  isNumber: (v) => typeof v === 'number',
  isString: (v) => typeof v === 'string',
  isSymbol: (v) => typeof v === 'symbol',
  isUndefined: (v) => v === undefined,
  isRegExp: types.isRegExp,
  isObject: (v) => v !== null && typeof v === 'object',
  isDate: types.isDate,
  isError: types.isNativeError,
  isFunction: (v) => typeof v === 'function',
  isPrimitive: (v) => v === null || (typeof v !== 'object' && typeof v !== 'function'),
};
