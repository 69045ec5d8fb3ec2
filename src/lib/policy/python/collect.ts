/** Walks a Lezer Python tree once and turns it into sites. */

import type { SyntaxNode, Tree } from '@lezer/common';
import { parser } from '@lezer/python';
import { Collection } from '../collection';
import { countEscapes } from '../escapes';
import { Frames } from '../frames';
import { normaliseName } from '../names';
import { UNKNOWN_VALUE, type Value } from '../sites';
import { PyResolver } from './resolve';
import { argList, parts } from './syntax';
import { decodePythonString } from './strings';

/** Deepest tree node the collector looks at; real code stays far below, pathological input is left to the token scan. */
export const MAX_TREE_DEPTH = 400;

const EXITS: ReadonlySet<string> = new Set(['sys.exit', 'exit', 'quit', 'os._exit', 'os.abort']);
const DYNAMIC_IMPORTS: ReadonlySet<string> = new Set(['__import__', 'importlib.import_module', 'importlib.__import__']);
/** Code-running builtins; passing one around as a value (`map(eval, xs)`) is noted. */
const CODE_BUILTINS: ReadonlySet<string> = new Set(['exec', 'eval', 'compile', '__import__']);
/** Iterables that never end: `for _ in itertools.count():`. */
const ENDLESS: ReadonlySet<string> = new Set(['itertools.count', 'itertools.cycle', 'count', 'cycle']);
const BRANCHES: ReadonlySet<string> = new Set(['IfStatement', 'ConditionalExpression', 'TryStatement', 'MatchStatement']);
const EXIT_STATEMENTS: ReadonlySet<string> = new Set(['ReturnStatement', 'RaiseStatement', 'YieldStatement', 'YieldExpression', 'AwaitExpression']);
/** The node kinds `enter` handles. */
const ENTERED: ReadonlySet<string> = new Set([
  'MemberExpression', 'CallExpression', 'ImportStatement', 'AssignStatement', 'UpdateStatement', 'DeleteStatement',
  'String', 'FormatString', 'BinaryExpression', 'WhileStatement', 'ForStatement', 'BreakStatement', 'FunctionDefinition', 'LambdaExpression',
]);

const Role = { Plain: 0, Variable: 1, Property: 2, Branch: 3, Exit: 4, Error: 5, Node: 6 } as const;

/** What the walk does with each node type, by type id: decided once, not per node by name. */
const ROLE: Uint8Array = (() => {
  const roles = new Uint8Array(parser.nodeSet.types.length);
  for (const type of parser.nodeSet.types) {
    roles[type.id] = type.isError ? Role.Error
      : type.name === 'VariableName' ? Role.Variable
      : type.name === 'PropertyName' ? Role.Property
      : ENTERED.has(type.name) ? Role.Node
      : BRANCHES.has(type.name) ? Role.Branch
      : EXIT_STATEMENTS.has(type.name) ? Role.Exit
      : Role.Plain;
  }
  return roles;
})();

/** A node's identity for the marks parents leave on children (Lezer node objects are not stable). */
function key(node: { from: number; to: number }): number {
  return node.from * 2_097_152 + (node.to - node.from);
}

export function collectPython(tree: Tree, code: string): Collection {
  const out = new Collection();
  const resolver = new PyResolver(code);
  const frames = new Frames();
  const inner = new Set<number>(); // member expressions that are the object of a longer chain
  const written = new Set<number>();
  const called = new Set<number>();
  const functionNames = new Map<number, string>();
  const text = (n: SyntaxNode) => code.slice(n.from, n.to);

  function call(node: SyntaxNode): void {
    const callee = node.firstChild;
    if (!callee) return;
    called.add(key(callee));
    const r = resolver.resolve(callee);
    const { positional, keywords } = argList(callee.nextSibling, code);
    const args = positional.map((a) => resolver.fold(a));
    const kw = new Map<string, Value>();
    for (const [name, value] of keywords) kw.set(name, resolver.fold(value));
    out.add({
      kind: 'call', from: node.from, to: node.to, callee: r.path, evasive: r.evasive, aliased: r.aliased, decodedName: r.decoded,
      through: r.through, isNew: false, args, keywords: kw, inLoop: frames.inLoop, enclosingFunction: frames.functionName,
    });
    // A callee that is not a member chain still names something access rules care about when it came
    // through an import or a decoder: `from ctypes import memmove; memmove(…)`, `getattr(os, decoded)(…)`.
    if (callee.name !== 'MemberExpression' && (r.decoded || (r.aliased && r.path.includes('.')) || (r.through !== null && callee.name === 'CallExpression'))) {
      out.add({ kind: 'access', from: callee.from, to: callee.to, path: r.path, evasive: r.evasive, aliased: r.aliased, decodedName: r.decoded, through: r.through, write: false, called: true });
    }
    if (callee.name === 'VariableName') frames.noteCall(normaliseName(text(callee)));
    if (EXITS.has(r.path)) frames.exitAll();
    if (r.path === 'exec' || r.path === 'eval' || r.path === 'compile') out.flags.eval = true;
    if (DYNAMIC_IMPORTS.has(r.path)) {
      const spec = args[0] ?? UNKNOWN_VALUE;
      importSite(node, spec.str ?? null, 'python-dynamic', spec.folded || spec.decoded || r.evasive, []);
      out.flags.dynamicImport = true;
    }
    for (const a of positional) if (a.name === 'VariableName') codeBuiltinReference(a);
  }

  function codeBuiltinReference(node: SyntaxNode): void {
    const name = normaliseName(text(node));
    if (!CODE_BUILTINS.has(name)) return;
    out.add({ kind: 'access', from: node.from, to: node.to, path: name, evasive: false, aliased: false, decodedName: false, through: null, write: false, called: false });
    out.flags.eval = true;
  }

  function importSite(node: SyntaxNode, module: string | null, how: 'python-import' | 'python-dynamic', evasive: boolean, names: string[]): void {
    if (module !== null) out.imports.add(module);
    out.flags.import = true;
    out.add({ kind: 'import', from: node.from, to: node.to, module, how, evasive, names });
  }

  /** `import a.b as c, d` and `from a import b as c, d`. */
  function importStatement(node: SyntaxNode): void {
    let c = node.firstChild;
    if (!c) return;
    const isFrom = c.name === 'from';
    c = c.nextSibling;
    let from = '';
    if (isFrom) {
      while (c && c.name !== 'import') {
        from += text(c);
        c = c.nextSibling;
      }
      c = c?.nextSibling ?? null;
    }
    // The rest: dotted names, each with an optional `as` alias, separated by commas.
    const names: string[] = [];
    let dotted = '';
    let alias: string | null = null;
    const flush = () => {
      if (dotted === '') return;
      if (isFrom) {
        names.push(dotted);
        if (dotted !== '*') resolver.bind(alias ?? dotted, { module: `${from}.${dotted}` });
      } else {
        importSite(node, dotted, 'python-import', false, []);
        if (alias !== null) resolver.bind(alias, { module: dotted });
      }
      dotted = '';
      alias = null;
    };
    for (; c; c = c.nextSibling) {
      if (c.name === ',') flush();
      else if (c.name === 'as') {
        alias = c.nextSibling ? normaliseName(text(c.nextSibling)) : null;
        c = c.nextSibling ?? c;
      } else if (c.name === 'VariableName' || c.name === '.' || c.name === '*') dotted += c.name === 'VariableName' ? normaliseName(text(c)) : c.name;
    }
    flush();
    if (isFrom) importSite(node, from.startsWith('.') ? null : from, 'python-import', false, names);
  }

  function assignment(node: SyntaxNode): void {
    const children = parts(node);
    let lastOp = -1;
    for (let i = 0; i < children.length; i++) if (children[i]!.name === 'AssignOp') lastOp = i;
    const value = children[lastOp + 1];
    for (let i = 0; i < lastOp; i++) {
      const target = children[i]!;
      if (target.name === 'AssignOp' || target.name === 'TypeDef') continue;
      written.add(key(target));
      if (target.name === 'VariableName' && value) {
        const name = normaliseName(text(target));
        resolver.bind(name, { node: value });
        if (value.name === 'LambdaExpression') functionNames.set(key(value), name);
      }
    }
    if (value?.name === 'VariableName') codeBuiltinReference(value);
  }

  function loop(node: SyntaxNode): void {
    out.loopCount++;
    let unbounded = false;
    if (node.name === 'WhileStatement') {
      const test = node.firstChild?.nextSibling;
      unbounded = test !== null && test !== undefined && isTruthyConstant(test);
    } else {
      const iterable = node.getChild('in')?.nextSibling;
      if (iterable?.name === 'CallExpression' && iterable.firstChild) {
        const path = resolver.resolve(iterable.firstChild).path;
        const args = argList(iterable.firstChild.nextSibling, code).positional;
        unbounded = ENDLESS.has(path) || (path === 'iter' && args.length === 2) || (path === 'itertools.repeat' && args.length === 1);
      }
    }
    frames.enterLoop(unbounded, { from: node.from, to: node.to });
  }

  function isTruthyConstant(test: SyntaxNode): boolean {
    const t = text(test);
    if (test.name === 'Boolean') return t === 'True';
    if (test.name === 'Number') return Number(t.replaceAll('_', '')) !== 0;
    if (test.name === 'String') return (decodePythonString(t)?.value ?? '') !== '';
    if (test.name === 'UnaryExpression') return t.replaceAll(' ', '') === 'notFalse' || t.replaceAll(' ', '') === 'not0';
    return false;
  }

  function binary(node: SyntaxNode): void {
    const [left, op, right] = parts(node);
    if (!left || !op || !right) return;
    if (op.name === 'and' || op.name === 'or') {
      frames.markBranch();
      return;
    }
    if (op.name !== 'ArithOp') return;
    const operator = text(op);
    if (operator === '**') {
      const v = resolver.fold(node);
      if (v.log2 !== undefined && v.log2 > 1024) out.add({ kind: 'power', from: node.from, to: node.to, log2: v.log2 });
    } else if (operator === '*') {
      const sequence = isSequenceLiteral(left) ? right : isSequenceLiteral(right) ? left : null;
      if (!sequence) return;
      const v = resolver.fold(sequence);
      const count = v.num !== undefined && Number.isFinite(v.num) ? v.num : v.log2 !== undefined ? 2 ** Math.min(v.log2, 1024) : 0;
      if (count >= 1e6) out.add({ kind: 'repeat', from: node.from, to: node.to, count });
    }
  }

  function variableName(from: number, to: number): void {
    const raw = code.slice(from, to);
    const name = normaliseName(raw);
    out.identifier(name);
    if (name !== raw || (name.startsWith('__') && name.endsWith('__') && name.length > 4)) {
      out.add({ kind: 'name', from, to, raw, name, escaped: false, normalised: name !== raw });
    }
  }

  function propertyName(from: number, to: number): void {
    const raw = code.slice(from, to);
    const name = normaliseName(raw);
    if (name !== raw) out.add({ kind: 'name', from, to, raw, name, escaped: false, normalised: true });
  }

  /** The nodes that need a SyntaxNode; returns whether `leave` must follow. */
  function enter(node: SyntaxNode): boolean {
    switch (node.name) {
      case 'MemberExpression': {
        const object = node.firstChild;
        if (object?.name === 'MemberExpression') inner.add(key(object));
        const k = key(node);
        if (!inner.has(k)) {
          const r = resolver.resolve(node);
          out.add({
            kind: 'access', from: node.from, to: node.to, path: r.path, evasive: r.evasive, aliased: r.aliased, decodedName: r.decoded,
            through: r.through, write: written.has(k), called: called.has(k),
          });
        }
        return false;
      }
      case 'CallExpression': {
        call(node);
        // A call's result used as an object is a chain of its own: `os.popen(c).read()`.
        return false;
      }
      case 'ImportStatement':
        importStatement(node);
        return false;
      case 'AssignStatement':
        assignment(node);
        return false;
      case 'UpdateStatement':
        if (node.firstChild) written.add(key(node.firstChild));
        return false;
      case 'DeleteStatement':
        for (const p of parts(node)) written.add(key(p));
        return false;
      case 'String':
      case 'FormatString': {
        const s = text(node);
        if (s.includes('\\') && !decodePythonString(s)?.raw) {
          const { escapes, needless } = countEscapes(s);
          if (escapes > 0) out.add({ kind: 'string', from: node.from, to: node.to, escapes, needless });
        }
        return false;
      }
      case 'BinaryExpression':
        binary(node);
        return false;
      case 'WhileStatement':
      case 'ForStatement':
        loop(node);
        return true;
      case 'BreakStatement':
        frames.breakInnermost();
        return false;
      case 'FunctionDefinition': {
        out.functionCount++;
        const name = node.getChild('VariableName');
        frames.enterFunction(name ? normaliseName(text(name)) : null, { from: node.from, to: node.to });
        return true;
      }
      case 'LambdaExpression':
        out.functionCount++;
        frames.enterFunction(functionNames.get(key(node)) ?? null, { from: node.from, to: node.to });
        return true;
      default:
        return false;
    }
  }

  function leave(node: SyntaxNode): void {
    if (node.name === 'WhileStatement' || node.name === 'ForStatement') {
      const site = frames.leaveLoop();
      if (site) out.add(site);
    } else {
      const site = frames.leaveFunction();
      if (site) out.add(site);
    }
  }

  // Depth-first with a cursor: iterative, so nesting depth never reaches the call stack. Most
  // nodes (names, punctuation, keywords) are handled from the cursor alone; only the few kinds in
  // `enter` become SyntaxNode objects. Nodes deeper than MAX_TREE_DEPTH are only counted:
  // materialising them costs Lezer O(depth) each.
  const cursor = tree.cursor();
  const open: (SyntaxNode | null)[] = [];
  const needsLeave: boolean[] = [];
  let depth = 0;
  for (;;) {
    let node: SyntaxNode | null = null;
    let wantsLeave = false;
    if (depth <= MAX_TREE_DEPTH) {
      out.node(depth);
      switch (ROLE[cursor.type.id]) {
        case Role.Variable:
          variableName(cursor.from, cursor.to);
          break;
        case Role.Property:
          propertyName(cursor.from, cursor.to);
          break;
        case Role.Branch:
          frames.markBranch();
          break;
        case Role.Exit:
          frames.exitAll();
          break;
        case Role.Error:
          if (out.errorAt === null && !isBareYieldGap(cursor.node)) out.errorAt = cursor.from;
          break;
        case Role.Node:
          node = cursor.node;
          wantsLeave = enter(node);
          break;
        default:
          break;
      }
    } else {
      out.node(depth);
      out.truncated = true;
      if (cursor.type.isError && out.errorAt === null) out.errorAt = cursor.from;
    }
    open.push(node);
    needsLeave.push(wantsLeave);
    if (cursor.firstChild()) {
      depth++;
      continue;
    }
    for (;;) {
      const done = open.pop()!;
      if (needsLeave.pop() && done) leave(done);
      if (cursor.nextSibling()) break;
      if (!cursor.parent()) return out;
      depth--;
    }
  }
}

/**
 * FIXME(@lezer/python 1.1.19): the grammar requires a value after `yield`, so a valid bare
 * `yield` ends in an empty error node. Those are not syntax errors.
 */
function isBareYieldGap(node: SyntaxNode): boolean {
  return node.from === node.to && node.prevSibling?.name === 'yield' && node.prevSibling.to === node.from;
}

function isSequenceLiteral(node: SyntaxNode): boolean {
  return node.name === 'String' || node.name === 'ArrayExpression' || node.name === 'TupleExpression' || node.name === 'ContinuedString';
}
