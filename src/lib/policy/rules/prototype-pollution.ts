import { defineRule, match } from '../rule';
import { LITERAL, OBJECT_KEY_PROTO } from '../names';
import type { Value } from '../sites';
import { hasSegment, lastSegment, pathStartsWith } from './util';

const category = 'prototype-pollution';

const BUILTINS = ['Object', 'Array', 'Function', 'String', 'Number', 'Boolean', 'Symbol', 'Promise', 'RegExp', 'Date', 'Error', 'Map', 'Set', 'JSON', 'Math'];

function isBuiltinPrototype(path: string | undefined): boolean {
  if (path === undefined) return false;
  return BUILTINS.some((b) => pathStartsWith(path, `${b}.prototype`)) || hasSegment(path, '__proto__') || path.includes('.constructor.prototype');
}

/** `obj.__proto__`, `obj["__proto__"]`: writes pollute, reads walk prototype chains. `{ __proto__: null }` is only noted. */
export const protoAccess = defineRule({
  id: 'prototype-pollution/proto', category, kind: 'access', languages: ['javascript'],
  check: (s) => {
    if (!hasSegment(s.path, '__proto__')) return null;
    if (s.path === OBJECT_KEY_PROTO) return match('low', 'An object literal sets its own prototype with __proto__.');
    return s.write ? match('high', `Writes through __proto__ (${s.path}).`) : match('medium', `Reads __proto__ (${s.path}).`);
  },
});

/** `Object.prototype.x = …`, `Array.prototype.y = …`, `a.constructor.prototype.z = …`: changes every object. */
export const builtinPrototypeWrite = defineRule({
  id: 'prototype-pollution/builtin-prototype-write', category, kind: 'access', languages: ['javascript'],
  check: (s) => (s.write && isBuiltinPrototype(s.path) && !hasSegment(s.path, '__proto__') ? match('high', `Changes a built-in prototype (${s.path}).`) : null),
});

const DEFINERS = new Set(['Object.defineProperty', 'Object.defineProperties', 'Object.assign', 'Reflect.set', 'Reflect.defineProperty', 'Object.setPrototypeOf', 'Reflect.setPrototypeOf']);

function firstPath(args: readonly Value[]): string | undefined {
  return args[0]?.path;
}

/** `Object.defineProperty(Object.prototype, …)`, `Object.assign(Array.prototype, …)`, `Object.setPrototypeOf(Object.prototype, …)`. */
export const defineOnBuiltin = defineRule({
  id: 'prototype-pollution/define-on-builtin', category, kind: 'call', languages: ['javascript'],
  roots: ['Object', 'Reflect'],
  check: (s) => (DEFINERS.has(s.callee) && isBuiltinPrototype(firstPath(s.args)) ? match('high', `${s.callee}() changes a built-in prototype.`) : null),
});

/** `Object.setPrototypeOf(x, …)` on ordinary objects: legitimate (TypeScript emits it for Error subclasses), so only noted. */
export const setPrototype = defineRule({
  id: 'prototype-pollution/set-prototype', category, kind: 'call', languages: ['javascript'],
  roots: ['Object', 'Reflect'],
  check: (s) => ((s.callee === 'Object.setPrototypeOf' || s.callee === 'Reflect.setPrototypeOf') && !isBuiltinPrototype(firstPath(s.args)) ? match('low', `${s.callee}() replaces an object's prototype.`) : null),
});

/** `JSON.parse('{"__proto__": …}')`: the classic pollution payload, waiting for a recursive merge. */
export const jsonProto = defineRule({
  id: 'prototype-pollution/json-proto', category, kind: 'call', languages: ['javascript'],
  roots: ['JSON'],
  check: (s) => (s.callee === 'JSON.parse' && s.args[0]?.str?.includes('__proto__') ? match('medium', 'JSON.parse() of text with a __proto__ key: a prototype-pollution payload.') : null),
});

/** `().__class__.__bases__[0].__subclasses__()`: the first step of nearly every Python sandbox escape. */
export const pySubclasses = defineRule({
  id: 'prototype-pollution/subclasses', category, kind: 'access', languages: ['python'],
  check: (s) => (hasSegment(s.path, '__subclasses__') ? match('critical', 'Walks __subclasses__() to reach classes the code never imported.') : null),
});

const FRAME_ATTRS = ['tb_frame', 'f_back', 'f_globals', 'f_locals', 'f_builtins', 'gi_frame', 'cr_frame', 'ag_frame', 'tb_next'];
const FRAME_CALLS = new Set(['sys._getframe', 'inspect.currentframe', 'inspect.stack', 'inspect.trace']);

/** `e.__traceback__.tb_frame.f_back.f_globals`, `sys._getframe()`: reaching other frames' variables. */
export const pyFrameWalk = defineRule({
  id: 'prototype-pollution/frame-walk', category, kind: 'access', languages: ['python'],
  check: (s) => {
    const attr = FRAME_ATTRS.find((a) => hasSegment(s.path, a));
    if (attr !== undefined) return match('critical', `Walks interpreter frames (${attr}) to reach other code's variables.`);
    if (FRAME_CALLS.has(s.path)) return match('high', `${s.path}() exposes interpreter frames.`);
    return null;
  },
});

const GLOBALS_ATTRS = ['__globals__', 'func_globals', '__closure__', '__code__', '__func__'];

/** `f.__globals__["__builtins__"]`, writing `__code__`: reaching a function's module or rewriting its code. */
export const pyGlobalsWalk = defineRule({
  id: 'prototype-pollution/globals-walk', category, kind: 'access', languages: ['python'],
  check: (s) => {
    const attr = GLOBALS_ATTRS.find((a) => hasSegment(s.path, a));
    if (attr === undefined) return null;
    if (attr === '__globals__' || attr === 'func_globals') return match('high', `Reads ${attr}, a function's module namespace.`);
    return s.write && lastSegment(s.path) === attr ? match('high', `Rewrites a function's ${attr}.`) : null;
  },
});

/** `x.__class__.__bases__`, `().__class__.__mro__`: climbing from a value to `object` on the way to `__subclasses__`. `Dog.__mro__` on a named class is ordinary introspection. */
export const pyClassWalk = defineRule({
  id: 'prototype-pollution/class-walk', category, kind: 'access', languages: ['python'],
  check: (s) => {
    const climbs = hasSegment(s.path, '__bases__') || hasSegment(s.path, '__base__') || hasSegment(s.path, '__mro__');
    if (!climbs || !(hasSegment(s.path, '__class__') || s.path.startsWith(LITERAL))) return null;
    return match('high', 'Climbs from a value\'s class to its bases, toward object.');
  },
});

/** `__builtins__` named directly: how payloads find `exec` and `__import__` after they were taken away. */
export const pyBuiltins = defineRule({
  id: 'prototype-pollution/builtins', category, kind: 'name', languages: ['python'],
  check: (s) => (s.name === '__builtins__' ? match('high', 'Reaches into __builtins__.') : null),
});

const PY_BUILTIN_NAMES = new Set(['open', 'print', 'exec', 'eval', 'compile', '__import__', 'input', 'getattr', 'setattr', 'len', 'str', 'int', 'isinstance', 'type', 'object', 'globals', 'vars']);

/** `builtins.open = …`, `setattr(__builtins__, "print", …)`: replacing a builtin for all code. */
export const pyBuiltinOverwrite = defineRule({
  id: 'prototype-pollution/builtin-overwrite', category, kind: 'access', languages: ['python'],
  check: (s) => (s.write && s.through !== null && (s.through === '__builtins__' || s.through === 'builtins') && PY_BUILTIN_NAMES.has(s.path) ? match('high', `Replaces the builtin ${s.path} for all code.`) : null),
});

/** `setattr(builtins, …)`, `setattr(object, …)`. */
export const pySetattrBuiltin = defineRule({
  id: 'prototype-pollution/setattr-builtin', category, kind: 'call', languages: ['python'],
  roots: ['setattr', 'delattr'],
  check: (s) => {
    if (s.callee !== 'setattr' && s.callee !== 'delattr') return null;
    const target = s.args[0]?.path;
    return target === '__builtins__' || target === 'builtins' || target === 'object' || target === 'type'
      ? match('high', `${s.callee}() on ${target} changes what every module sees.`)
      : null;
  },
});

/** `gc.get_objects()`, `gc.get_referrers()`: every live object, including the ones the sandbox hid. */
export const pyGcWalk = defineRule({
  id: 'prototype-pollution/gc-walk', category, kind: 'call', languages: ['python'],
  roots: ['gc'],
  check: (s) => (s.callee === 'gc.get_objects' || s.callee === 'gc.get_referrers' || s.callee === 'gc.get_referents' ? match('high', `${s.callee}() walks the interpreter's live objects.`) : null),
});

export const rules = [
  protoAccess, builtinPrototypeWrite, defineOnBuiltin, setPrototype, jsonProto,
  pySubclasses, pyFrameWalk, pyGlobalsWalk, pyClassWalk, pyBuiltins, pyBuiltinOverwrite, pySetattrBuiltin, pyGcWalk,
];
