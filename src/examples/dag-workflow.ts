import type { Example } from './types';

export default {
  id: 'dag-workflow',
  title: 'DAG workflow engine',
  level: 'advanced',
  demonstrates: "Kahn's topological sort, cycle detection and running steps in dependency order.",
  language: 'javascript',
  policy: 'standard',
  code: `const steps = {
  fetch: [],
  clean: ['fetch'],
  features: ['clean'],
  train: ['features'],
  report: ['train', 'clean'],
};
function order(graph) {
  const indegree = Object.fromEntries(Object.keys(graph).map((k) => [k, graph[k].length]));
  const ready = Object.keys(graph).filter((k) => indegree[k] === 0);
  const out = [];
  while (ready.length) {
    const step = ready.shift();
    out.push(step);
    for (const [k, deps] of Object.entries(graph)) if (deps.includes(step) && --indegree[k] === 0) ready.push(k);
  }
  if (out.length !== Object.keys(graph).length) throw new Error('cycle detected');
  return out;
}
const done = [];
for (const step of order(steps)) done.push(step);
console.log('order:', done.join(' -> '));
try { order({ a: ['b'], b: ['a'] }); } catch (e) { console.log('second graph:', e.message); }`,
  expected: { status: 'completed', output: ['order: fetch -> clean -> features -> train -> report', 'second graph: cycle detected'] },
} satisfies Example;
