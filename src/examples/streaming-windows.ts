import type { Example } from './types';

export default {
  id: 'streaming-windows',
  title: 'Streaming windows with backpressure',
  level: 'advanced',
  demonstrates: 'An async generator producer, a bounded buffer that pauses it, and tumbling-window averages.',
  language: 'javascript',
  policy: 'standard',
  code: `async function* readings() {
  for (let i = 1; i <= 12; i++) yield i * 10;
}
class Buffer {
  constructor(limit) { this.limit = limit; this.items = []; this.paused = 0; }
  get full() { return this.items.length >= this.limit; }
}
const buffer = new Buffer(4);
const windows = [];
for await (const value of readings()) {
  if (buffer.full) {
    buffer.paused++;
    windows.push(buffer.items.reduce((a, b) => a + b, 0) / buffer.items.length);
    buffer.items = [];
  }
  buffer.items.push(value);
}
windows.push(buffer.items.reduce((a, b) => a + b, 0) / buffer.items.length);
console.log('window averages:', windows.join(', '));
console.log('producer paused', buffer.paused, 'times');`,
  expected: { status: 'completed', output: ['window averages: 25, 65, 105', 'producer paused 2 times'] },
} satisfies Example;
