import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { sha256Hex, sha256HexSync } from './hash';
import { canonicalJson } from './json';

describe('sha256', () => {
  it('matches the standard vectors, synchronously too', async () => {
    const vectors: Array<[string, string]> = [
      ['', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'],
      ['abc', 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'],
      ['abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq', '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1'],
    ];
    for (const [input, expected] of vectors) {
      expect(await sha256Hex(input)).toBe(expected);
      expect(sha256HexSync(input)).toBe(expected);
    }
  });

  it('agrees with node:crypto on every length around the block boundaries', () => {
    for (let length = 0; length < 200; length++) {
      const data = randomBytes(length);
      expect(sha256HexSync(new Uint8Array(data))).toBe(createHash('sha256').update(data).digest('hex'));
    }
  });
});

describe('canonicalJson', () => {
  it('sorts keys at every depth and drops undefined members', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: undefined } })).toBe('{"a":{"d":[1,{"y":2,"z":1}]},"b":1}');
  });

  it('refuses values JSON cannot carry', () => {
    expect(() => canonicalJson({ a: Number.NaN })).toThrow(TypeError);
    expect(() => canonicalJson({ a: 1n })).toThrow(TypeError);
  });
});
