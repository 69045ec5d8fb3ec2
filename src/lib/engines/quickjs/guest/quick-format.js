// A small formatter for what console.log sees most: plain objects and short arrays of
// primitives that fit on one line. It prints exactly what node's inspect prints for them and
// returns undefined for anything else, so the 50 KB inspect is compiled only when needed.
'use strict';

const { getPrototypeOf, keys, getOwnPropertySymbols, getOwnPropertyDescriptor } = Object;
const ObjectProto = Object.prototype;
const ArrayProto = Array.prototype;
const custom = Symbol.for('nodejs.util.inspect.custom');
const IDENTIFIER = /^[a-zA-Z_][a-zA-Z_0-9]*$/;
// Printable, no quote or backslash: the only strings inspect shows unescaped in single quotes.
const PLAIN_STRING = /^[\x20-\x26\x28-\x5b\x5d-\x7e\u00a0-\ud7ff\ue000-\uffff]*$/;
const BREAK_LENGTH = 80;
// inspect regroups arrays longer than this into columns.
const MAX_ARRAY = 6;

function primitive(value) {
  switch (typeof value) {
    case 'string':
      return PLAIN_STRING.test(value) && value.length <= 1000 ? `'${value}'` : undefined;
    case 'number':
      return value === 0 && 1 / value < 0 ? '-0' : String(value);
    case 'bigint':
      return `${value}n`;
    case 'boolean':
    case 'undefined':
      return String(value);
    default:
      return value === null ? 'null' : undefined;
  }
}

// node's reduceToSingleString for `compact: 3`, when every entry is already one line.
function single(entries, open, close, indentation) {
  if (entries.length === 0) return open + close;
  const start = entries.length + indentation + open.length + 10;
  let total = entries.length + start;
  for (const entry of entries) total += entry.length;
  if (total > BREAK_LENGTH) return undefined;
  return `${open} ${entries.join(', ')} ${close}`;
}

function value(v, depth, indentation) {
  if (v === null || (typeof v !== 'object' && typeof v !== 'function')) return primitive(v);
  if (typeof v === 'function' || depth > 1 || v[custom] !== undefined || getOwnPropertySymbols(v).length) return undefined;
  const proto = getPrototypeOf(v);
  if (Array.isArray(v)) {
    if (proto !== ArrayProto || v.length > MAX_ARRAY || keys(v).length !== v.length) return undefined;
    const entries = [];
    for (let i = 0; i < v.length; i++) {
      const desc = getOwnPropertyDescriptor(v, i);
      if (!desc || !('value' in desc)) return undefined;
      const shown = value(desc.value, depth + 1, indentation + 2);
      if (shown === undefined) return undefined;
      entries.push(shown);
    }
    return single(entries, '[', ']', indentation);
  }
  if (proto !== ObjectProto) return undefined;
  const entries = [];
  for (const key of keys(v)) {
    const desc = getOwnPropertyDescriptor(v, key);
    if (!IDENTIFIER.test(key) || !desc || !('value' in desc)) return undefined;
    const shown = value(desc.value, depth + 1, indentation + 2);
    if (shown === undefined) return undefined;
    entries.push(`${key}: ${shown}`);
  }
  return single(entries, '{', '}', indentation);
}

/** console.log's output for `args`, or undefined when only inspect can tell. */
module.exports = function quickFormat(args) {
  if (args.length > 1 && typeof args[0] === 'string' && args[0].includes('%')) return undefined;
  let out = '';
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const shown = typeof arg === 'string' ? arg : value(arg, 0, 0);
    if (shown === undefined) return undefined;
    out += (i ? ' ' : '') + shown;
  }
  return out;
};
