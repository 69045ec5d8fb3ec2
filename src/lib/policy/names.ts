import type { Language } from './types';

/** True when the string has a character outside ASCII (the only case NFKC can change). */
export function hasNonAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7f) return true;
  return false;
}

/**
 * An identifier as Python sees it (PEP 3131 applies NFKC), which is also how the scanner compares
 * JavaScript names: `ｅｖａｌ` is not `eval` to V8, but writing it is an attempt to look like it.
 */
export function normaliseName(name: string): string {
  return hasNonAscii(name) ? name.normalize('NFKC') : name;
}

/** Names of the global object in JavaScript; `globalThis.eval` is `eval`. */
export const JS_GLOBAL_OBJECTS: ReadonlySet<string> = new Set(['globalThis', 'window', 'self', 'global']);

/** Path roots that stand for Python's builtins or a module's globals; `__builtins__.exec` is `exec`. */
export const PY_NAMESPACE_ROOTS: ReadonlySet<string> = new Set(['__builtins__', 'builtins', '<globals>']);

/** Root for something unknown: no rule matches a path that starts with it. */
export const UNKNOWN = '?';
/** Root for a literal value (string, array, object, number). */
export const LITERAL = '<literal>';
/** Path of a `__proto__` key in an object literal, as opposed to a `.__proto__` access. */
export const OBJECT_KEY_PROTO = '<object-key>.__proto__';
/** A global looked up by a name computed at run time: `window[k]`, `globals()[k]`, `getattr(builtins, k)`. */
export const DYNAMIC_GLOBAL = '<global>.?';
/** Root for a function or lambda expression. */
export const FUNCTION = '<function>';

/**
 * A module specifier as a path: `node:fs/promises` → `fs.promises`. Relative, absolute and URL
 * specifiers stay as written; they never collide with a dotted module path.
 */
export function modulePath(specifier: string, language: Language): string {
  if (language === 'python') return specifier;
  const bare = specifier.startsWith('node:') ? specifier.slice(5) : specifier;
  if (bare.startsWith('.') || bare.startsWith('/') || bare.startsWith('@') || bare.includes(':')) return specifier;
  return bare.split('/').join('.');
}

/** Join a path and a property, collapsing the global-object and builtins roots. */
export function joinPath(base: string, property: string, language: Language): string {
  if (language === 'javascript' ? JS_GLOBAL_OBJECTS.has(base) : PY_NAMESPACE_ROOTS.has(base)) return property;
  return `${base}.${property}`;
}

/** `a.b.c` starts with `a.b` as a whole segment (not `a.bc`). */
export function pathStartsWith(path: string, prefix: string): boolean {
  return path === prefix || (path.startsWith(prefix) && path.charCodeAt(prefix.length) === 46 /* . */);
}

/** Last segment of a path. */
export function lastSegment(path: string): string {
  const dot = path.lastIndexOf('.');
  return dot < 0 ? path : path.slice(dot + 1);
}
