import { parse, type Node, type Options, type Pattern, type Program, type VariableDeclaration } from 'acorn';
import { base, recursive, type RecursiveVisitors } from 'acorn-walk';

/** Guest function that returns a built-in module's namespace; installed by the prelude under this symbol. */
export const IMPORT_SYMBOL = 'sandcell.import';

export type ReplTransform = { readonly kind: 'script' } | { readonly kind: 'async'; readonly code: string };

// Cheap gate: most code has none of these words, and parsing is the expensive part.
const HINT = /\b(?:await|import|export)\b/;
const LINE_BREAKS = /\r\n|[\n\r\u2028\u2029]/g;

/**
 * Decides how user code runs. Plain code runs as a global script (fast, and its declarations
 * persist by themselves). Code with top-level `await` or `import`/`export` declarations is
 * rewritten REPL-style: static imports become calls to the built-in loader, top-level
 * declarations are hoisted to the script so they persist on the session, and the body runs
 * in an async function whose promise is the script's completion value. Edits are made in
 * place, so every line keeps its number.
 */
export function transformTopLevel(code: string): ReplTransform {
  if (!HINT.test(code)) return { kind: 'script' };
  const program = parseProgram(code);
  // Unparseable code runs as a script so QuickJS reports the syntax error with its own line.
  if (!program || !needsAsync(program)) return { kind: 'script' };
  return { kind: 'async', code: rewrite(code, program) };
}

function parseProgram(code: string): Program | undefined {
  const options: Options = { ecmaVersion: 'latest', allowAwaitOutsideFunction: true, allowHashBang: true };
  try {
    return parse(code, { ...options, sourceType: 'module' });
  } catch {
    // Modules are strict; sloppy-only code (e.g. `with`) may still use top-level await.
    try {
      return parse(code, { ...options, sourceType: 'script' });
    } catch {
      return undefined;
    }
  }
}

const FOUND = Symbol('found');

function needsAsync(program: Program): boolean {
  for (const statement of program.body) {
    if (statement.type.startsWith('Import') || statement.type.startsWith('Export')) return true;
  }
  const visitors: RecursiveVisitors<null> = {
    Function() {},
    StaticBlock() {},
    AwaitExpression() {
      throw FOUND;
    },
    ForOfStatement(node, state, c) {
      if (node.await) throw FOUND;
      base.ForOfStatement?.(node, state, c);
    },
  };
  try {
    recursive(program, null, visitors);
    return false;
  } catch (error) {
    if (error === FOUND) return true;
    throw error;
  }
}

interface Edit {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

class Rewriter {
  readonly edits: Edit[] = [];
  readonly lexical = new Set<string>();
  readonly vars = new Set<string>();
  readonly functions = new Set<string>();

  constructor(readonly code: string) {}

  /** Replaces a range with `text`, keeping its line breaks so later lines keep their numbers. */
  replace(start: number, end: number, text: string): void {
    const breaks = this.code.slice(start, end).match(LINE_BREAKS)?.length ?? 0;
    this.edits.push({ start, end, text: text + '\n'.repeat(breaks) });
  }

  insert(at: number, text: string): void {
    this.edits.push({ start: at, end: at, text });
  }

  apply(): string {
    // Stable sort keeps insertions at the same offset in the order they were made.
    const edits = this.edits.map((edit, order) => ({ ...edit, order }));
    edits.sort((a, b) => a.start - b.start || a.end - b.end || a.order - b.order);
    let out = '';
    let at = 0;
    for (const edit of edits) {
      out += this.code.slice(at, edit.start) + edit.text;
      at = Math.max(at, edit.end);
    }
    return out + this.code.slice(at);
  }
}

function rewrite(code: string, program: Program): string {
  const r = new Rewriter(code);
  if (code.startsWith('#!')) r.replace(0, 1, '//');
  for (const statement of program.body) rewriteTopLevel(r, statement);
  hoistNestedVars(r, program);

  const firstStatement = program.body.find((s) => !('directive' in s && s.directive));
  if (r.functions.size && firstStatement) {
    // Function declarations stay in place (so they hoist within the body) and are published here.
    const publish = [...r.functions].map((name) => `globalThis.${name} = ${name};`).join(' ');
    r.insert(firstStatement.start, `${publish} `);
  }
  const declarations: string[] = [];
  if (r.lexical.size) declarations.push(`let ${[...r.lexical].join(', ')};`);
  const vars = [...r.vars].filter((name) => !r.lexical.has(name));
  if (vars.length) declarations.push(`var ${vars.join(', ')};`);
  const prefix = declarations.length ? `${declarations.join(' ')} ` : '';
  return `${prefix}(async () => { ${r.apply()}\n})()`;
}

function importCall(source: string): string {
  return `globalThis[Symbol.for(${JSON.stringify(IMPORT_SYMBOL)})](${JSON.stringify(source)})`;
}

function rewriteTopLevel(r: Rewriter, node: Program['body'][number]): void {
  switch (node.type) {
    case 'VariableDeclaration':
      rewriteDeclaration(r, node, 'statement');
      return;
    case 'FunctionDeclaration':
      r.vars.add(node.id.name);
      r.functions.add(node.id.name);
      return;
    case 'ClassDeclaration':
      r.lexical.add(node.id.name);
      r.insert(node.start, `;${node.id.name} = `);
      r.insert(node.end, ';');
      return;
    case 'ImportDeclaration': {
      const source = String(node.source.value);
      const targets: string[] = [];
      let namespace: string | undefined;
      for (const spec of node.specifiers) {
        r.vars.add(spec.local.name);
        if (spec.type === 'ImportNamespaceSpecifier') namespace = spec.local.name;
        else if (spec.type === 'ImportDefaultSpecifier') targets.push(`default: ${spec.local.name}`);
        else {
          const imported = spec.imported.type === 'Identifier' ? spec.imported.name : String(spec.imported.value);
          targets.push(`${JSON.stringify(imported)}: ${spec.local.name}`);
        }
      }
      let value = importCall(source);
      if (namespace) value = `${namespace} = ${value}`;
      const text = targets.length ? `;({ ${targets.join(', ')} } = ${value});` : `;${value};`;
      r.replace(node.start, node.end, text);
      return;
    }
    case 'ExportNamedDeclaration':
      if (node.declaration) {
        r.replace(node.start, node.declaration.start, '');
        rewriteTopLevel(r, node.declaration);
      } else {
        // `export { a }` means nothing in a script; `export … from` still loads its module.
        r.replace(node.start, node.end, node.source ? `;${importCall(String(node.source.value))};` : '');
      }
      return;
    case 'ExportAllDeclaration':
      r.replace(node.start, node.end, `;${importCall(String(node.source.value))};`);
      return;
    case 'ExportDefaultDeclaration': {
      const declaration = node.declaration;
      if ((declaration.type === 'FunctionDeclaration' || declaration.type === 'ClassDeclaration') && declaration.id) {
        r.replace(node.start, declaration.start, '');
        rewriteTopLevel(r, declaration as Program['body'][number]);
      } else {
        r.replace(node.start, declaration.start, ';(');
        r.insert(declaration.end, ')');
      }
      return;
    }
    default:
      return;
  }
}

/**
 * `const {a, b} = o, c = 1;` becomes `void ({a, b} = o, c = 1);` with `a, b, c` hoisted.
 * `void` rather than `;` keeps `if (x) var y = 1;` a single statement.
 */
function rewriteDeclaration(r: Rewriter, node: VariableDeclaration, position: 'statement' | 'loop-head'): void {
  for (const name of node.declarations.flatMap((d) => bindingNames(d.id))) (node.kind === 'var' ? r.vars : r.lexical).add(name);
  // The keyword and the space after it; a line break there is kept by replace().
  const keywordEnd = node.declarations[0]?.start ?? node.start + node.kind.length;
  if (position === 'loop-head') {
    r.replace(node.start, keywordEnd, '');
    return;
  }
  r.replace(node.start, keywordEnd, 'void (');
  for (const declarator of node.declarations) {
    if (!declarator.init && node.kind !== 'var') r.insert(declarator.id.end, ' = void 0');
  }
  const last = node.declarations[node.declarations.length - 1];
  r.insert(last ? last.end : keywordEnd, ')');
}

function bindingNames(pattern: Pattern): string[] {
  switch (pattern.type) {
    case 'Identifier':
      return [pattern.name];
    case 'ObjectPattern':
      return pattern.properties.flatMap((p) => bindingNames(p.type === 'RestElement' ? p.argument : p.value));
    case 'ArrayPattern':
      return pattern.elements.flatMap((e) => (e ? bindingNames(e) : []));
    case 'RestElement':
      return bindingNames(pattern.argument);
    case 'AssignmentPattern':
      return bindingNames(pattern.left);
    default:
      return [];
  }
}

/** `var` inside top-level blocks and loops belongs to the script too; functions keep theirs. */
function hoistNestedVars(r: Rewriter, program: Program): void {
  const loopHeads = new Set<Node>();
  const visitors: RecursiveVisitors<null> = {
    Function() {},
    StaticBlock() {},
    Class() {},
    ForStatement(node, state, c) {
      if (node.init?.type === 'VariableDeclaration') loopHeads.add(node.init);
      base.ForStatement?.(node, state, c);
    },
    ForInStatement(node, state, c) {
      if (node.left.type === 'VariableDeclaration') loopHeads.add(node.left);
      base.ForInStatement?.(node, state, c);
    },
    ForOfStatement(node, state, c) {
      if (node.left.type === 'VariableDeclaration') loopHeads.add(node.left);
      base.ForOfStatement?.(node, state, c);
    },
    VariableDeclaration(node, state, c) {
      const topLevel = program.body.includes(node);
      if (node.kind === 'var' && !topLevel) rewriteDeclaration(r, node, loopHeads.has(node) ? 'loop-head' : 'statement');
      base.VariableDeclaration?.(node, state, c);
    },
  };
  for (const statement of program.body) {
    if (statement.type === 'VariableDeclaration' || statement.type.startsWith('Import')) continue;
    if (statement.type.startsWith('Export')) continue;
    recursive(statement, null, visitors);
  }
}
