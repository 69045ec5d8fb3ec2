import type { Example } from './types';

export default {
  id: 'code-review-bot',
  title: 'Code-review bot',
  level: 'intermediate',
  demonstrates: 'Line-by-line review comments on a diff: long lines, debug output, loose equality.',
  language: 'javascript',
  policy: 'standard',
  code: `const diff = [
  'function total(items) {',
  '  console.log(items)',
  '  if (items.length == 0) return 0;',
  '  return items.reduce((sum, item) => sum + item.price * item.quantity * (1 - item.discount), 0) + shippingFor(items);',
  '}',
];
const rules = [
  [/console\\.log/, 'remove debug output'],
  [/[^=!]==[^=]/, 'use === instead of =='],
  [/^.{100,}$/, 'line longer than 100 characters'],
];
const comments = [];
diff.forEach((line, i) => { for (const [re, msg] of rules) if (re.test(line)) comments.push('L' + (i + 1) + ': ' + msg); });
console.log(comments.join('\\n'));
console.log(comments.length + ' comments');`,
  expected: { status: 'completed', output: ['L2: remove debug output', 'L3: use === instead of ==', 'L4: line longer than 100 characters', '3 comments'] },
} satisfies Example;
