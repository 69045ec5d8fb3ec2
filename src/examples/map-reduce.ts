import type { Example } from './types';

export default {
  id: 'map-reduce',
  title: 'MapReduce with a worker-pool style batch',
  level: 'advanced',
  demonstrates: 'Splitting input into batches handled by a fixed number of async workers, then reducing.',
  language: 'javascript',
  policy: 'standard',
  code: `const docs = ['the cat sat', 'the dog sat', 'a cat and a dog', 'the end'];
const map = (doc) => doc.split(' ').map((w) => [w, 1]);
async function pool(items, size, work) {
  const results = [];
  let next = 0;
  const worker = async (id) => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i], id);
    }
  };
  await Promise.all(Array.from({ length: size }, (_, id) => worker(id)));
  return results;
}
const mapped = await pool(docs, 2, async (doc) => map(doc));
const counts = {};
for (const [w, n] of mapped.flat()) counts[w] = (counts[w] ?? 0) + n;
const top = Object.entries(counts).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, 3);
console.log('top words:', top.map(([w, n]) => w + '=' + n).join(', '));`,
  expected: { status: 'completed', output: ['top words: the=3, a=2, cat=2'] },
} satisfies Example;
