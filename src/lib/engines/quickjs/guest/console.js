// The slow half of console: formatting anything but primitives (through node's inspect), and
// the rarer methods. Each method gets the prelude's `io`: { emit(fd, text), format(args), indent }.
'use strict';
const util = require('node-inspect');

const { getOwnPropertyDescriptor, getPrototypeOf, keys } = Object;
const errorToString = Error.prototype.toString;

// QuickJS stacks hold only frames; Node's start with "Name: message", and inspect relies on it.
function fixStack(error) {
  const desc = getOwnPropertyDescriptor(error, 'stack');
  if (!desc || !desc.writable || typeof desc.value !== 'string') return;
  const stack = desc.value;
  if (stack !== '' && !stack.startsWith('    at ')) return;
  let header;
  try {
    header = errorToString.call(error);
  } catch {
    return;
  }
  error.stack = header + (stack ? '\n' + stack.replace(/\n$/, '') : '');
}

/** Fixes error stacks in what is about to be printed, as deep as inspect shows by default. */
function fixStacks(value, seen, depth) {
  if (value === null || typeof value !== 'object' || depth > 3 || seen.has(value)) return;
  seen.add(value);
  if (value instanceof Error) {
    fixStack(value);
    fixStacks(value.cause, seen, depth + 1);
    if (Array.isArray(value.errors)) value.errors.slice(0, 100).forEach((e) => fixStacks(e, seen, depth + 1));
  }
  const proto = getPrototypeOf(value);
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length && i < 100; i++) fixStacks(value[i], seen, depth + 1);
  } else if (proto === Object.prototype || proto === null || value instanceof Error) {
    for (const key of keys(value).slice(0, 100)) {
      const desc = getOwnPropertyDescriptor(value, key);
      if (desc && 'value' in desc) fixStacks(desc.value, seen, depth + 1);
    }
  }
}

function format(args) {
  const seen = new Set();
  for (const arg of args) fixStacks(arg, seen, 0);
  return util.formatWithOptions({}, ...args);
}

function dir(io, value, options) {
  fixStacks(value, new Set(), 0);
  io.emit(1, util.inspect(value, { customInspect: false, ...options }));
}

function trace(io, ...args) {
  const frames = String(new Error().stack)
    .split('\n')
    .filter((line) => line && !line.includes('(sandcell:') && !line.includes('(node:internal/console'));
  io.emit(2, 'Trace' + (args.length ? ': ' + io.format(args) : '') + (frames.length ? '\n' + frames.join('\n') : ''));
}

function assert(io, condition, ...args) {
  if (condition) return;
  args[0] = 'Assertion failed' + (args.length === 0 ? '' : ': ' + args[0]);
  io.emit(2, io.format(args));
}

const counts = new Map();
const timers = new Map();

function count(io, label = 'default') {
  label = String(label);
  const n = (counts.get(label) || 0) + 1;
  counts.set(label, n);
  io.emit(1, label + ': ' + n);
}

function countReset(io, label = 'default') {
  counts.delete(String(label));
}

function group(io, ...args) {
  if (args.length) io.emit(1, io.format(args));
  io.indent += '  ';
}

function groupEnd(io) {
  io.indent = io.indent.slice(2);
}

function elapsed(ms) {
  return ms >= 1000 ? (ms / 1000).toFixed(3) + 's' : ms.toFixed(3) + 'ms';
}

function time(io, label = 'default') {
  label = String(label);
  if (timers.has(label)) return io.emit(2, `(node) Warning: Label '${label}' already exists for console.time()`);
  timers.set(label, performance.now());
}

function timeLog(io, label = 'default', ...args) {
  label = String(label);
  const start = timers.get(label);
  if (start === undefined) return io.emit(2, `(node) Warning: No such label '${label}' for console.timeLog()`);
  io.emit(1, label + ': ' + elapsed(performance.now() - start) + (args.length ? ' ' + io.format(args) : ''));
}

function timeEnd(io, label = 'default') {
  label = String(label);
  const start = timers.get(label);
  if (start === undefined) return io.emit(2, `(node) Warning: No such label '${label}' for console.timeEnd()`);
  timers.delete(label);
  io.emit(1, label + ': ' + elapsed(performance.now() - start));
}

// ---- console.table, drawn like Node's ------------------------------------------------
function cell(value) {
  const depth = value !== null && typeof value === 'object' && !Array.isArray(value) && keys(value).length > 2 ? -1 : 0;
  return util.inspect(value, { depth, maxArrayLength: 3, breakLength: Infinity });
}

function isPrimitive(value) {
  return value === null || (typeof value !== 'object' && typeof value !== 'function');
}

function draw(head, rows) {
  const widths = head.map((h, i) => Math.max(util.getStringWidth(h), ...rows.map((r) => util.getStringWidth(r[i] ?? ''))) + 2);
  const line = (l, m, r) => l + widths.map((w) => '─'.repeat(w)).join(m) + r;
  const row = (cells) => '│' + widths.map((w, i) => ' ' + (cells[i] ?? '') + ' '.repeat(w - 1 - util.getStringWidth(cells[i] ?? ''))).join('│') + '│';
  return [line('┌', '┬', '┐'), row(head), line('├', '┼', '┤'), ...rows.map(row), line('└', '┴', '┘')].join('\n');
}

function table(io, data, columns) {
  io.emit(1, drawTable(io, data, columns));
}

function drawTable(io, data, columns) {
  if (isPrimitive(data)) return io.format([data]);
  const index = [];
  const values = [];
  const fields = new Map();
  const valuesKey = 'Values';
  let hasValues = false;
  const addRow = (key, value) => {
    index.push(key);
    const row = new Map();
    if (isPrimitive(value)) {
      hasValues = true;
      row.set(valuesKey, cell(value));
    } else {
      for (const k of keys(value)) {
        if (columns && !columns.includes(k)) continue;
        fields.set(k, true);
        row.set(k, cell(value[k]));
      }
    }
    values.push(row);
  };
  let indexHead = '(index)';
  if (data instanceof Map) {
    indexHead = '(iteration index)';
    let i = 0;
    const rows = [];
    for (const [k, v] of data) rows.push([String(i++), cell(k), cell(v)]);
    return draw([indexHead, 'Key', 'Values'], rows);
  }
  if (data instanceof Set) {
    let i = 0;
    const rows = [];
    for (const v of data) rows.push([String(i++), cell(v)]);
    return draw(['(iteration index)', 'Values'], rows);
  }
  for (const key of keys(data)) addRow(key, data[key]);
  const head = [indexHead, ...(columns || [...fields.keys()])];
  if (hasValues) head.push(valuesKey);
  const rows = values.map((row, i) => head.map((h, j) => (j === 0 ? index[i] : row.get(h) ?? '')));
  return draw(head, rows);
}

module.exports = {
  format,
  fixStacks,
  dir,
  trace,
  assert,
  count,
  countReset,
  group,
  groupCollapsed: group,
  groupEnd,
  time,
  timeLog,
  timeEnd,
  table,
};
