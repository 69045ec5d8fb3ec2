import type { Language } from '../lib/engines/protocol';

/** What the editor shows before the user has typed anything. */
export const SAMPLE_CODE: Readonly<Record<Language, string>> = {
  javascript: `// Runs in QuickJS inside a Web Worker: no network, no DOM.
const primes = [];
for (let n = 2; primes.length < 10; n++) {
  if (primes.every((p) => n % p !== 0)) primes.push(n);
}
console.log({ primes, sum: primes.reduce((a, b) => a + b, 0) });
await new Promise((resolve) => setTimeout(resolve, 100));
console.log('done after a timer');
`,
  python: `# CPython 3.12 in WebAssembly. Variables persist between runs in this session.
import statistics

data = [3, 1, 4, 1, 5, 9, 2, 6]
print("mean", statistics.mean(data), "median", statistics.median(data))
`,
};
