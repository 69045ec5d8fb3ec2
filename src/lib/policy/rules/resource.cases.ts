import { js, jsTrap, py, pyTrap, type Positive, type Trap } from './cases';

/** What `resource` rules must find. */
export const positives: readonly Positive[] = [
  js('while (true) { count++ }', 'resource/unbounded-loop', 'medium'),
  js('for (;;) {}', 'resource/unbounded-loop', 'medium'),
  js('do { x() } while (1)', 'resource/unbounded-loop', 'medium'),
  js('while (true) { for (const x of xs) { if (x) break } }', 'resource/unbounded-loop', 'medium'),
  js('const a = new Array(1e9).fill(0)', 'resource/huge-allocation', 'medium'),
  js('const b = new ArrayBuffer(2 ** 32)', 'resource/huge-allocation', 'medium'),
  js('"x".repeat(1e9)', 'resource/huge-allocation', 'medium'),
  js('const n = 10n ** 10n ** 8n', 'resource/huge-power', 'high'),
  js('function f() { return f() }', 'resource/recursion-without-base', 'medium'),
  js('const g = (n) => g(n + 1)', 'resource/recursion-without-base', 'medium'),
  py('while True:\n    x += 1', 'resource/unbounded-loop', 'medium'),
  py('while 1:\n    for i in range(3):\n        break', 'resource/unbounded-loop', 'medium'),
  py('import itertools\nfor i in itertools.count():\n    print(i)', 'resource/unbounded-loop', 'medium'),
  py('x = 10**10**8', 'resource/huge-power', 'high'),
  py('n = 2 ** (10 ** 9)', 'resource/huge-power', 'high'),
  py('b = bytearray(2**31)', 'resource/huge-allocation', 'medium'),
  py('b = bytes(10**10)', 'resource/huge-allocation', 'medium'),
  py('xs = [0] * 10**9', 'resource/huge-repeat', 'medium'),
  py('s = "x" * (2 ** 33)', 'resource/huge-repeat', 'medium'),
  py('def f(n):\n    return f(n + 1)', 'resource/recursion-without-base', 'medium'),
  py('import sys\nsys.setrecursionlimit(10**8)', 'resource/recursion-limit', 'medium'),
];

/** What they must not: look-alikes, comments, strings. */
export const traps: readonly Trap[] = [
  jsTrap('while (true) { const x = next(); if (x.done) break; }'),
  jsTrap('for (;;) { if (ready()) return; }'),
  jsTrap('async function poll() { while (true) { await sleep(1000) } }'),
  jsTrap('function* gen() { while (true) yield i++ }'),
  jsTrap('while (i < 10) i++; for (let i = 0; i < n; i++) {}'),
  jsTrap('const a = new Array(100).fill(0); const big = 2 ** 64; const x = 10 ** 308;'),
  jsTrap('function fact(n) { return n <= 1 ? 1 : n * fact(n - 1) }'),
  jsTrap('function walk(node) { if (!node) return; walk(node.left); walk(node.right) }'),
  pyTrap('while True:\n    line = input()\n    if not line:\n        break'),
  pyTrap('def gen():\n    while True:\n        yield 1'),
  pyTrap('x = 2**64\ny = 10**100\nz = [0] * 1000\nb = bytearray(1024)'),
  pyTrap('def fact(n):\n    if n <= 1:\n        return 1\n    return n * fact(n - 1)'),
  pyTrap('def fib(n):\n    return n if n < 2 else fib(n - 1) + fib(n - 2)'),
  pyTrap('import sys\nsys.setrecursionlimit(5000)\nwhile True:\n    raise SystemExit'),
];
