import type { Example } from './types';

export default {
  id: 'online-judge',
  title: 'Code runner for an online judge',
  level: 'advanced',
  demonstrates: 'Judging submissions against test cases with verdicts and a step budget.',
  language: 'javascript',
  policy: 'standard',
  code: `const cases = [[[2, 3], 5], [[10, -4], 6], [[0, 0], 0]];
const submissions = {
  correct: (a, b) => a + b,
  wrong: (a, b) => a - b,
  slow: (a, b, budget) => { let s = 0; for (let i = 0; i < 1e9; i++) { if (--budget.steps < 0) throw new Error('TLE'); s++; } return s; },
};
for (const [name, fn] of Object.entries(submissions)) {
  let verdict = 'AC';
  for (const [args, want] of cases) {
    try {
      if (fn(...args, { steps: 1e5 }) !== want) { verdict = 'WA'; break; }
    } catch (e) { verdict = e.message === 'TLE' ? 'TLE' : 'RE'; break; }
  }
  console.log(name + ': ' + verdict);
}`,
  expected: { status: 'completed', output: ['correct: AC', 'wrong: WA', 'slow: TLE'] },
} satisfies Example;
