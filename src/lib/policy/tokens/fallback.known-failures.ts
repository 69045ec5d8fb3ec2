/**
 * Rule-table cases the token scan (used when code does not parse) misses, each with its reason.
 * The syntax-tree analysis finds all of them; `fallback.test.ts` fails if one starts passing.
 */
export const FALLBACK_KNOWN_FAILURES: Readonly<Record<string, string>> = {
  'window[`e${"v"}al`]("1")': 'template literals with substitutions are not folded from tokens',
  'globalThis["lave".split("").reverse().join("")]("1")': 'method chains on constants are not folded from tokens',
  '(() => {}).constructor("return this")()': 'the token scan does not know the parenthesised value is a function',
  'Object.getPrototypeOf(async function () {}).constructor("await 1")': 'the token scan does not follow getPrototypeOf',
  'require(["child", "process"].join("_"))': 'array joins are not folded from tokens',
  'const p = {}.__proto__': 'a chain on an object literal is only followed for .constructor',
  'const dict = { __proto__: null }': 'object-literal keys are not sites in the token scan',
  'while (true) { for (const x of xs) { if (x) break } }': 'without a tree, any break in the body counts as leaving the loop',
  'function f() { return f() }': 'recursion needs function scopes',
  'const g = (n) => g(n + 1)': 'recursion needs function scopes',
  'for (let i = 0; i < 1000; i++) setInterval(tick, 100)': 'loop bodies are not tracked for calls',
  'function loop() { work(); setTimeout(loop, 0) }\nloop()': 'enclosing functions are not tracked',
  'function spin() { queueMicrotask(spin) }\nspin()': 'enclosing functions are not tracked',
  'const again = () => { process.nextTick(again) }': 'enclosing functions are not tracked',
};
