import { describe, expect, it } from 'vitest';
import { compressToEncodedURIComponent } from 'lz-string';
import { formatHash, parseHash } from './hash-state';

const fallback = { language: 'javascript', engine: 'quickjs', policy: 'standard' } as const;

describe('hash state', () => {
  it('round-trips every field, code included', () => {
    const state = { language: 'python', engine: 'cpython', policy: 'strict', code: 'print("a+b=$x", 1 + 2)\n' } as const;
    expect(parseHash(formatHash(state), fallback)).toEqual(state);
  });

  it('reads the documented format', () => {
    const hash = `#lang=python&engine=cpython&policy=extended&code=${compressToEncodedURIComponent('x = 1')}`;
    expect(parseHash(hash, fallback)).toEqual({ language: 'python', engine: 'cpython', policy: 'extended', code: 'x = 1' });
  });

  it('falls back per field and never pairs an engine with the wrong language', () => {
    expect(parseHash('#lang=python&engine=quickjs&policy=nope', fallback)).toEqual({
      language: 'python', engine: 'cpython', policy: 'standard', code: undefined,
    });
    expect(parseHash('#lang=ruby&code=%%%', fallback)).toEqual({ ...fallback, code: undefined });
    expect(parseHash('', fallback)).toEqual({ ...fallback, code: undefined });
  });
});
