import { describe, expect, it, vi } from 'vitest';
import { OutputCollector, utf8Length } from './output';
import type { OutputChunk } from './protocol';

describe('OutputCollector', () => {
  it('keeps everything under the cap and streams it in order', () => {
    const sent: OutputChunk[] = [];
    const out = new OutputCollector(100, (chunks) => sent.push(...chunks));
    out.write('stdout', 'a');
    out.write('stderr', 'b');
    out.write('stdout', 'c');
    const result = out.finish();
    expect(result).toEqual({ stdout: 'ac', stderr: 'b', truncated: false, outputBytes: 3 });
    expect(sent.map((c) => `${c.stream}:${c.text}`).join('|')).toMatch(/^stdout:a\|stderr:b\|stdout:c$|^stdout:a\|stderr:b\|stdout:c$/);
  });

  it('keeps the head and the tail of a flood with a marker, in bounded memory', () => {
    const out = new OutputCollector(1000, () => {});
    for (let i = 0; i < 100_000; i++) out.write('stdout', `line ${i}\n`);
    const { stdout, truncated, outputBytes } = out.finish();
    expect(truncated).toBe(true);
    expect(stdout.startsWith('line 0\nline 1\n')).toBe(true);
    expect(stdout.endsWith('line 99999\n')).toBe(true);
    expect(stdout).toMatch(/\[… \d+ characters truncated …\]/);
    expect(stdout.length).toBeLessThan(1100);
    expect(outputBytes).toBeGreaterThan(1_000_000);
  });

  it('streams only the head, then says once that the rest is held back', () => {
    const sent: OutputChunk[] = [];
    const out = new OutputCollector(10, (chunks) => sent.push(...chunks));
    for (let i = 0; i < 100; i++) out.write('stdout', '0123456789');
    out.finish();
    const text = sent.map((c) => c.text).join('');
    expect(text.startsWith('01234')).toBe(true);
    expect(text.match(/output truncated/g)).toHaveLength(1);
  });

  it('batches writes that come faster than the flush interval', () => {
    vi.useFakeTimers();
    try {
      const send = vi.fn();
      const out = new OutputCollector(10_000, send);
      out.write('stdout', 'a');
      for (let i = 0; i < 50; i++) out.write('stdout', 'b');
      expect(send.mock.calls.length).toBeLessThanOrEqual(2);
      vi.advanceTimersByTime(100);
      const all = send.mock.calls.flatMap(([chunks]) => chunks as OutputChunk[]).map((c) => c.text).join('');
      expect(all).toBe('a' + 'b'.repeat(50));
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('utf8Length', () => {
  it.each(['', 'abc', 'é', '€', '😀', 'a😀é€'])('matches TextEncoder for %j', (text) => {
    expect(utf8Length(text)).toBe(new TextEncoder().encode(text).length);
  });
});
