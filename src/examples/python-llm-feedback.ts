import type { Example } from './types';

export default {
  id: 'python-llm-feedback',
  title: 'LLM-style feedback on failure',
  level: 'intermediate',
  demonstrates: 'Catching a failure and turning the traceback into a short hint an agent could act on.',
  language: 'python',
  policy: 'extended',
  code: `import traceback

def average(xs):
    return sum(xs) / len(xs)

try:
    average([])
except Exception as e:
    frame = traceback.extract_tb(e.__traceback__)[-1]
    print(f"FAILED: {type(e).__name__} in {frame.name}() at line {frame.lineno}")
    print("HINT: guard against an empty list before dividing by its length")`,
  expected: { status: 'completed', output: ['FAILED: ZeroDivisionError in average()', 'HINT: guard against an empty list'] },
} satisfies Example;
