import type { Example } from './types';

export default {
  id: 'quick-run',
  title: 'Quick run',
  level: 'beginner',
  demonstrates: 'Console output of plain JavaScript in a stateful QuickJS session.',
  language: 'javascript',
  policy: 'standard',
  code: `const squares = [1, 2, 3, 4].map((n) => n * n);
console.log('squares:', squares.join(' '));
console.log('sum:', squares.reduce((a, b) => a + b, 0));`,
  expected: { status: 'completed', output: ['squares: 1 4 9 16', 'sum: 30'] },
} satisfies Example;
