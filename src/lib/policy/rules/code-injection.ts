import { DYNAMIC_GLOBAL } from '../names';
import { PATTERNS } from '../patterns';
import { defineRule, match } from '../rule';
import type { CallSite } from '../sites';
import type { Language } from '../types';
import { anyDecoded, pathStartsWith, splitPath } from './util';

const category = 'code-injection';

export const JS_FUNCTION_CONSTRUCTORS: ReadonlySet<string> = new Set(['Function', 'AsyncFunction', 'GeneratorFunction', 'AsyncGeneratorFunction']);
const VM_METHODS = new Set(['runInContext', 'runInNewContext', 'runInThisContext', 'compileFunction', 'Script', 'SourceTextModule', 'SyntheticModule']);
const STRING_TIMERS = new Set(['setTimeout', 'setInterval', 'setImmediate']);
export const PY_EXEC: ReadonlySet<string> = new Set(['exec', 'eval', 'compile', 'execfile']);

/** How the call hid itself, for the message. */
function disguise(s: CallSite): string {
  if (s.decodedName) return ' through a decoded name';
  if (s.evasive) return ' through an indirect or disguised reference';
  if (s.aliased) return ' through an alias';
  return '';
}

/** True when a call runs a string as code, in either language: the sinks `encoding/decoded-exec` watches. */
export function isCodeSink(s: CallSite, language: Language): boolean {
  if (language === 'python') return PY_EXEC.has(s.callee);
  if (s.callee === 'eval' || JS_FUNCTION_CONSTRUCTORS.has(s.callee)) return true;
  if (STRING_TIMERS.has(s.callee)) return s.args[0] !== undefined && (s.args[0].str !== undefined || s.args[0].decoded);
  const [parent, method] = splitPath(s.callee);
  return pathStartsWith(parent, 'vm') && VM_METHODS.has(method);
}

/** `eval(…)`: high when written plainly, critical when reached by `(0, eval)`, `globalThis["ev"+"al"]`, an alias or decoded text. */
export const jsEval = defineRule({
  id: 'code-injection/eval', category, kind: 'call', languages: ['javascript'],
  roots: ['eval'],
  check: (s) => {
    if (s.callee !== 'eval') return null;
    if (s.evasive || s.aliased || anyDecoded(s.args)) return match('critical', `eval() called${disguise(s) || ' on decoded text'}: runs a string as code.`);
    return match('high', 'eval() runs a string as code.');
  },
});

/** `new Function(…)`, `Function(…)`, and the constructor reached through `.constructor.constructor`. */
export const functionConstructor = defineRule({
  id: 'code-injection/function-constructor', category, kind: 'call', languages: ['javascript'],
  roots: ['Function', 'AsyncFunction', 'GeneratorFunction', 'AsyncGeneratorFunction'],
  check: (s) => {
    if (!JS_FUNCTION_CONSTRUCTORS.has(s.callee)) return null;
    if (s.evasive || s.aliased || anyDecoded(s.args)) return match('critical', `The Function constructor called${disguise(s) || ' on decoded text'}: compiles a string as code.`);
    return match('high', 'The Function constructor compiles a string as code.');
  },
});

/** `eval` or `Function` taken as a value (`[eval][0]`, `(() => {}).constructor`) without being called on the spot. */
export const evalReference = defineRule({
  id: 'code-injection/eval-reference', category, kind: 'access', languages: ['javascript'],
  roots: ['eval', 'Function', 'AsyncFunction', 'GeneratorFunction', 'AsyncGeneratorFunction'],
  check: (s) => {
    if (s.called || (s.path !== 'eval' && !JS_FUNCTION_CONSTRUCTORS.has(s.path))) return null;
    return s.evasive
      ? match('critical', `Reaches ${s.path} through a disguised reference.`)
      : match('high', `Takes ${s.path} as a value, to call it indirectly.`);
  },
});

/** `setTimeout("code", …)`: timers compile string callbacks like eval. */
export const stringTimer = defineRule({
  id: 'code-injection/string-timer', category, kind: 'call', languages: ['javascript'],
  roots: ['setTimeout', 'setInterval', 'setImmediate'],
  check: (s) => {
    const first = s.args[0];
    if (!STRING_TIMERS.has(s.callee) || !first || (first.str === undefined && !first.decoded)) return null;
    return match(first.decoded ? 'critical' : 'high', `${s.callee}() with a string argument runs it as code.`);
  },
});

/** Node's `vm` module: compiles and runs code in new contexts. */
export const vm = defineRule({
  id: 'code-injection/vm', category, kind: 'call', languages: ['javascript'],
  roots: ['vm'],
  check: (s) => {
    const [parent, method] = splitPath(s.callee);
    return pathStartsWith(parent, 'vm') && VM_METHODS.has(method) ? match('critical', `${s.callee}() compiles and runs code.`) : null;
  },
});

/** `import("data:text/javascript,…")`, blob: and javascript: URLs: code smuggled in a specifier. */
export const inlineModule = defineRule({
  id: 'code-injection/inline-module', category, kind: 'import',
  check: (s) => (s.module !== null && PATTERNS.inlineModule.test(s.module) ? match('critical', 'Imports code from an inline URL (data:, blob: or javascript:).') : null),
});

/** Python's `exec`, `eval`, `compile`: high when plain, critical through `getattr`, `__builtins__`, aliases or decoded text. */
export const pyExec = defineRule({
  id: 'code-injection/exec', category, kind: 'call', languages: ['python'],
  roots: ['exec', 'eval', 'compile', 'execfile'],
  check: (s) => {
    if (!PY_EXEC.has(s.callee)) return null;
    if (s.evasive || s.aliased || s.through !== null || anyDecoded(s.args)) {
      return match('critical', `${s.callee}() called${disguise(s) || (s.through ? ` through ${s.through}` : ' on decoded text')}: runs a string as code.`);
    }
    return match('high', `${s.callee}() runs a string as code.`);
  },
});

/** `exec` or `eval` taken as a value: fetched from a namespace (`__builtins__.__dict__["exec"]`) or passed around (`map(eval, xs)`). */
export const pyExecReference = defineRule({
  id: 'code-injection/exec-reference', category, kind: 'access', languages: ['python'],
  roots: ['exec', 'eval', 'compile', 'execfile'],
  check: (s) => {
    if (s.called || !PY_EXEC.has(s.path)) return null;
    return s.evasive || s.through !== null
      ? match('critical', `Fetches ${s.path} through ${s.through ?? 'a disguised name'}.`)
      : match('high', `Takes ${s.path} as a value, to call it indirectly.`);
  },
});

const PY_LOADERS = new Set([
  'marshal.loads', 'marshal.load', 'pickle.loads', 'pickle.load', 'cPickle.loads', 'cPickle.load', '_pickle.loads', 'dill.loads', 'dill.load',
  'shelve.open', 'types.FunctionType', 'types.CodeType', 'runpy.run_path', 'runpy.run_module', 'code.interact', 'code.InteractiveInterpreter',
  'code.InteractiveConsole', 'code.compile_command', 'codeop.compile_command',
]);

/** Code from bytes: `marshal.loads`, `pickle.loads` (runs constructors), `types.CodeType`, `runpy`. */
export const pyCodeLoader = defineRule({
  id: 'code-injection/code-loader', category, kind: 'call', languages: ['python'],
  roots: ['marshal', 'pickle', 'cPickle', '_pickle', 'dill', 'shelve', 'types', 'runpy', 'code', 'codeop'],
  check: (s) => (PY_LOADERS.has(s.callee) ? match('high', `${s.callee}() builds and can run code from data.`) : null),
});

/** `window[name](…)`, `globals()[name](…)`, `getattr(builtins, name)(…)`: calling a global whose name is computed at run time. */
export const dynamicGlobal = defineRule({
  id: 'code-injection/dynamic-global', category, kind: 'call',
  roots: ['<global>'],
  check: (s) => (s.callee === DYNAMIC_GLOBAL ? match('medium', 'Calls a global chosen by a name computed at run time.') : null),
});

export const rules = [dynamicGlobal, jsEval, functionConstructor, evalReference, stringTimer, vm, inlineModule, pyExec, pyExecReference, pyCodeLoader];
