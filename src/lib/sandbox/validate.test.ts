import { describe, expect, it } from 'vitest';
import { InvalidRequestError } from './errors';
import { MAX_CODE_BYTES, parseMemory, validateRequest } from './validate';
import type { ExecuteRequest } from './types';

const base: ExecuteRequest = { code: 'print(1)', language: 'python' };

function fieldOf(request: unknown): string {
  try {
    validateRequest(request as ExecuteRequest);
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidRequestError);
    return (error as InvalidRequestError).field;
  }
  throw new Error('request was accepted');
}

describe('validateRequest', () => {
  it('resolves defaults from the language and the standard tier', () => {
    const valid = validateRequest(base);
    expect(valid).toMatchObject({ engine: 'cpython', policy: 'standard', timeoutMs: 15_000, memoryBytes: 64 * 1024 * 1024, priority: 0 });
    expect(validateRequest({ code: '1', language: 'javascript' }).engine).toBe('quickjs');
  });

  it.each([
    [{ ...base, code: '' }, 'code'],
    [{ ...base, code: '   \n' }, 'code'],
    [{ ...base, code: 42 }, 'code'],
    [{ ...base, code: 'x'.repeat(MAX_CODE_BYTES + 1) }, 'code'],
    [{ ...base, code: 'é'.repeat(MAX_CODE_BYTES / 2 + 1) }, 'code'],
    [{ ...base, language: 'ruby' }, 'language'],
    [{ ...base, engine: 'v8' }, 'engine'],
    [{ ...base, engine: 'quickjs' }, 'engine'],
    [{ ...base, policy: 'lax' }, 'policy'],
    [{ ...base, timeout: -1 }, 'timeout'],
    [{ ...base, timeout: 0 }, 'timeout'],
    [{ ...base, timeout: Number.NaN }, 'timeout'],
    [{ ...base, timeout: 20_000 }, 'timeout'],
    [{ ...base, policy: 'strict', memory: '64mb' }, 'memory'],
    [{ ...base, memory: 'lots' }, 'memory'],
    [{ ...base, memory: 10 }, 'memory'],
    [{ ...base, context: [] }, 'context'],
    [{ ...base, context: 'x' }, 'context'],
    [{ ...base, context: { f: () => 1 } }, 'context'],
    [{ ...base, context: { when: new Date() } }, 'context'],
    [{ ...base, context: { big: 1n } }, 'context'],
    [{ ...base, context: { n: Number.POSITIVE_INFINITY } }, 'context'],
    [{ ...base, context: { 'not a name': 1 } }, 'context.not a name'],
    [{ ...base, stdin: 5 }, 'stdin'],
    [{ ...base, sessionId: '../x' }, 'sessionId'],
    [{ ...base, sessionId: 'a/b' }, 'sessionId'],
    [{ ...base, files: { '../x': 'y' } }, 'files["../x"]'],
    [{ ...base, files: { '/etc/passwd': 'y' } }, 'files["/etc/passwd"]'],
    [{ ...base, files: { 'a.txt': 5 } }, 'files["a.txt"]'],
    [{ ...base, outputLimit: -5 }, 'outputLimit'],
  ])('refuses %# naming the field', (request, field) => {
    expect(fieldOf(request)).toBe(field);
  });

  it('refuses a circular context', () => {
    const loop: Record<string, unknown> = {};
    loop.self = loop;
    expect(fieldOf({ ...base, context: { loop } })).toBe('context');
  });

  it('accepts less than the tier allows, and normalises workspace paths', () => {
    const valid = validateRequest({ ...base, policy: 'strict', timeout: 100, memory: '16mb', files: { '/app/a/b.txt': 'hi', './c': new Uint8Array([1]) } });
    expect(valid.timeoutMs).toBe(100);
    expect(valid.memoryBytes).toBe(16 * 1024 * 1024);
    expect(Object.keys(valid.files)).toEqual(['a/b.txt', 'c']);
    expect(new TextDecoder().decode(valid.files['a/b.txt'])).toBe('hi');
  });

  it('names the tier maximum in the message', () => {
    expect(() => validateRequest({ ...base, policy: 'strict', timeout: 6_000 })).toThrow(/strict policy's maximum of 5000 ms/);
  });
});

describe('parseMemory', () => {
  it.each([
    ['64mb', 64 * 1024 ** 2], ['64 MB', 64 * 1024 ** 2], ['512kb', 512 * 1024], ['1gb', 1024 ** 3], ['1.5mb', 1.5 * 1024 ** 2],
    ['2048', 2048], [4096, 4096],
  ])('%s → %d bytes', (input, bytes) => expect(parseMemory(input)).toBe(bytes));

  it.each(['', 'mb', '-1mb', '1tb', 'ten', 1.5, -1, 0])('refuses %s', (input) => expect(parseMemory(input)).toBeUndefined());
});
