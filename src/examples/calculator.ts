import type { Example } from './types';

export default {
  id: 'calculator',
  title: 'Calculator',
  level: 'beginner',
  demonstrates: 'A shunting-yard parser that evaluates arithmetic without eval.',
  language: 'javascript',
  policy: 'strict',
  code: `const PREC = { '+': 1, '-': 1, '*': 2, '/': 2, '^': 3 };
function calc(expr) {
  const out = [], ops = [];
  for (const tok of expr.match(/\\d+(?:\\.\\d+)?|[-+*/^()]/g)) {
    if (/\\d/.test(tok)) out.push(Number(tok));
    else if (tok === '(') ops.push(tok);
    else if (tok === ')') { while (ops.at(-1) !== '(') out.push(ops.pop()); ops.pop(); }
    else {
      while (ops.length && ops.at(-1) !== '(' && (PREC[ops.at(-1)] > PREC[tok] || (PREC[ops.at(-1)] === PREC[tok] && tok !== '^'))) out.push(ops.pop());
      ops.push(tok);
    }
  }
  const stack = [];
  for (const t of [...out, ...ops.reverse()]) {
    if (typeof t === 'number') { stack.push(t); continue; }
    const b = stack.pop(), a = stack.pop();
    stack.push(t === '+' ? a + b : t === '-' ? a - b : t === '*' ? a * b : t === '/' ? a / b : a ** b);
  }
  return stack[0];
}
for (const e of ['1 + 2 * 3', '(1 + 2) * 3', '2 ^ 3 ^ 2']) console.log(e, '=', calc(e));`,
  expected: { status: 'completed', output: ['1 + 2 * 3 = 7', '(1 + 2) * 3 = 9', '2 ^ 3 ^ 2 = 512'] },
} satisfies Example;
