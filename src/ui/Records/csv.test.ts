import { describe, expect, it } from 'vitest';
import { toCsv } from './csv';

describe('toCsv', () => {
  it('quotes what must be quoted and writes objects as JSON', () => {
    expect(toCsv([{ a: 'x,y', b: { k: 1 }, c: null }], ['a', 'b', 'c'])).toBe('a,b,c\r\n"x,y","{""k"":1}",\r\n');
  });
});
