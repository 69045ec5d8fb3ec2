/**
 * Names and constants of Python expressions: `getattr(__builtins__, "ex" + "ec")` is `exec`,
 * `__import__("o" + "s").system` is `os.system`, `"".join(map(chr, [101, 118]))` is `"ev"`.
 * No scopes; aliases are module-level style `x = …` bindings; every recursion is bounded.
 */

import type { SyntaxNode } from '@lezer/common';
import { Aliases } from '../aliases';
import { reverse } from '../decode';
import { arithmetic, num, str } from '../fold-ops';
import { MAX_FOLD_DEPTH } from '../limits';
import { DYNAMIC_GLOBAL, FUNCTION, LITERAL, UNKNOWN, joinPath, normaliseName } from '../names';
import { UNKNOWN_VALUE, type Value } from '../sites';
import { foldCall, foldList } from './fold-call';
import { decodePythonString, parsePythonNumber } from './strings';
import { argList, parts } from './syntax';

export interface PyResolved {
  readonly path: string;
  readonly evasive: boolean;
  readonly aliased: boolean;
  readonly decoded: boolean;
  /** The namespace the name was looked up through (`__builtins__`, `builtins`, `globals()`, `sys.modules`, `getattr`). */
  readonly through: string | null;
}

export type PyAlias = { readonly node: SyntaxNode } | { readonly module: string };

const UNRESOLVED: PyResolved = { path: UNKNOWN, evasive: false, aliased: false, decoded: false, through: null };
const GLOBALS = '<globals>';

function named(path: string, evasive = false): PyResolved {
  return { path, evasive, aliased: false, decoded: false, through: null };
}

const LITERAL_NODES = new Set([
  'String', 'FormatString', 'ContinuedString', 'Number', 'ArrayExpression', 'TupleExpression', 'DictionaryExpression', 'SetExpression',
  'ArrayComprehensionExpression', 'ComprehensionExpression', 'DictionaryComprehensionExpression', 'SetComprehensionExpression', 'Boolean', 'None',
]);

export class PyResolver {
  readonly #aliases = new Aliases<PyAlias, PyResolved>();

  constructor(readonly code: string) {}

  text(node: SyntaxNode): string {
    return this.code.slice(node.from, node.to);
  }

  /** Remember `name = target`; the first few bindings of a name are kept. */
  bind(name: string, target: PyAlias): void {
    this.#aliases.bind(name, target);
  }

  /** The dotted path an expression names, or `?`. */
  resolve(node: SyntaxNode, depth = 0): PyResolved {
    if (depth > MAX_FOLD_DEPTH) return UNRESOLVED;
    switch (node.name) {
      case 'VariableName': {
        const raw = this.text(node);
        const name = normaliseName(raw);
        const bound = this.#aliases.has(name) ? this.#resolveAlias(name, depth) : null;
        if (bound) return { ...bound, evasive: bound.evasive || name !== raw, aliased: true };
        return named(name, name !== raw);
      }
      case 'MemberExpression':
        return this.#resolveMember(node, depth);
      case 'CallExpression':
        return this.#resolveCall(node, depth);
      case 'ParenthesizedExpression':
      case 'AwaitExpression': {
        const inner = parts(node).pop();
        return inner ? this.resolve(inner, depth + 1) : UNRESOLVED;
      }
      case 'BinaryExpression': {
        const [left, op, right] = parts(node);
        if (!left || !right || op?.name !== 'or') return UNRESOLVED;
        const l = this.resolve(left, depth + 1);
        return isOpaque(l.path) ? this.resolve(right, depth + 1) : l;
      }
      case 'ConditionalExpression': {
        const first = node.firstChild;
        return first ? this.resolve(first, depth + 1) : UNRESOLVED;
      }
      case 'LambdaExpression':
        return named(FUNCTION);
      default:
        return LITERAL_NODES.has(node.name) ? named(LITERAL) : UNRESOLVED;
    }
  }

  #resolveAlias(name: string, depth: number): PyResolved | null {
    return this.#aliases.resolve(name, (target) => {
      const r = 'module' in target ? named(target.module) : this.resolve(target.node, depth + 1);
      return isOpaque(r.path) ? null : r;
    });
  }

  #resolveMember(node: SyntaxNode, depth: number): PyResolved {
    const object = node.firstChild;
    const opener = object?.nextSibling;
    if (!object || !opener) return UNRESOLVED;
    const base = this.resolve(object, depth + 1);
    let property: string;
    let evasive = base.evasive;
    let decoded = base.decoded;
    if (opener.name === '.') {
      const prop = opener.nextSibling;
      if (!prop) return UNRESOLVED;
      const raw = this.text(prop);
      property = normaliseName(raw);
      evasive ||= property !== raw;
    } else {
      const key = opener.nextSibling;
      if (!key || key.name === ':' || key.nextSibling?.name === ':') return { ...base, path: `${base.path}.${UNKNOWN}` };
      const v = this.fold(key, depth + 1);
      property = v.str ?? (v.num !== undefined ? String(v.num) : UNKNOWN);
      evasive ||= v.folded || v.decoded;
      decoded ||= v.decoded;
    }
    if (property === '__dict__') return { ...base, evasive: true };
    if (property === UNKNOWN && (base.path === '__builtins__' || base.path === 'builtins' || base.path === GLOBALS)) return { ...base, path: DYNAMIC_GLOBAL, evasive: true };
    if (base.path === '__builtins__' || base.path === 'builtins') {
      return { path: property, evasive: evasive || base.path === '__builtins__', aliased: base.aliased, decoded, through: base.path };
    }
    if (base.path === GLOBALS) return { path: property, evasive: true, aliased: base.aliased, decoded, through: 'globals()' };
    if (base.path === 'sys.modules' && opener.name === '[') return { path: property, evasive: true, aliased: base.aliased, decoded, through: 'sys.modules' };
    return { ...base, path: joinPath(base.path, property, 'python'), evasive, decoded };
  }

  #resolveCall(node: SyntaxNode, depth: number): PyResolved {
    const calleeNode = node.firstChild;
    if (!calleeNode) return UNRESOLVED;
    const callee = this.resolve(calleeNode, depth + 1);
    const { positional } = argList(calleeNode.nextSibling, this.code);
    const [a0, a1] = positional;
    switch (callee.path) {
      case 'getattr': {
        if (!a0 || !a1) break;
        const target = this.resolve(a0, depth + 1);
        const name = this.fold(a1, depth + 1);
        if (name.str === undefined) {
          const global = target.path === '__builtins__' || target.path === 'builtins' || target.path === GLOBALS;
          return { ...target, path: global ? DYNAMIC_GLOBAL : `${target.path}.${UNKNOWN}`, evasive: true, through: 'getattr' };
        }
        const through = target.path === '__builtins__' || target.path === 'builtins' ? target.path : 'getattr';
        const path = through === 'getattr' ? joinPath(target.path, name.str, 'python') : name.str;
        return { path, evasive: true, aliased: target.aliased, decoded: target.decoded || name.decoded, through };
      }
      case '__import__':
      case 'importlib.import_module':
      case 'importlib.__import__': {
        const spec = a0 ? this.fold(a0, depth + 1) : UNKNOWN_VALUE;
        if (spec.str === undefined) return UNRESOLVED;
        // `__import__("os.path")` returns `os`; the name still says what was wanted.
        return { path: spec.str, evasive: spec.folded || spec.decoded || callee.evasive, aliased: false, decoded: spec.decoded, through: null };
      }
      case 'globals':
      case 'locals':
        return named(GLOBALS);
      case 'vars':
        return a0 ? { ...this.resolve(a0, depth + 1), evasive: true } : named(GLOBALS);
      case 'type':
        if (a0 && positional.length === 1) {
          const r = this.resolve(a0, depth + 1);
          return { ...r, path: `${r.path}.__class__` };
        }
        break;
    }
    return { ...callee, path: `${callee.path}()` };
  }

  /** What an expression evaluates to, when constant, plus the name it refers to. */
  fold(node: SyntaxNode, depth = 0): Value {
    if (depth > MAX_FOLD_DEPTH) return UNKNOWN_VALUE;
    switch (node.name) {
      case 'String':
      case 'FormatString': {
        const s = decodePythonString(this.text(node));
        return s ? str(s.value, false) : UNKNOWN_VALUE;
      }
      case 'ContinuedString': {
        let out = '';
        for (const p of parts(node)) {
          const v = this.fold(p, depth + 1);
          if (v.str === undefined) return UNKNOWN_VALUE;
          out += v.str;
        }
        return str(out, true);
      }
      case 'Number':
        return num(parsePythonNumber(this.text(node)), false);
      case 'VariableName': {
        const name = normaliseName(this.text(node));
        if (!this.#aliases.has(name)) return { ...UNKNOWN_VALUE, path: name };
        const folded = this.#aliases.fold(
          name,
          (target) => 'node' in target,
          (target) => ('node' in target ? this.fold(target.node, depth + 1) : UNKNOWN_VALUE),
        );
        return folded ? { ...folded, path: name } : { ...UNKNOWN_VALUE, path: this.resolve(node, depth + 1).path };
      }
      case 'MemberExpression': {
        const object = node.firstChild;
        if (object && this.text(node).endsWith('[::-1]')) {
          const v = this.fold(object, depth + 1);
          if (v.str !== undefined) return str(reverse(v.str), true, true);
        }
        return { ...UNKNOWN_VALUE, path: this.resolve(node, depth + 1).path };
      }
      case 'BinaryExpression': {
        const [left, op, right] = parts(node);
        if (!left || !op || !right || op.name !== 'ArithOp') return UNKNOWN_VALUE;
        return arithmetic(this.text(op), this.fold(left, depth + 1), this.fold(right, depth + 1));
      }
      case 'UnaryExpression': {
        const [op, arg] = parts(node);
        if (!op || !arg || this.text(op) !== '-') return UNKNOWN_VALUE;
        const v = this.fold(arg, depth + 1);
        return v.num === undefined ? UNKNOWN_VALUE : num(-v.num, true, v.log2);
      }
      case 'ParenthesizedExpression': {
        const inner = parts(node)[0];
        return inner ? this.fold(inner, depth + 1) : UNKNOWN_VALUE;
      }
      case 'CallExpression':
        return foldCall(this, node, depth);
      case 'LambdaExpression':
        return { ...UNKNOWN_VALUE, fn: true, path: FUNCTION };
      default:
        return UNKNOWN_VALUE;
    }
  }

  /** Elements of a constant sequence: lists, tuples, `map(chr, …)`, `[chr(c) for c in …]`, `reversed(…)`, a string's characters. */
  foldList(node: SyntaxNode, depth: number): Value[] | null {
    return foldList(this, node, depth);
  }
}

function isOpaque(path: string): boolean {
  return path === UNKNOWN || path.startsWith('?') || path.startsWith('<');
}
