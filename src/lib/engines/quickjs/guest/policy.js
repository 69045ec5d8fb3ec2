// Code generation from strings, switched per run by the policy. Loaded the first time a run
// disallows it; `natives` are the originals the prelude kept before any user code ran.
'use strict';
const { defineProperty } = Object;
const NAMES = ['Function', 'AsyncFunction', 'GeneratorFunction', 'AsyncGeneratorFunction'];
let tier = '';

function blocked(name, prototype) {
  const what = name === 'eval' ? 'eval' : `the ${name} constructor`;
  // A plain function expression, so `new Function()` reaches the EvalError, not "not a constructor".
  const fn = function () {
    throw new EvalError(`${what} is not allowed under the ${tier} policy (code generation from strings is disabled)`);
  };
  defineProperty(fn, 'name', { value: name, configurable: true });
  // The same prototype keeps `x instanceof Function` working.
  if (prototype) defineProperty(fn, 'prototype', { value: prototype });
  return fn;
}

let blockers;

module.exports = function setEval(natives, allowed, policy) {
  tier = policy;
  const [nativeEval, ...ctors] = natives;
  const prototypes = [Function.prototype, ...ctors.slice(1).map((ctor) => ctor.prototype)];
  blockers ??= { eval: blocked('eval'), ctors: NAMES.map((name, i) => blocked(name, prototypes[i])) };
  const set = (target, name, value, writable) => defineProperty(target, name, { value, writable, enumerable: false, configurable: true });
  set(globalThis, 'eval', allowed ? nativeEval : blockers.eval, true);
  set(globalThis, 'Function', allowed ? ctors[0] : blockers.ctors[0], true);
  prototypes.forEach((prototype, i) => set(prototype, 'constructor', allowed ? ctors[i] : blockers.ctors[i], i === 0));
};
