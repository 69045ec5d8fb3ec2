import type { Example } from './types';

export default {
  id: 'csv-statistics',
  title: 'CSV statistics and correlation',
  level: 'intermediate',
  demonstrates: 'Parsing CSV, then mean, standard deviation and Pearson correlation of two columns.',
  language: 'javascript',
  policy: 'standard',
  code: `const csv = \`hours,score
1,52
2,57
3,63
4,70
5,74\`;
const [head, ...lines] = csv.trim().split('\\n');
const cols = head.split(',');
const rows = lines.map((l) => l.split(',').map(Number));
const column = (i) => rows.map((r) => r[i]);
const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
const sd = (xs) => Math.sqrt(mean(xs.map((x) => (x - mean(xs)) ** 2)));
const corr = (xs, ys) => mean(xs.map((x, i) => (x - mean(xs)) * (ys[i] - mean(ys)))) / (sd(xs) * sd(ys));
for (const [i, name] of cols.entries()) console.log(name, 'mean', mean(column(i)).toFixed(2), 'sd', sd(column(i)).toFixed(2));
console.log('correlation', corr(column(0), column(1)).toFixed(3));`,
  expected: { status: 'completed', output: ['hours mean 3.00 sd 1.41', 'score mean 63.20', 'correlation 0.99'] },
} satisfies Example;
