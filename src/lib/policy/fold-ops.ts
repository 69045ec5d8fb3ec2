/** Constant-folding arithmetic shared by the JavaScript and Python folders. Every result is bounded. */

import { MAX_FOLD_LENGTH } from './limits';
import { UNKNOWN_VALUE, type Value } from './sites';

export function str(text: string, folded: boolean, decoded = false): Value {
  return text.length > MAX_FOLD_LENGTH ? { ...UNKNOWN_VALUE, folded, decoded } : { str: text, folded, decoded, fn: false };
}

export function num(n: number, folded: boolean, log2?: number): Value {
  const magnitude = log2 ?? (n === 0 ? 0 : Math.log2(Math.abs(n)));
  return { num: n, log2: magnitude, folded, decoded: false, fn: false };
}

/** log2 of a value's magnitude, if it is a known number. */
export function log2Of(v: Value): number | undefined {
  if (v.log2 !== undefined) return v.log2;
  if (v.num !== undefined) return v.num === 0 ? 0 : Math.log2(Math.abs(v.num));
  return undefined;
}

/** `a + b`: concatenation when either side is text (JavaScript's rule; Python only adds like types). */
export function add(a: Value, b: Value): Value {
  const decoded = a.decoded || b.decoded;
  if (a.str !== undefined && b.str !== undefined) return str(a.str + b.str, true, decoded);
  if (a.str !== undefined && b.num !== undefined) return str(a.str + String(b.num), true, decoded);
  if (a.num !== undefined && b.str !== undefined) return str(String(a.num) + b.str, true, decoded);
  if (a.num !== undefined && b.num !== undefined) {
    const la = log2Of(a) ?? 0;
    const lb = log2Of(b) ?? 0;
    return num(a.num + b.num, true, Math.max(la, lb) + (la === lb ? 1 : 0));
  }
  return { ...UNKNOWN_VALUE, folded: true, decoded };
}

export function multiply(a: Value, b: Value): Value {
  if (a.num !== undefined && b.num !== undefined) return num(a.num * b.num, true, (log2Of(a) ?? 0) + (log2Of(b) ?? 0));
  const text = a.str ?? b.str;
  const times = a.str !== undefined ? b.num : a.num;
  if (text !== undefined && times !== undefined) {
    if (times <= 0) return str('', true);
    if (text.length * times > MAX_FOLD_LENGTH) return { ...UNKNOWN_VALUE, folded: true };
    return str(text.repeat(Math.floor(times)), true, a.decoded || b.decoded);
  }
  return { ...UNKNOWN_VALUE, folded: true };
}

/** `a ** b`; keeps log2 of the result so `10**10**8` is still measurable after it overflows a double. */
export function power(a: Value, b: Value): Value {
  if (a.num === undefined || b.num === undefined) return { ...UNKNOWN_VALUE, folded: true };
  const la = log2Of(a) ?? 0;
  const exponent = Number.isFinite(b.num) ? b.num : 2 ** Math.min(log2Of(b) ?? 1024, 1024);
  return num(a.num ** b.num, true, la * exponent);
}

export function arithmetic(op: string, a: Value, b: Value): Value {
  switch (op) {
    case '+': return add(a, b);
    case '*': return multiply(a, b);
    case '**': return power(a, b);
    case '-': return a.num !== undefined && b.num !== undefined ? num(a.num - b.num, true) : { ...UNKNOWN_VALUE, folded: true };
    case '/': return a.num !== undefined && b.num !== undefined && b.num !== 0 ? num(a.num / b.num, true) : { ...UNKNOWN_VALUE, folded: true };
    case '//': return a.num !== undefined && b.num !== undefined && b.num !== 0 ? num(Math.floor(a.num / b.num), true) : { ...UNKNOWN_VALUE, folded: true };
    case '<<': return a.num !== undefined && b.num !== undefined ? num(a.num * 2 ** b.num, true, (log2Of(a) ?? 0) + b.num) : { ...UNKNOWN_VALUE, folded: true };
    default: return { ...UNKNOWN_VALUE, folded: true };
  }
}

/** Characters from code points, as `String.fromCharCode` and `chr` build them. */
export function fromCodes(codes: readonly (number | undefined)[]): Value {
  let out = '';
  for (const code of codes) {
    if (code === undefined || !Number.isInteger(code) || code < 0 || code > 0x10ffff) return { ...UNKNOWN_VALUE, folded: true, decoded: true };
    out += String.fromCodePoint(code);
    if (out.length > MAX_FOLD_LENGTH) return { ...UNKNOWN_VALUE, folded: true, decoded: true };
  }
  return str(out, true, true);
}

/** A string method with constant arguments, as both languages spell the common ones. */
export function stringMethod(receiver: Value, method: string, args: readonly Value[]): Value {
  const text = receiver.str;
  if (text === undefined) return { ...UNKNOWN_VALUE, folded: true, decoded: receiver.decoded };
  const decoded = receiver.decoded;
  const a0 = args[0];
  const a1 = args[1];
  switch (method) {
    case 'toString': case 'valueOf': case 'decode': case 'encode': case 'normalize': case 'trim': case 'strip':
      return str(method === 'trim' || method === 'strip' ? text.trim() : text, true, decoded);
    case 'toLowerCase': case 'lower': return str(text.toLowerCase(), true, decoded);
    case 'toUpperCase': case 'upper': return str(text.toUpperCase(), true, decoded);
    case 'concat': {
      let out = text;
      for (const a of args) {
        if (a.str === undefined) return { ...UNKNOWN_VALUE, folded: true, decoded };
        out += a.str;
      }
      return str(out, true, decoded);
    }
    case 'replace': case 'replaceAll':
      if (a0?.str === undefined || a1?.str === undefined || a0.str === '') break;
      return str(replaceFirstOrAll(text, a0.str, a1.str, method), true, decoded);
    case 'slice': case 'substring': {
      const start = a0?.num ?? 0;
      const end = a1?.num;
      return str(method === 'slice' ? text.slice(start, end) : text.substring(start, end), true, decoded);
    }
    case 'repeat':
      if (a0?.num === undefined) break;
      return multiply(receiver, a0);
  }
  return { ...UNKNOWN_VALUE, folded: true, decoded };
}

function replaceFirstOrAll(text: string, find: string, by: string, method: string): string {
  if (method === 'replaceAll') return text.split(find).join(by);
  const at = text.indexOf(find);
  return at < 0 ? text : text.slice(0, at) + by + text.slice(at + find.length);
}

/** `sep.join(parts)` / `parts.join(sep)`. */
export function joinParts(parts: readonly Value[] | null, separator: string, decoded = false): Value {
  if (parts === null) return { ...UNKNOWN_VALUE, folded: true, decoded };
  let out = '';
  let anyDecoded = decoded;
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i]!;
    const piece = p.str ?? (p.num !== undefined ? String(p.num) : undefined);
    if (piece === undefined) return { ...UNKNOWN_VALUE, folded: true, decoded: anyDecoded || p.decoded };
    out += (i > 0 ? separator : '') + piece;
    anyDecoded ||= p.decoded;
    if (out.length > MAX_FOLD_LENGTH) return { ...UNKNOWN_VALUE, folded: true, decoded: anyDecoded };
  }
  return str(out, true, anyDecoded);
}
