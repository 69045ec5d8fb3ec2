import type { Example } from './types';

export default {
  id: 'python-hello',
  title: 'Hello from Python',
  level: 'beginner',
  demonstrates: 'CPython compiled to WebAssembly, running in a worker.',
  language: 'python',
  policy: 'standard',
  code: `import math
print("Hello from Python")
print(sum(n * n for n in range(5)), round(math.pi, 3))`,
  expected: { status: 'completed', output: ['Hello from Python', '30 3.142'] },
} satisfies Example;
