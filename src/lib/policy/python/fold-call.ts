/** Constant folding of Python calls and sequences: the decoders payloads hide behind. */

import type { SyntaxNode } from '@lezer/common';
import { base64Decode, hexDecode, rot13 } from '../decode';
import { fromCodes, joinParts, str, stringMethod } from '../fold-ops';
import { MAX_FOLD_DEPTH } from '../limits';
import { UNKNOWN_VALUE, type Value } from '../sites';
import type { PyResolver } from './resolve';
import { argList, parts } from './syntax';

/** Elements of a constant sequence: lists, tuples, `map(chr, …)`, `[chr(c) for c in …]`, `reversed(…)`, a string's characters. */
export function foldList(r: PyResolver, node: SyntaxNode, depth: number): Value[] | null {
  if (depth > MAX_FOLD_DEPTH) return null;
  switch (node.name) {
    case 'ArrayExpression':
    case 'TupleExpression':
      return parts(node).map((p) => r.fold(p, depth + 1));
    case 'ArrayComprehensionExpression':
    case 'ComprehensionExpression':
    case 'SetComprehensionExpression':
    case 'ArgList': {
      // [ELEMENT for VAR in ITERABLE] where ELEMENT is VAR or chr(VAR)
      const [element, forKw, variable, inKw, iterable, extra] = parts(node);
      if (!element || forKw?.name !== 'for' || variable?.name !== 'VariableName' || inKw?.name !== 'in' || !iterable || extra) return null;
      const items = foldList(r, iterable, depth + 1);
      if (!items) return null;
      const v = r.text(variable);
      if (element.name === 'VariableName' && r.text(element) === v) return items;
      if (element.name === 'CallExpression' && r.text(element).replaceAll(' ', '') === `chr(${v})`) return items.map((i) => fromCodes([i.num]));
      return null;
    }
    case 'CallExpression': {
      const callee = node.firstChild;
      if (!callee) return null;
      const path = r.resolve(callee, depth + 1).path;
      const { positional } = argList(callee.nextSibling, r.code);
      const [a0, a1] = positional;
      if (path === 'map' && a0 && a1 && r.resolve(a0, depth + 1).path === 'chr') {
        const items = foldList(r, a1, depth + 1);
        return items ? items.map((i) => fromCodes([i.num])) : null;
      }
      if ((path === 'reversed' || path === 'list' || path === 'tuple') && a0) {
        const items = foldList(r, a0, depth + 1);
        return items && path === 'reversed' ? items.reverse().map((i) => ({ ...i, decoded: true })) : items;
      }
      return null;
    }
    default: {
      const v = r.fold(node, depth + 1);
      if (v.str === undefined) return null;
      return Array.from(v.str, (c) => str(c, true, v.decoded));
    }
  }
}

/** A call with constant arguments: `chr`, `bytes.fromhex`, `base64.b64decode`, `codecs.decode`, `"".join`, string methods. */
export function foldCall(r: PyResolver, node: SyntaxNode, depth: number): Value {
  const callee = node.firstChild;
  if (!callee) return UNKNOWN_VALUE;
  const { positional } = argList(callee.nextSibling, r.code);
  const arg = (i: number): Value => (positional[i] ? r.fold(positional[i]!, depth + 1) : UNKNOWN_VALUE);
  const decodedUnknown: Value = { ...UNKNOWN_VALUE, folded: true, decoded: true };
  const path = r.resolve(callee, depth + 1).path;
  switch (path) {
    case 'chr':
      return fromCodes([arg(0).num]);
    case 'str':
      return { ...arg(0), folded: true };
    case 'bytes':
    case 'bytearray': {
      if (!positional[0]) return UNKNOWN_VALUE;
      const v = arg(0);
      if (v.str !== undefined) return { ...v, folded: true };
      const items = foldList(r, positional[0], depth + 1);
      return items ? fromCodes(items.map((i) => i.num)) : UNKNOWN_VALUE;
    }
    case 'base64.b64decode':
    case 'base64.standard_b64decode':
    case 'base64.urlsafe_b64decode':
    case 'base64.decodebytes':
    case 'base64.decodestring':
    case 'binascii.a2b_base64': {
      const v = arg(0);
      const text = v.str === undefined ? null : base64Decode(v.str);
      return text === null ? decodedUnknown : str(text, true, true);
    }
    case 'bytes.fromhex':
    case 'bytearray.fromhex':
    case 'base64.b16decode':
    case 'binascii.unhexlify':
    case 'binascii.a2b_hex': {
      const v = arg(0);
      const text = v.str === undefined ? null : hexDecode(v.str);
      return text === null ? decodedUnknown : str(text, true, true);
    }
    case 'codecs.decode':
      return decodeWith(arg(0), arg(1).str ?? 'utf-8');
    case 'zlib.decompress':
    case 'gzip.decompress':
    case 'bz2.decompress':
    case 'lzma.decompress':
    case 'marshal.loads':
    case 'pickle.loads':
      return decodedUnknown;
  }
  if (callee.name === 'MemberExpression' && callee.getChild('PropertyName')) {
    const method = r.text(callee.getChild('PropertyName')!);
    const receiver = callee.firstChild!;
    if (method === 'join') {
      const sep = r.fold(receiver, depth + 1);
      if (sep.str === undefined || !positional[0]) return UNKNOWN_VALUE;
      return joinParts(foldList(r, positional[0], depth + 1), sep.str);
    }
    const value = r.fold(receiver, depth + 1);
    if ((method === 'decode' || method === 'encode') && positional[0]) return decodeWith(value, arg(0).str ?? 'utf-8');
    const args: Value[] = [];
    for (let i = 0; i < positional.length && i < 4; i++) args.push(arg(i));
    return stringMethod(value, method, args);
  }
  return UNKNOWN_VALUE;
}

/** `codecs.decode(s, "rot13")`, `s.decode("hex")`, `s.encode("rot_13")`. */
function decodeWith(v: Value, encoding: string): Value {
  const e = encoding.toLowerCase().replaceAll('-', '_');
  const unknown: Value = { ...UNKNOWN_VALUE, folded: true, decoded: true };
  if (e === 'rot13' || e === 'rot_13') return v.str === undefined ? unknown : str(rot13(v.str), true, true);
  if (e === 'hex' || e === 'hex_codec') {
    const text = v.str === undefined ? null : hexDecode(v.str);
    return text === null ? unknown : str(text, true, true);
  }
  if (e === 'base64' || e === 'base64_codec') {
    const text = v.str === undefined ? null : base64Decode(v.str);
    return text === null ? unknown : str(text, true, true);
  }
  if (e === 'unicode_escape' || e === 'raw_unicode_escape' || e === 'zlib' || e === 'bz2') return { ...v, folded: true, decoded: true, str: v.str };
  return { ...v, folded: true };
}
