import type { Example } from './types';

export default {
  id: 'task-scheduler',
  title: 'Scheduled-task runner',
  level: 'intermediate',
  demonstrates: 'Interval tasks on a simulated clock, with a retry for a task that fails once.',
  language: 'javascript',
  policy: 'standard',
  code: `let flaky = 0;
const tasks = [
  { name: 'heartbeat', every: 2, run: () => 'ok' },
  { name: 'report', every: 5, run: () => { if (flaky++ === 0) throw new Error('busy'); return 'sent'; } },
];
const log = [];
for (let t = 1; t <= 10; t++) {
  for (const task of tasks) {
    if (t % task.every) continue;
    try { log.push(t + ':' + task.name + '=' + task.run()); }
    catch (e) { log.push(t + ':' + task.name + ' failed (' + e.message + '), retry=' + task.run()); }
  }
}
console.log(log.join('\\n'));`,
  expected: { status: 'completed', output: ['2:heartbeat=ok', '5:report failed (busy), retry=sent', '10:report=sent'] },
} satisfies Example;
