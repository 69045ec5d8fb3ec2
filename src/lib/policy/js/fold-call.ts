/** Constant folding of JavaScript calls and array-like values: the decoders payloads hide behind. */

import type { AnyNode, Expression, Node, SpreadElement } from 'acorn';
import { base64Decode, base64Encode, hexDecode, percentDecode } from '../decode';
import { fromCodes, joinParts, str, stringMethod } from '../fold-ops';
import { MAX_FOLD_DEPTH } from '../limits';
import { UNKNOWN_VALUE, type Value } from '../sites';
import type { JsResolver } from './resolve';

/** The elements of an array-like constant: `["e", "v"]`, `"lave".split("").reverse()`, `[..."abc"]`. */
export function foldList(r: JsResolver, node: AnyNode | Node, depth: number): Value[] | null {
  if (depth > MAX_FOLD_DEPTH) return null;
  const n = node as AnyNode;
  if (n.type === 'ArrayExpression') {
    const out: Value[] = [];
    for (const e of n.elements) {
      if (!e) return null;
      if (e.type === 'SpreadElement') {
        const v = r.fold(e.argument, depth + 1);
        if (v.str === undefined) return null;
        for (const c of v.str) out.push(str(c, true, v.decoded));
      } else out.push(r.fold(e, depth + 1));
    }
    return out;
  }
  if (n.type === 'CallExpression' && n.callee.type === 'MemberExpression') {
    const method = methodName(r, n.callee, depth);
    const receiver = n.callee.object;
    if (method === 'reverse') return foldList(r, receiver, depth + 1)?.reverse() ?? null;
    if (method === 'split') {
      const text = r.fold(receiver, depth + 1);
      const sep = n.arguments[0] ? r.fold(n.arguments[0], depth + 1).str : undefined;
      if (text.str === undefined || sep === undefined) return null;
      return text.str.split(sep).map((s) => str(s, true, text.decoded));
    }
    if (method === 'concat') {
      const list = foldList(r, receiver, depth + 1);
      if (!list) return null;
      for (const a of n.arguments) {
        const more = foldList(r, a, depth + 1);
        if (more) list.push(...more);
        else list.push(r.fold(a, depth + 1));
      }
      return list;
    }
    if (method === 'map') {
      // `[101, 118].map(c => String.fromCharCode(c))` and `.map(String.fromCharCode)`.
      const list = foldList(r, receiver, depth + 1);
      const fn = n.arguments[0];
      if (!list || !fn || !mapsToChar(r, fn, depth)) return null;
      return list.map((v) => fromCodes([v.num]));
    }
  }
  return null;
}

function mapsToChar(r: JsResolver, fn: AnyNode | Node, depth: number): boolean {
  const f = fn as AnyNode;
  if (f.type === 'MemberExpression') return r.resolve(f, depth + 1).path === 'String.fromCharCode';
  if (f.type === 'ArrowFunctionExpression' && f.expression && f.body.type === 'CallExpression') {
    return r.resolve(f.body.callee, depth + 1).path.startsWith('String.fromC');
  }
  return false;
}

function methodName(r: JsResolver, member: AnyNode, depth: number): string | null {
  if (member.type !== 'MemberExpression') return null;
  if (!member.computed) return member.property.type === 'Identifier' ? member.property.name : null;
  return r.fold(member.property, depth + 1).str ?? null;
}

/** A call with constant arguments: decoders (`atob`, `String.fromCharCode`, `Buffer.from`) and string methods. */
export function foldCall(r: JsResolver, calleeNode: AnyNode | Node, args: readonly (Expression | SpreadElement)[], depth: number): Value {
  const callee = calleeNode as AnyNode;
  const argValue = (i: number): Value => {
    const a = args[i];
    return a && a.type !== 'SpreadElement' ? r.fold(a, depth + 1) : UNKNOWN_VALUE;
  };
  const path = r.resolve(callee, depth + 1).path;
  switch (path) {
    case 'atob': {
      const v = argValue(0);
      const text = v.str === undefined ? null : base64Decode(v.str);
      return text === null ? { ...UNKNOWN_VALUE, folded: true, decoded: true } : str(text, true, true);
    }
    case 'btoa': {
      const v = argValue(0);
      const text = v.str === undefined ? null : base64Encode(v.str);
      return text === null ? { ...UNKNOWN_VALUE, folded: true } : str(text, true, v.decoded);
    }
    case 'String.fromCharCode':
    case 'String.fromCodePoint': {
      const codes: (number | undefined)[] = [];
      for (const a of args) {
        if (a.type === 'SpreadElement') {
          const list = foldList(r, a.argument, depth + 1);
          if (!list) return { ...UNKNOWN_VALUE, folded: true, decoded: true };
          for (const v of list) codes.push(v.num);
        } else codes.push(r.fold(a, depth + 1).num);
      }
      return fromCodes(codes);
    }
    case 'unescape':
    case 'decodeURIComponent':
    case 'decodeURI': {
      const v = argValue(0);
      return v.str === undefined ? { ...UNKNOWN_VALUE, folded: true, decoded: true } : str(percentDecode(v.str), true, true);
    }
    case 'String':
      return { ...argValue(0), folded: true };
    case 'Buffer.from': {
      const v = argValue(0);
      const encoding = argValue(1).str;
      if (encoding === 'base64' || encoding === 'base64url' || encoding === 'hex') {
        const text = v.str === undefined ? null : encoding === 'hex' ? hexDecode(v.str) : base64Decode(v.str);
        return text === null ? { ...UNKNOWN_VALUE, folded: true, decoded: true } : str(text, true, true);
      }
      return { ...v, folded: true };
    }
  }
  if (callee.type === 'MemberExpression') {
    const method = methodName(r, callee, depth);
    if (method === null) return UNKNOWN_VALUE;
    if (method === 'join') {
      const sep = args.length === 0 ? ',' : argValue(0).str;
      const list = foldList(r, callee.object, depth + 1);
      return sep === undefined ? { ...UNKNOWN_VALUE, folded: true } : joinParts(list, sep);
    }
    if (callee.object.type === 'Super') return UNKNOWN_VALUE;
    const receiver = r.fold(callee.object, depth + 1);
    const values: Value[] = [];
    for (let i = 0; i < args.length && i < 4; i++) values.push(argValue(i));
    return stringMethod(receiver, method, values);
  }
  return UNKNOWN_VALUE;
}
