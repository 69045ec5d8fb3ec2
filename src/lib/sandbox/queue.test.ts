import { describe, expect, it } from 'vitest';
import { RunQueue, type Queued } from './queue';

interface Job extends Queued {
  name: string;
}
const job = (name: string, priority = 0, sessionKey?: string): Job => ({ name, priority, sessionKey });

describe('RunQueue', () => {
  it('starts higher priorities first and keeps arrival order within one', () => {
    const q = new RunQueue<Job>();
    for (const j of [job('a'), job('b', 5), job('c'), job('d', 5), job('e', -1)]) q.push(j);
    const order: string[] = [];
    for (let j = q.take(() => true); j; j = q.take(() => true)) order.push(j.name);
    expect(order).toEqual(['b', 'd', 'a', 'c', 'e']);
  });

  it('never lets a later run of a session overtake an earlier one', () => {
    const q = new RunQueue<Job>();
    const first = job('s1-first', 0, 's1');
    q.push(first);
    q.push(job('s1-urgent', 10, 's1'));
    q.push(job('other', 0));
    expect(q.take(() => true)?.name).toBe('s1-first');
    expect(q.take(() => true)?.name).toBe('s1-urgent');
  });

  it('skips what cannot start and takes the next that can', () => {
    const q = new RunQueue<Job>();
    q.push(job('busy', 1, 'busy-session'));
    q.push(job('free', 0));
    expect(q.take((j) => j.sessionKey !== 'busy-session')?.name).toBe('free');
    expect(q.size).toBe(1);
  });

  it('reports positions and removes cancelled entries', () => {
    const q = new RunQueue<Job>();
    const a = job('a');
    const b = job('b');
    q.push(a);
    q.push(b);
    expect(q.position(b)).toBe(2);
    expect(q.remove(a)).toBe(true);
    expect(q.position(b)).toBe(1);
    expect(q.position(a)).toBe(0);
    expect(q.drain()).toEqual([b]);
  });
});
