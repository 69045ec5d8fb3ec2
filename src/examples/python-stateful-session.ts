import type { Example } from './types';

export default {
  id: 'python-stateful-session',
  title: 'Stateful session',
  level: 'beginner',
  demonstrates: 'Variables survive between runs: run it twice and the counter goes up (Reset session starts over).',
  language: 'python',
  policy: 'standard',
  code: `try:
    counter += 1
except NameError:
    counter = 1
print("run number", counter)`,
  expected: { status: 'completed', output: ['run number 1'], again: ['run number 2'] },
} satisfies Example;
