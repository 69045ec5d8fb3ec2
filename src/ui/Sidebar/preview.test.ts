import { describe, expect, it } from 'vitest';
import { hexDump, parseCsv, previewKind } from './preview';

describe('preview', () => {
  it('tells the kinds apart', () => {
    const text = new TextEncoder().encode('a,b\n1,2\n');
    expect(previewKind('data.csv', text)).toBe('csv');
    expect(previewKind('x.json', text)).toBe('json');
    expect(previewKind('logo.svg', text)).toBe('image');
    expect(previewKind('blob.bin', new Uint8Array([0, 1, 2, 255]))).toBe('hex');
  });

  it('parses quoted CSV fields', () => {
    expect(parseCsv('a,"b,c"\n"say ""hi""",2')).toEqual([['a', 'b,c'], ['say "hi"', '2']]);
  });

  it('dumps bytes as hex with their ASCII', () => {
    expect(hexDump(new Uint8Array([72, 105, 0]))).toBe('00000000  48 69 00' + ' '.repeat(39) + '  Hi.');
  });
});
