import { describe, expect, it } from 'vitest';
import { base64Decode, base64Encode, hexDecode, percentDecode, reverse, rot13 } from './decode';
import { countEscapes } from './escapes';
import { exceedsUtf8, utf8Length } from './limits';

describe('decoders', () => {
  it('match their real counterparts', () => {
    expect(base64Decode('ZXZhbA==')).toBe('eval');
    expect(base64Decode('ZXZhbA')).toBe('eval');
    expect(base64Decode('ZX-_')).not.toBeNull(); // URL-safe alphabet
    expect(base64Decode('not base64!')).toBeNull();
    expect(base64Encode('hi')).toBe('aGk=');
    expect(base64Encode('é✓')).toBeNull(); // btoa throws outside Latin-1
    expect(hexDecode('65 76 61 6c')).toBe('eval');
    expect(hexDecode('6')).toBeNull();
    expect(rot13('riny')).toBe('eval');
    expect(percentDecode('%65%u0076al%')).toBe('eval%');
    expect(reverse('lave')).toBe('eval');
  });

  it('count escapes, and which ones spell printable text', () => {
    expect(countEscapes('"\\x65\\x76\\u0061\\u{6c}"')).toEqual({ escapes: 4, needless: 4 });
    expect(countEscapes('"\\x1b[31m\\n\\\\x41"')).toEqual({ escapes: 1, needless: 0 });
    expect(countEscapes('"\\101\\102"')).toEqual({ escapes: 2, needless: 2 });
  });

  it('measure UTF-8 without encoding', () => {
    expect(utf8Length('aé✓😀')).toBe(1 + 2 + 3 + 4);
    expect(utf8Length('\uD800')).toBe(3);
    expect(exceedsUtf8('é'.repeat(10), 19)).toBe(true);
    expect(exceedsUtf8('é'.repeat(10), 20)).toBe(false);
  });
});
