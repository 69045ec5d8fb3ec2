/**
 * Names and constants of JavaScript expressions: `globalThis["ev" + "al"]` is `eval`,
 * `require("child_" + "process").exec` is `child_process.exec`, `atob("ZXZhbA==")` is `"eval"`.
 * Light by design: no scopes, no data flow beyond `const x = …` aliases, every recursion bounded.
 */

import type { AnyNode, Expression, Identifier, Node, SpreadElement } from 'acorn';
import { arithmetic, num, str } from '../fold-ops';
import { Aliases } from '../aliases';
import { foldCall, foldList } from './fold-call';
import { MAX_FOLD_DEPTH } from '../limits';
import { DYNAMIC_GLOBAL, FUNCTION, JS_GLOBAL_OBJECTS, LITERAL, UNKNOWN, joinPath, lastSegment, modulePath, normaliseName } from '../names';
import { UNKNOWN_VALUE, type Value } from '../sites';

export interface Resolved {
  readonly path: string;
  readonly evasive: boolean;
  readonly aliased: boolean;
  /** Part of the name came out of a decoder. */
  readonly decoded: boolean;
}

/** What a variable was bound to: an expression, or a module's export (`import { exec } from 'child_process'`). */
export type AliasTarget =
  | { readonly node: AnyNode; readonly props: readonly string[] }
  | { readonly module: string; readonly props: readonly string[] };

const UNRESOLVED: Resolved = { path: UNKNOWN, evasive: false, aliased: false, decoded: false };

function named(path: string, evasive = false): Resolved {
  return { path, evasive, aliased: false, decoded: false };
}

/** Built-in constructors whose `.constructor` is `Function`. */
const CONSTRUCTORS: ReadonlySet<string> = new Set([
  'Object', 'Array', 'String', 'Number', 'Boolean', 'Function', 'Symbol', 'Promise', 'RegExp', 'Date', 'Error', 'Map', 'Set', 'BigInt',
]);

/** An identifier written with escapes (`\u0065val`): its source is longer than its name. */
export function isEscaped(node: Identifier): boolean {
  return node.end - node.start !== node.name.length;
}

function isOpaque(path: string): boolean {
  return path === UNKNOWN || path.startsWith('?') || path.startsWith('<');
}

export class JsResolver {
  readonly #aliases = new Aliases<AliasTarget, Resolved>();
  /** Resolutions of plain names, shared: most identifiers are not aliases. */
  readonly #plain = new Map<string, Resolved>();
  /** The same for folding: an unbound name's value is only its path. */
  readonly #plainValues = new Map<string, Value>();

  /** Remember `name = target`; the first few bindings of a name are kept. */
  bind(name: string, target: AliasTarget): void {
    this.#aliases.bind(name, target);
  }

  #named(name: string): Resolved {
    let r = this.#plain.get(name);
    if (!r) {
      r = named(name);
      this.#plain.set(name, r);
    }
    return r;
  }

  /** The dotted path an expression names, or `?`. */
  resolve(node: AnyNode | Node, depth = 0): Resolved {
    if (depth > MAX_FOLD_DEPTH) return UNRESOLVED;
    const n = node as AnyNode;
    switch (n.type) {
      case 'Identifier': {
        const name = normaliseName(n.name);
        const evasive = isEscaped(n) || name !== n.name;
        const bound = this.#aliases.has(name) ? this.#aliases.resolve(name, (target) => this.#resolveTarget(target, depth)) : null;
        if (bound) return evasive && !bound.evasive ? { ...bound, evasive } : bound;
        return evasive ? named(name, true) : this.#named(name);
      }
      case 'MemberExpression': {
        if (n.object.type === 'Super') return UNRESOLVED;
        const object = this.resolve(n.object, depth + 1);
        let property: string;
        let evasive = object.evasive;
        let decoded = object.decoded;
        if (!n.computed) {
          if (n.property.type === 'PrivateIdentifier') return { ...object, path: `${object.path}.#${n.property.name}` };
          const id = n.property as Identifier;
          property = normaliseName(id.name);
          evasive ||= isEscaped(id) || property !== id.name;
        } else {
          const key = this.fold(n.property, depth + 1);
          property = key.str ?? (key.num !== undefined ? String(key.num) : UNKNOWN);
          // A built name, or bracket access on the global object, is how payloads hide `eval`.
          if (key.folded || key.decoded || JS_GLOBAL_OBJECTS.has(object.path)) evasive = true;
          decoded ||= key.decoded;
        }
        if (property === UNKNOWN && JS_GLOBAL_OBJECTS.has(object.path)) return { ...object, path: DYNAMIC_GLOBAL, evasive: true };
        if (property === 'constructor' && (object.path === FUNCTION || CONSTRUCTORS.has(object.path) || object.path.endsWith('.constructor'))) {
          return { path: 'Function', evasive: true, aliased: object.aliased, decoded };
        }
        return { path: joinPath(object.path, property, 'javascript'), evasive, aliased: object.aliased, decoded };
      }
      case 'ChainExpression':
        return this.resolve(n.expression, depth + 1);
      case 'ParenthesizedExpression':
        return this.resolve(n.expression, depth + 1);
      case 'AwaitExpression':
        return this.resolve(n.argument, depth + 1);
      case 'SequenceExpression': {
        // `(0, eval)(code)`: an indirect call, written only to dodge a direct one.
        const last = n.expressions[n.expressions.length - 1];
        if (!last) return UNRESOLVED;
        const r = this.resolve(last, depth + 1);
        return { ...r, evasive: true };
      }
      case 'AssignmentExpression':
        return this.resolve(n.right, depth + 1);
      case 'LogicalExpression': {
        const left = this.resolve(n.left, depth + 1);
        return isOpaque(left.path) ? this.resolve(n.right, depth + 1) : left;
      }
      case 'ConditionalExpression': {
        const yes = this.resolve(n.consequent, depth + 1);
        return isOpaque(yes.path) ? this.resolve(n.alternate, depth + 1) : yes;
      }
      case 'CallExpression':
        return this.#resolveCall(n.callee, n.arguments, depth);
      case 'NewExpression': {
        const callee = this.resolve(n.callee, depth + 1);
        return { ...callee, path: `${callee.path}()` };
      }
      case 'ImportExpression': {
        const source = this.fold(n.source, depth + 1);
        if (source.str === undefined) return UNRESOLVED;
        return { path: modulePath(source.str, 'javascript'), evasive: source.folded || source.decoded, aliased: false, decoded: source.decoded };
      }
      case 'ThisExpression':
        return named('this');
      case 'FunctionExpression':
      case 'ArrowFunctionExpression':
      case 'ClassExpression':
        return named(FUNCTION);
      case 'Literal':
      case 'TemplateLiteral':
      case 'ArrayExpression':
      case 'ObjectExpression':
        return named(LITERAL);
      default:
        return UNRESOLVED;
    }
  }

  #resolveTarget(target: AliasTarget, depth: number): Resolved | null {
    const r = 'module' in target ? named(target.module) : this.resolve(target.node, depth + 1);
    if (isOpaque(r.path)) return null;
    let path = r.path;
    for (const p of target.props) path = joinPath(path, p, 'javascript');
    return { ...r, path, aliased: true };
  }

  #resolveCall(calleeNode: AnyNode | Node, args: readonly (Expression | SpreadElement)[], depth: number): Resolved {
    const callee = this.resolve(calleeNode, depth + 1);
    const first = args[0];
    switch (callee.path) {
      case 'require':
      case 'module.require':
      case 'process.mainModule.require': {
        if (!first) break;
        const spec = this.fold(first, depth + 1);
        if (spec.str === undefined) return UNRESOLVED;
        return { path: modulePath(spec.str, 'javascript'), evasive: callee.evasive || spec.folded || spec.decoded, aliased: false, decoded: spec.decoded };
      }
      case 'Reflect.get': {
        const key = args[1] ? this.fold(args[1], depth + 1) : UNKNOWN_VALUE;
        if (!first || key.str === undefined) break;
        const target = this.resolve(first, depth + 1);
        return { ...target, path: joinPath(target.path, key.str, 'javascript'), evasive: true, decoded: target.decoded || key.decoded };
      }
      case 'Object.getPrototypeOf':
      case 'Reflect.getPrototypeOf':
        // `Object.getPrototypeOf(async function () {}).constructor` is AsyncFunction.
        if (first && this.resolve(first, depth + 1).path === FUNCTION) return named(FUNCTION, true);
        break;
    }
    // `eval.bind(null)` is still eval.
    if (lastSegment(callee.path) === 'bind' && calleeNode.type === 'MemberExpression') {
      const bound = this.resolve((calleeNode as { object: Node }).object, depth + 1);
      return { ...bound, evasive: true };
    }
    return { ...callee, path: `${callee.path}()` };
  }

  /** What an expression evaluates to, when that is a constant, plus the name it refers to. */
  fold(node: AnyNode | Node, depth = 0): Value {
    if (depth > MAX_FOLD_DEPTH) return UNKNOWN_VALUE;
    const n = node as AnyNode;
    switch (n.type) {
      case 'Literal': {
        if (typeof n.value === 'string') return str(n.value, false);
        if (typeof n.value === 'number') return num(n.value, false);
        if (n.bigint !== undefined) return bigintValue(n.bigint);
        return UNKNOWN_VALUE;
      }
      case 'TemplateLiteral': {
        let out = '';
        let decoded = false;
        for (let i = 0; i < n.quasis.length; i++) {
          const cooked = n.quasis[i]!.value.cooked;
          if (cooked == null) return UNKNOWN_VALUE;
          out += cooked;
          const e = n.expressions[i];
          if (e) {
            const v = this.fold(e, depth + 1);
            const piece = v.str ?? (v.num !== undefined ? String(v.num) : undefined);
            if (piece === undefined) return { ...UNKNOWN_VALUE, folded: true, decoded: v.decoded };
            out += piece;
            decoded ||= v.decoded;
          }
        }
        return str(out, n.expressions.length > 0, decoded);
      }
      case 'BinaryExpression':
        if (n.left.type === 'PrivateIdentifier') return UNKNOWN_VALUE;
        return arithmetic(n.operator, this.fold(n.left, depth + 1), this.fold(n.right, depth + 1));
      case 'UnaryExpression': {
        const v = this.fold(n.argument, depth + 1);
        if (v.num === undefined) return UNKNOWN_VALUE;
        if (n.operator === '-') return num(-v.num, true, v.log2);
        if (n.operator === '+') return v;
        return UNKNOWN_VALUE;
      }
      case 'Identifier': {
        const name = normaliseName(n.name);
        if (this.#aliases.has(name)) {
          const folded = this.#aliases.fold(
            name,
            (target) => 'node' in target && target.props.length === 0,
            (target) => ('node' in target ? this.fold(target.node, depth + 1) : UNKNOWN_VALUE),
          );
          return { ...(folded ?? UNKNOWN_VALUE), path: this.resolve(n, depth + 1).path };
        }
        let v = this.#plainValues.get(name);
        if (!v) this.#plainValues.set(name, (v = { ...UNKNOWN_VALUE, path: name }));
        return v;
      }
      case 'MemberExpression':
      case 'ChainExpression':
        return { ...UNKNOWN_VALUE, path: this.resolve(n, depth + 1).path };
      case 'SequenceExpression': {
        const last = n.expressions[n.expressions.length - 1];
        if (!last) return UNKNOWN_VALUE;
        return { ...this.fold(last, depth + 1), folded: true };
      }
      case 'ParenthesizedExpression':
        return this.fold(n.expression, depth + 1);
      case 'CallExpression':
        return foldCall(this, n.callee, n.arguments, depth);
      case 'FunctionExpression':
      case 'ArrowFunctionExpression':
        return { ...UNKNOWN_VALUE, fn: true, path: FUNCTION };
      default:
        return UNKNOWN_VALUE;
    }
  }

  /** The elements of an array-like constant: `["e", "v"]`, `"lave".split("").reverse()`, `[..."abc"]`. */
  foldList(node: AnyNode | Node, depth: number): Value[] | null {
    return foldList(this, node, depth);
  }
}

function bigintValue(digits: string): Value {
  const n = Number(digits);
  const log2 = Number.isFinite(n) ? (n === 0 ? 0 : Math.log2(Math.abs(n))) : digits.length * Math.log2(10);
  return num(n, false, log2);
}
