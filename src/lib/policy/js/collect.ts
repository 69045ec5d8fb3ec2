/** Walks an acorn tree once and turns it into sites. */

import type { AnyNode, CallExpression, Expression, Identifier, NewExpression, Node, Pattern, Program, SpreadElement } from 'acorn';
import { Collection } from '../collection';
import { countEscapes } from '../escapes';
import { Frames } from '../frames';
import { lastSegment, modulePath, normaliseName, OBJECT_KEY_PROTO, UNKNOWN } from '../names';
import { UNKNOWN_VALUE, type CallSite, type ImportHow, type Value } from '../sites';
import { isEscaped, JsResolver } from './resolve';
import { walkJs } from './walk';

/** Calls that end the program, so a loop around them can end. */
const EXITS: ReadonlySet<string> = new Set(['process.exit', 'process.abort', 'Deno.exit']);

/** Calls whose callee loads a module by name. */
const REQUIRES: ReadonlySet<string> = new Set(['require', 'module.require', 'process.mainModule.require', 'require.resolve']);

const NO_KEYWORDS: ReadonlyMap<string, Value> = new Map();
const NO_ARGS: readonly Value[] = Object.freeze([]);

export function collectJs(program: Program, code: string): Collection {
  const out = new Collection();
  const resolver = new JsResolver();
  const frames = new Frames();
  // Parents mark their children before the children are entered.
  const inner = new Set<Node>(); // member expressions that are the object of a longer chain
  const written = new Set<Node>(); // assignment, update and delete targets
  const callees = new Set<Node>();
  const functionNames = new Map<Node, string>();

  const site = (node: Node) => ({ from: node.start, to: node.end });

  function call(node: CallExpression | NewExpression): void {
    const isNew = node.type === 'NewExpression';
    const callee = node.callee;
    callees.add(callee);
    // `(0, eval)(…)` is reported as the call it is, not also as a reference.
    if (callee.type === 'SequenceExpression') callees.add(callee.expressions[callee.expressions.length - 1]!);
    const r = resolver.resolve(callee);
    const args = node.arguments.length === 0 ? NO_ARGS : node.arguments.map(foldArg);
    const inLoop = frames.inLoop;
    const enclosingFunction = frames.functionName;
    const callSite = (callee: string, evasive: boolean, aliased: boolean, decodedName: boolean, isNew: boolean, args: readonly Value[]): CallSite => ({
      kind: 'call', from: node.start, to: node.end, callee, evasive, aliased, decodedName, through: null, isNew, args, keywords: NO_KEYWORDS, inLoop, enclosingFunction,
    });
    out.add(callSite(r.path, r.evasive, r.aliased, r.decoded, isNew, args));
    if (callee.type !== 'MemberExpression' && (r.decoded || (r.aliased && r.path.includes('.')))) {
      out.add({ kind: 'access', from: callee.start, to: callee.end, path: r.path, evasive: r.evasive, aliased: r.aliased, decodedName: r.decoded, through: null, write: false, called: true });
    }
    if (callee.type === 'Identifier') frames.noteCall(normaliseName(callee.name));
    if (EXITS.has(r.path)) frames.exitAll();
    if (r.path === 'eval' || r.path === 'Function') out.flags.eval = true;

    // Indirect forms of the same call: Reflect.apply(f, this, [args]), f.call(this, …), f.apply(this, [args]).
    const first = node.arguments[0];
    if ((r.path === 'Reflect.apply' || r.path === 'Reflect.construct') && first && first.type !== 'SpreadElement') {
      callees.add(first);
      const target = resolver.resolve(first);
      const list = node.arguments[r.path === 'Reflect.apply' ? 2 : 1];
      out.add(callSite(target.path, true, target.aliased, target.decoded, r.path === 'Reflect.construct', listArgs(list)));
    } else if (callee.type === 'MemberExpression' && !isNew) {
      const method = lastSegment(r.path);
      if ((method === 'call' || method === 'apply') && callee.object.type !== 'Super') {
        const target = resolver.resolve(callee.object);
        if (target.path !== UNKNOWN) {
          const rest = method === 'call' ? args.slice(1) : listArgs(node.arguments[1]);
          out.add(callSite(target.path, true, target.aliased, target.decoded, false, rest));
        }
      }
    }

    if (REQUIRES.has(r.path) || r.path === 'importScripts') {
      const how: ImportHow = r.path === 'importScripts' ? 'import-scripts' : 'require';
      const v = args[0] ?? UNKNOWN_VALUE;
      importSite(node, v.str, how, v.folded || v.decoded || r.evasive);
      if (how === 'require') out.flags.require = true;
    }
  }

  function foldArg(this: void, a: Expression | SpreadElement): Value {
    return a.type === 'SpreadElement' ? UNKNOWN_VALUE : resolver.fold(a);
  }

  function listArgs(node: Expression | SpreadElement | undefined): Value[] {
    if (!node || node.type !== 'ArrayExpression') return [];
    return node.elements.map((e) => (e ? foldArg(e) : UNKNOWN_VALUE));
  }

  function importSite(node: Node, specifier: string | undefined, how: ImportHow, evasive: boolean): void {
    const module = specifier === undefined ? null : modulePath(specifier, 'javascript');
    if (module !== null) out.imports.add(module);
    out.flags.import = true;
    out.add({ kind: 'import', from: node.start, to: node.end, module, how, evasive, names: [] });
  }

  function bindPattern(pattern: Pattern, init: AnyNode, props: readonly string[]): void {
    if (pattern.type === 'Identifier') {
      resolver.bind(normaliseName(pattern.name), { node: init, props });
    } else if (pattern.type === 'ObjectPattern') {
      for (const p of pattern.properties) {
        if (p.type !== 'Property') continue;
        const key = p.computed ? resolver.fold(p.key).str : p.key.type === 'Identifier' ? p.key.name : resolver.fold(p.key).str;
        if (key !== undefined) bindPattern(p.value, init, [...props, key]);
      }
    } else if (pattern.type === 'AssignmentPattern') {
      bindPattern(pattern.left, init, props);
    }
  }

  function enter(node: AnyNode, depth: number): boolean {
    out.node(depth);
    switch (node.type) {
      case 'Identifier': {
        const name = normaliseName(node.name);
        out.identifier(name);
        if (name === 'process') out.flags.process = true;
        const escaped = isEscaped(node);
        if (escaped || name !== node.name) {
          out.add({ kind: 'name', from: node.start, to: node.end, raw: code.slice(node.start, node.end), name, escaped, normalised: name !== node.name });
        }
        // `eval` handed around as a value: `[eval][0](s)`, `arr.map(eval)`, `const e = eval`.
        if ((name === 'eval' || name === 'Function') && !callees.has(node)) {
          out.add({ kind: 'access', from: node.start, to: node.end, path: name, evasive: escaped, aliased: false, decodedName: false, through: null, write: written.has(node), called: false });
          out.flags.eval = true;
        }
        return false;
      }
      case 'MemberExpression': {
        if (node.object.type === 'MemberExpression') inner.add(node.object);
        if (node.object.type === 'ChainExpression') inner.add(node.object.expression);
        if (!inner.has(node)) {
          const r = resolver.resolve(node);
          out.add({
            kind: 'access', from: node.start, to: node.end, path: r.path, evasive: r.evasive, aliased: r.aliased, decodedName: r.decoded, through: null,
            write: written.has(node), called: callees.has(node),
          });
          if (!node.computed && node.property.type === 'Identifier' && isEscaped(node.property)) {
            const p = node.property;
            out.add({ kind: 'name', from: p.start, to: p.end, raw: code.slice(p.start, p.end), name: p.name, escaped: true, normalised: false });
          }
        }
        return false;
      }
      case 'CallExpression':
      case 'NewExpression':
        call(node);
        return false;
      case 'ImportExpression': {
        const v = resolver.fold(node.source);
        importSite(node, v.str, 'dynamic-import', v.folded || v.decoded);
        out.flags.dynamicImport = true;
        return false;
      }
      case 'ImportDeclaration': {
        const spec = String(node.source.value);
        importSite(node, spec, 'import', false);
        const module = modulePath(spec, 'javascript');
        for (const s of node.specifiers) {
          const local = normaliseName(s.local.name);
          if (s.type === 'ImportSpecifier') {
            const imported = s.imported.type === 'Identifier' ? s.imported.name : String(s.imported.value);
            resolver.bind(local, { module, props: imported === 'default' ? [] : [imported] });
          } else resolver.bind(local, { module, props: [] });
        }
        return false;
      }
      case 'ExportNamedDeclaration':
      case 'ExportAllDeclaration':
        if (node.source) importSite(node, String(node.source.value), 'import', false);
        return false;
      case 'VariableDeclarator':
        if (node.id.type === 'Identifier') declaredName(node.id);
        if (node.init) {
          bindPattern(node.id, node.init, []);
          if (node.id.type === 'Identifier' && (node.init.type === 'FunctionExpression' || node.init.type === 'ArrowFunctionExpression')) {
            functionNames.set(node.init, normaliseName(node.id.name));
          }
        }
        return false;
      case 'AssignmentExpression':
        written.add(node.left);
        if (node.operator === '=') {
          if (node.left.type === 'Identifier') resolver.bind(normaliseName(node.left.name), { node: node.right, props: [] });
          else if (node.left.type === 'ObjectPattern') bindPattern(node.left, node.right, []);
        }
        return false;
      case 'UpdateExpression':
        written.add(node.argument);
        return false;
      case 'UnaryExpression':
        if (node.operator === 'delete') written.add(node.argument);
        if (node.operator === 'typeof') callees.add(node.argument); // `typeof eval` is feature detection, not a reference
        return false;
      case 'Property':
        // `{ __proto__: x }` sets the literal's prototype; `{ "__proto__": x }` too, `{ ["__proto__"]: x }` does not.
        if (!node.computed && node.kind === 'init' && propertyKey(node.key) === '__proto__') {
          out.add({ kind: 'access', from: node.start, to: node.end, path: OBJECT_KEY_PROTO, evasive: false, aliased: false, decodedName: false, through: null, write: true, called: false });
        }
        return false;
      case 'Literal':
        if (typeof node.value === 'string' && node.raw !== undefined && node.raw.includes('\\')) stringSite(node, node.raw);
        return false;
      case 'TemplateElement':
        if (node.value.raw.includes('\\')) stringSite(node, node.value.raw);
        return false;
      case 'BinaryExpression':
        if (node.operator === '**' && isBigIntPower(node)) {
          const v = resolver.fold(node);
          if (v.log2 !== undefined) out.add({ kind: 'power', from: node.start, to: node.end, log2: v.log2 });
        }
        return false;
      case 'WhileStatement':
      case 'DoWhileStatement':
        out.loopCount++;
        frames.enterLoop(isTruthyConstant(node.test), site(node));
        return true;
      case 'ForStatement':
        out.loopCount++;
        frames.enterLoop(node.test == null || isTruthyConstant(node.test), site(node));
        return true;
      case 'ForInStatement':
      case 'ForOfStatement':
        out.loopCount++;
        frames.enterLoop(false, site(node));
        if (node.type === 'ForOfStatement' && node.await) frames.exitAll();
        return true;
      case 'SwitchStatement':
        frames.enterSwitch();
        return true;
      case 'BreakStatement':
        if (node.label) frames.exitAll();
        else frames.breakInnermost();
        return false;
      case 'ReturnStatement':
      case 'ThrowStatement':
      case 'YieldExpression':
      case 'AwaitExpression':
        frames.exitAll();
        return false;
      case 'IfStatement':
      case 'ConditionalExpression':
      case 'LogicalExpression':
      case 'TryStatement':
        frames.markBranch();
        return false;
      case 'FunctionDeclaration':
      case 'FunctionExpression':
      case 'ArrowFunctionExpression': {
        out.functionCount++;
        if (node.id) declaredName(node.id);
        const name = node.id ? normaliseName(node.id.name) : functionNames.get(node) ?? null;
        frames.enterFunction(name, site(node));
        return true;
      }
      default:
        return false;
    }
  }

  function leave(node: AnyNode): void {
    switch (node.type) {
      case 'WhileStatement':
      case 'DoWhileStatement':
      case 'ForStatement':
      case 'ForInStatement':
      case 'ForOfStatement': {
        const loop = frames.leaveLoop();
        if (loop) out.add(loop);
        break;
      }
      case 'SwitchStatement':
        frames.leaveSwitch();
        break;
      default: {
        const fn = frames.leaveFunction();
        if (fn) out.add(fn);
      }
    }
  }

  /** Declared names are not visited as identifiers; escaped or homoglyph ones still count. */
  function declaredName(id: Identifier): void {
    const name = normaliseName(id.name);
    const escaped = isEscaped(id);
    if (escaped || name !== id.name) out.add({ kind: 'name', from: id.start, to: id.end, raw: code.slice(id.start, id.end), name, escaped, normalised: name !== id.name });
  }

  function stringSite(node: Node, raw: string): void {
    const { escapes, needless } = countEscapes(raw);
    if (escapes > 0) out.add({ kind: 'string', from: node.start, to: node.end, escapes, needless });
  }

  walkJs(program, { enter, leave });
  return out;
}

function propertyKey(key: Expression | { type: string }): string | undefined {
  const k = key as AnyNode;
  if (k.type === 'Identifier') return (k as Identifier).name;
  if (k.type === 'Literal' && typeof k.value === 'string') return k.value;
  return undefined;
}

/** `while (true)`, `while (1)`, `while (!0)`: a condition that can never be false. */
function isTruthyConstant(test: Expression): boolean {
  if (test.type === 'Literal') return Boolean(test.value) && test.regex === undefined;
  if (test.type === 'UnaryExpression' && test.operator === '!' && test.argument.type === 'Literal') return !test.argument.value;
  return false;
}

/** A `**` on BigInt literals: only BigInts grow without bound; Number powers saturate at Infinity. */
function isBigIntPower(node: Expression): boolean {
  let n: AnyNode = node;
  for (let i = 0; i < 32 && n.type === 'BinaryExpression' && n.operator === '**'; i++) {
    if (n.left.type === 'Literal' && n.left.bigint !== undefined) return true;
    n = n.right;
  }
  return n.type === 'Literal' && n.bigint !== undefined;
}
