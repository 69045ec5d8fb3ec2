/**
 * Sites from tokens, for code that does not parse. Coarser than the tree walks (no scopes, no
 * recursion analysis) but it feeds the same rules: member chains, calls with constant arguments,
 * imports, aliases, escaped names and strings, constant powers and unbounded loops.
 */

import { Collection } from '../collection';
import { countEscapes } from '../escapes';
import { joinPath, LITERAL, modulePath, UNKNOWN } from '../names';
import { UNKNOWN_VALUE, type ImportHow, type Value } from '../sites';
import type { Language } from '../types';
import { destructured, jsImportBindings } from './bindings';
import { DECODERS, TokenReader, type Chain } from './reader';
import type { Token } from './tokenize';

const LOOP_EXITS: ReadonlySet<string> = new Set(['break', 'return', 'throw', 'raise', 'yield', 'await', 'exit', 'quit']);
const JS_REQUIRES: ReadonlySet<string> = new Set(['require', 'module.require', 'process.mainModule.require']);
const PY_DYNAMIC: ReadonlySet<string> = new Set(['__import__', 'importlib.import_module']);

/** Sites, identifiers and imports from the tokens of code that did not parse. */
export function collectTokens(code: string, tokens: readonly Token[], language: Language): Collection {
  const out = new Collection();
  const r = new TokenReader(code, tokens, language, (t) => nameSite(t));
  const { aliases, constants } = r;
  const continuations = new Map<number, Chain & { first: Token }>();

  function importSite(at: number, to: number, module: string | null, how: ImportHow, evasive: boolean, names: string[] = []): void {
    const path = module === null ? null : modulePath(module, language);
    if (path !== null) out.imports.add(path);
    out.flags.import = true;
    out.add({ kind: 'import', from: tokens[at]!.from, to: r.endOf(Math.max(at, to - 1)), module: path, how, evasive, names });
  }

  /** `import a.b as c` / `from a import b` (Python), `import x from "m"` / `export … from "m"` (JavaScript). Returns the next index. */
  function importStatement(i: number): number {
    const end = r.statementEnd(i);
    if (language === 'javascript') {
      if (r.isPunct(i + 1, '(')) return i + 1; // import(): handled as a call
      const { module, bindings } = jsImportBindings(tokens, i, end);
      if (module === null) return end;
      importSite(i, end, module, 'import', false);
      const path = modulePath(module, language);
      for (const [local, name] of bindings) aliases.set(local, name ? `${path}.${name}` : path);
      return end;
    }
    const isFrom = tokens[i]!.value === 'from';
    let j = i + 1;
    let from = '';
    if (isFrom) {
      while (j < end && !r.isName(j, 'import')) from += tokens[j++]!.value ?? '';
      j++;
    }
    const names: string[] = [];
    let dotted = '';
    let alias: string | null = null;
    const flush = () => {
      if (!dotted) return;
      if (isFrom) {
        names.push(dotted);
        aliases.set(alias ?? dotted, `${from}.${dotted}`);
      } else {
        importSite(i, end, dotted, 'python-import', false);
        if (alias) aliases.set(alias, dotted);
      }
      dotted = '';
      alias = null;
    };
    for (; j < end; j++) {
      const t = tokens[j]!;
      if (t.type === 'punct' && t.value === ',') flush();
      else if (t.type === 'name' && t.value === 'as') alias = tokens[++j]?.value ?? null;
      else if (t.type === 'name' || (t.type === 'punct' && (t.value === '.' || t.value === '*'))) dotted += t.value;
    }
    flush();
    if (isFrom) importSite(i, end, from.startsWith('.') ? null : from, 'python-import', false, names);
    return end;
  }

  /** `while (true)`, `for (;;)`, `while True:`: an unbounded loop site, with whether its body can leave it. */
  let exitsBefore: Int32Array | null = null;
  /** exitsBefore[i]: how many break/return/throw/… tokens come before token i; a body has one if the count grows across it. */
  function exitCounts(): Int32Array {
    if (exitsBefore) return exitsBefore;
    exitsBefore = new Int32Array(tokens.length + 1);
    for (let j = 0; j < tokens.length; j++) {
      const b = tokens[j]!;
      exitsBefore[j + 1] = exitsBefore[j]! + (b.type === 'name' && LOOP_EXITS.has(b.value ?? '') ? 1 : 0);
    }
    return exitsBefore;
  }

  function loopAt(i: number): void {
    const t = tokens[i]!;
    out.loopCount++;
    let unbounded = false;
    let bodyStart = -1;
    if (language === 'python') {
      if (t.value === 'while' && (r.isName(i + 1, 'True') || tokens[i + 1]?.value === '1') && r.isPunct(i + 2, ':')) {
        unbounded = true;
        bodyStart = i + 3;
      }
    } else if (r.isPunct(i + 1, '(')) {
      const close = r.closing(i + 1);
      const inside = close - i <= 5 ? tokens.slice(i + 2, close).map((x) => x.value).join(' ') : '';
      unbounded = t.value === 'while' ? inside === 'true' || inside === '1' || inside === '! 0' : inside === '; ;';
      bodyStart = close + 1;
    }
    if (!unbounded || bodyStart < 0) return;
    const bodyEnd = language === 'python' ? r.blockEnd(bodyStart, t.indent) : r.isPunct(bodyStart, '{') ? r.closing(bodyStart) : r.statementEnd(bodyStart);
    const exits = exitCounts();
    const hasExit = exits[Math.min(bodyEnd, tokens.length)]! > exits[Math.min(bodyStart, tokens.length)]!;
    out.add({ kind: 'loop', from: t.from, to: r.endOf(bodyEnd), hasExit });
  }

  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    out.node(t.depth);
    if (t.type === 'string') {
      if (t.escaped && language === 'javascript') {
        const { escapes, needless } = countEscapes(codeSlice(t));
        if (escapes > 0) out.add({ kind: 'string', from: t.from, to: t.to, escapes, needless });
      }
      // `"x".repeat(n)`: a method on a literal.
      if (r.isPunct(i + 1, '.') && r.isName(i + 2)) chainSites(r.readChain(i + 1, { path: LITERAL, evasive: false, decoded: false, through: null, end: i + 1 }), i, t);
      continue;
    }
    if (t.type === 'number' && r.isPunct(i + 1, '**')) {
      const end = operandsEnd(i);
      const v = r.foldRange(i, end);
      if (v.log2 !== undefined && v.log2 > 1024 && (language === 'python' || (t.value ?? '').endsWith('n'))) out.add({ kind: 'power', from: t.from, to: t.to, log2: v.log2 });
      i = end - 1; // the tower's other numbers are part of this power
      continue;
    }
    if (t.type === 'punct') {
      if (t.value === '{' && language === 'javascript' && (r.isName(i - 1, 'const') || r.isName(i - 1, 'let') || r.isName(i - 1, 'var'))) destructuring(i);
      // `[].constructor.constructor`, `({}).constructor`: a chain on a literal.
      if ((t.value === ']' || t.value === ')' || t.value === '}') && !continuations.has(i) && r.isPunct(i + 1, '.') && r.isName(i + 2, 'constructor')) {
        chainSites(r.readChain(i + 1, { path: LITERAL, evasive: false, decoded: false, through: null, end: i + 1 }), i + 1, tokens[i + 2]!);
        continue;
      }
      // `require("x").exec(…)`, `os.popen(c).read()`: the chain goes on from the call's result.
      const base = continuations.get(i);
      if (base && (r.isPunct(i + 1, '.') || r.isPunct(i + 1, '?.') || r.isPunct(i + 1, '['))) chainSites(r.readChain(i + 1, base), i + 1, base.first);
      else if (base && r.isPunct(i + 1, '(') && base.path !== `${UNKNOWN}()`) chainSites({ ...base, end: i + 1 }, i + 1, base.first);
      continue;
    }
    if (t.type !== 'name') continue;
    const name = t.value ?? '';
    nameSite(t);
    if (name === 'process') out.flags.process = true;
    if ((name === 'import' || (name === 'from' && language === 'python')) && (t.lineStart || language === 'javascript') && !r.isPunct(i - 1, '.')) {
      if (language === 'javascript' && r.isPunct(i + 1, '(')) {
        const close = r.closing(i + 1);
        const spec = r.foldRange(i + 2, close);
        importSite(i, close + 1, spec.str ?? null, 'dynamic-import', spec.folded || spec.decoded);
        out.flags.dynamicImport = true;
        continue;
      }
      i = importStatement(i) - 1;
      continue;
    }
    if (name === 'while' || name === 'for' || name === 'do') loopAt(i);
    if (name === 'function' || name === 'def' || name === 'lambda') out.functionCount++;
    if (r.isPunct(i - 1, '.') || r.isPunct(i - 1, '?.')) continue;
    out.identifier(name);

    // Aliases: `x = a.b`, `const x = require("m")`, `const m = await import("m")`, `const k = "ev"`.
    if (r.isPunct(i + 1, '=')) {
      const rhs = r.isName(i + 2, 'await') ? i + 3 : i + 2;
      const bound = boundPath(rhs);
      if (bound !== null) aliases.set(name, bound);
      const first = tokens[i + 2];
      if (first && (first.type === 'string' || first.type === 'number')) {
        const v = r.foldRange(i + 2, r.statementEnd(i + 2));
        if (v.str !== undefined || v.num !== undefined) constants.set(name, { ...v, folded: true });
      }
    }
    const chain = r.readChain(i);
    // `(0, eval)(…)`: a name alone at the end of a comma expression that is then called.
    if (chain.end === i + 1 && r.isPunct(i - 1, ',') && r.isPunct(i + 1, ')') && r.isPunct(i + 2, '(')) {
      continuations.set(i + 1, { ...chain, evasive: true, first: t });
    } else if (chain.end === i + 1 && (name === 'eval' || name === 'Function') && !r.isPunct(i + 1, '(') && !r.isPunct(i + 1, ':') && !r.isName(i - 1, 'typeof')) {
      out.add({ kind: 'access', from: t.from, to: t.to, path: name, evasive: t.escaped, aliased: false, decodedName: false, through: null, write: false, called: false });
    }
    chainSites(chain, i, t);
    // Continue inside the chain's brackets and arguments, but not over its names again.
    i = Math.max(i, chain.end - 1);
  }
  return out;

  /** What `x = <tokens at rhs>` binds x to: a chain, or the module of `require("m")` / `import("m")` / `__import__("m")`. */
  function boundPath(rhs: number): string | null {
    if (!r.isName(rhs)) return null;
    const target = r.readChain(rhs);
    const loader = JS_REQUIRES.has(target.path) || PY_DYNAMIC.has(target.path) || target.path === 'import';
    if (r.isPunct(target.end, '(') && loader) {
      const close = r.closing(target.end);
      const spec = r.foldRange(target.end + 1, close);
      if (spec.str === undefined) return null;
      let path = modulePath(spec.str, language);
      // `require("m").a.b`
      if (r.isPunct(close + 1, '.')) path = r.readChain(close + 1, { path, evasive: false, decoded: false, through: null, end: close + 1 }).path;
      return path;
    }
    return target.path !== UNKNOWN && !r.isPunct(target.end, '(') ? target.path : null;
  }

  /** `const { a, b: c } = <rhs>` with the `{` at `open`. */
  function destructuring(open: number): void {
    const close = r.closing(open);
    if (!r.isPunct(close + 1, '=')) return;
    const rhs = r.isName(close + 2, 'await') ? close + 3 : close + 2;
    const base = boundPath(rhs);
    if (base === null) return;
    for (const [local, property] of destructured(tokens, open, close)) aliases.set(local, joinPath(base, property, language));
  }

  /** Escaped, homoglyph and (Python) dunder names. */
  function nameSite(t: Token): void {
    const name = t.value ?? '';
    const raw = codeSlice(t);
    const normalised = !t.escaped && raw !== name;
    if (t.escaped || normalised || (language === 'python' && name.startsWith('__') && name.endsWith('__') && name.length > 4)) {
      out.add({ kind: 'name', from: t.from, to: t.to, raw, name, escaped: t.escaped, normalised });
    }
  }

  /** Access and call sites for a chain that starts at token `start`; a call's result may continue it. */
  function chainSites(chain: Chain, start: number, first: Token): void {
    if (chain.end === start + 1 && r.isPunct(chain.end, '=') && first.type === 'name') return; // `x = …` binds x, it does not touch x's old value
    const isCall = r.isPunct(chain.end, '(');
    const span = { from: first.from, to: r.endOf(Math.max(start, chain.end - 1)) };
    const name = first.value ?? '';
    if (chain.end > start + 1 || isCall || chain.path !== name) {
      out.add({ kind: 'access', ...span, path: chain.path, evasive: chain.evasive, aliased: chain.path !== name && chain.end === start + 1, decodedName: chain.decoded, through: chain.through, write: r.isPunct(chain.end, '='), called: isCall });
    }
    if (!isCall) return;
    const close = r.closing(chain.end);
    // `function eval(x) {`, `def exec(s):`, a method `eval(x) { … }`: definitions, not calls.
    if (r.isName(start - 1, 'function') || r.isName(start - 1, 'def') || (language === 'javascript' && r.isPunct(close + 1, '{'))) return;
    const ranges = r.splitArgs(chain.end + 1, close);
    const args = ranges.map(([a, b]) => argValue(a, b));
    const isNew = r.isName(start - 1, 'new');
    out.add({
      kind: 'call', from: first.from, to: r.endOf(close), callee: chain.path, evasive: chain.evasive,
      aliased: false, decodedName: chain.decoded, through: chain.through, isNew, args, keywords: keywordArgs(ranges), inLoop: false, enclosingFunction: null,
    });
    if (chain.path === 'eval' || chain.path === 'Function' || chain.path === 'exec') out.flags.eval = true;
    const a0 = args[0] ?? UNKNOWN_VALUE;
    // Reflect.apply(f, this, [args]), Reflect.construct(F, [args]), f.call(this, …), f.apply(this, [args]).
    const indirect = chain.path === 'Reflect.apply' || chain.path === 'Reflect.construct' ? a0.path
      : language === 'javascript' && (chain.path.endsWith('.call') || chain.path.endsWith('.apply')) ? chain.path.slice(0, chain.path.lastIndexOf('.')) : undefined;
    if (indirect !== undefined && indirect !== UNKNOWN) {
      const rest = chain.path === 'Reflect.apply' ? [] : chain.path.endsWith('.call') ? args.slice(1) : [];
      out.add({
        kind: 'call', from: first.from, to: r.endOf(close), callee: indirect, evasive: true, aliased: false, decodedName: false,
        through: null, isNew: chain.path === 'Reflect.construct', args: rest, keywords: new Map(), inLoop: false, enclosingFunction: null,
      });
    }
    let result = `${chain.path}()`;
    let through = chain.through;
    let evasive = chain.evasive || a0.folded || a0.decoded;
    if (JS_REQUIRES.has(chain.path) && language === 'javascript') {
      importSite(start, close + 1, a0.str ?? null, 'require', a0.folded || a0.decoded);
      out.flags.require = true;
      if (a0.str !== undefined) result = modulePath(a0.str, language);
    } else if (chain.path === 'importScripts' && language === 'javascript') importSite(start, close + 1, a0.str ?? null, 'import-scripts', false);
    else if (PY_DYNAMIC.has(chain.path) && language === 'python') {
      importSite(start, close + 1, a0.str ?? null, 'python-dynamic', a0.folded || a0.decoded);
      out.flags.dynamicImport = true;
      if (a0.str !== undefined) result = a0.str;
    } else if (chain.path === 'getattr' && language === 'python' && args[1]?.str !== undefined) {
      ({ path: result, through } = r.step(args[0]?.path ?? UNKNOWN, args[1].str, null));
      through ??= 'getattr';
      evasive = true;
    }
    const decoded = chain.decoded || a0.decoded || (args[1]?.decoded ?? false);
    if (close < tokens.length) continuations.set(close, { path: result, evasive, decoded, through, end: close + 1, first });
  }

  function argValue(from: number, to: number): Value {
    let start = from;
    if (language === 'python' && r.isName(from) && r.isPunct(from + 1, '=')) start = from + 2;
    const v = r.foldRange(start, to);
    if (r.isName(start)) {
      const chain = r.readChain(start);
      if (chain.end === to) return { ...v, path: chain.path };
      if (r.isPunct(chain.end, '(') && DECODERS.has(chain.path)) return { ...v, decoded: true };
    }
    if (tokens[start]?.type === 'name' && (tokens[start]!.value === 'function' || tokens[start]!.value === 'lambda')) return { ...v, fn: true };
    return v;
  }

  function keywordArgs(ranges: readonly [number, number][]): Map<string, Value> {
    const kw = new Map<string, Value>();
    if (language !== 'python') return kw;
    for (const [a, b] of ranges) if (r.isName(a) && r.isPunct(a + 1, '=')) kw.set(tokens[a]!.value ?? '', r.foldRange(a + 2, b));
    return kw;
  }

  /** End of a run `n ** n ** n`. */
  function operandsEnd(i: number): number {
    let j = i;
    while (j + 2 < tokens.length + 1 && tokens[j]?.type === 'number' && r.isPunct(j + 1, '**')) j += 2;
    return Math.min(j + 1, tokens.length);
  }

  function codeSlice(t: Token): string {
    return code.slice(t.from, t.to);
  }
}
