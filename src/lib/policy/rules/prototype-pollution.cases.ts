import { js, jsTrap, py, pyTrap, type Positive, type Trap } from './cases';

/** What `prototype-pollution` rules must find. */
export const positives: readonly Positive[] = [
  js('obj.__proto__.isAdmin = true', 'prototype-pollution/proto', 'high'),
  js('target["__proto__"]["polluted"] = 1', 'prototype-pollution/proto', 'high'),
  js('const p = {}.__proto__', 'prototype-pollution/proto', 'medium'),
  js('const dict = { __proto__: null }', 'prototype-pollution/proto', 'low'),
  js('Object.prototype.toString = () => "pwned"', 'prototype-pollution/builtin-prototype-write', 'high'),
  js('Array.prototype.includes = function () { return true }', 'prototype-pollution/builtin-prototype-write', 'high'),
  js('x.constructor.prototype.polluted = 1', 'prototype-pollution/builtin-prototype-write', 'high'),
  js('Object.defineProperty(Object.prototype, "then", { get() {} })', 'prototype-pollution/define-on-builtin', 'high'),
  js('Object.assign(Array.prototype, { evil() {} })', 'prototype-pollution/define-on-builtin', 'high'),
  js('Object.setPrototypeOf(Object.prototype, evil)', 'prototype-pollution/define-on-builtin', 'high'),
  js('class E extends Error { constructor() { super(); Object.setPrototypeOf(this, E.prototype) } }', 'prototype-pollution/set-prototype', 'low'),
  js('merge({}, JSON.parse(\'{"__proto__": {"admin": true}}\'))', 'prototype-pollution/json-proto', 'medium'),
  py('().__class__.__bases__[0].__subclasses__()', 'prototype-pollution/subclasses', 'critical'),
  py('object.__subclasses__()', 'prototype-pollution/subclasses', 'critical'),
  py('[].__class__.__base__.__subclasses__()', 'prototype-pollution/class-walk', 'high'),
  py('try:\n    1/0\nexcept Exception as e:\n    g = e.__traceback__.tb_frame.f_back.f_globals', 'prototype-pollution/frame-walk', 'critical'),
  py('import sys\nframe = sys._getframe(1)', 'prototype-pollution/frame-walk', 'high'),
  py('def f(): pass\nb = f.__globals__["__builtins__"]', 'prototype-pollution/globals-walk', 'high'),
  py('f.__code__ = g.__code__', 'prototype-pollution/globals-walk', 'high'),
  py('x = __builtins__', 'prototype-pollution/builtins', 'high'),
  py('import builtins\nbuiltins.open = fake_open', 'prototype-pollution/builtin-overwrite', 'high'),
  py('setattr(__builtins__, "print", spy)', 'prototype-pollution/setattr-builtin', 'high'),
  py('import gc\nfor o in gc.get_objects():\n    pass', 'prototype-pollution/gc-walk', 'high'),
];

/** What they must not: look-alikes, comments, strings. */
export const traps: readonly Trap[] = [
  jsTrap('function Point(x) { this.x = x }\nPoint.prototype.norm = function () { return this.x };'),
  jsTrap('class A {}\nA.prototype.greet = function () {};\nconst proto = Object.getPrototypeOf(a);'),
  jsTrap('const s = "__proto__"; // obj.__proto__ = x'),
  jsTrap('Object.assign({}, defaults, options); Object.defineProperty(obj, "x", { value: 1 });'),
  pyTrap('class A:\n    pass\nprint(A().__class__.__name__, type(1).__name__)'),
  pyTrap('if __name__ == "__main__":\n    print(__file__, __doc__)'),
  pyTrap('f = method.__func__\nf.__doc__ = "x"\nprint(g.__code__.co_name, Dog.__mro__)'),
  pyTrap('class B(A):\n    def __init__(self):\n        super().__init__()\n        self.__dict__.update({"a": 1})'),
  pyTrap('import traceback\ntry:\n    1/0\nexcept Exception:\n    traceback.print_exc()'),
];
