import { describe, expect, it } from 'vitest';
import { executeRequest } from './params';
import { ErrorCode, parseMessage } from './protocol';

describe('parseMessage', () => {
  it('accepts requests and notifications', () => {
    expect(parseMessage({ jsonrpc: '2.0', id: 1, method: 'engines' })).toMatchObject({ kind: 'request', message: { id: 1, method: 'engines' } });
    expect(parseMessage('{"jsonrpc":"2.0","id":"a","method":"stats","params":{}}')).toMatchObject({ kind: 'request', message: { id: 'a' } });
    expect(parseMessage({ jsonrpc: '2.0', method: 'input.reply', params: { executionId: 'x', text: 'y' } })).toMatchObject({ kind: 'notification' });
    expect(parseMessage({ jsonrpc: '2.0', id: 3, result: 1 })).toEqual({ kind: 'response' });
  });

  it.each([
    ['not JSON', '{nope', ErrorCode.Parse],
    ['a number', 42, ErrorCode.InvalidRequest],
    ['null', null, ErrorCode.InvalidRequest],
    ['an array (batches are not supported)', [{ jsonrpc: '2.0', id: 1, method: 'x' }], ErrorCode.InvalidRequest],
    ['a wrong version', { jsonrpc: '1.0', id: 1, method: 'x' }, ErrorCode.InvalidRequest],
    ['a missing method', { jsonrpc: '2.0', id: 1 }, ErrorCode.InvalidRequest],
    ['a non-string method', { jsonrpc: '2.0', id: 1, method: 7 }, ErrorCode.InvalidRequest],
    ['an object id', { jsonrpc: '2.0', id: {}, method: 'x' }, ErrorCode.InvalidRequest],
    ['scalar params', { jsonrpc: '2.0', id: 1, method: 'x', params: 'p' }, ErrorCode.InvalidRequest],
  ])('refuses %s', (_name, data, code) => {
    const parsed = parseMessage(data);
    expect(parsed.kind).toBe('invalid');
    if (parsed.kind === 'invalid') expect(parsed.error.code).toBe(code);
  });

  it('keeps the id of an invalid request so the answer can be matched', () => {
    expect(parseMessage({ jsonrpc: '1.0', id: 9, method: 'x' })).toMatchObject({ kind: 'invalid', id: 9 });
  });
});

describe('executeRequest', () => {
  const check = (params: unknown, max = 1000) => executeRequest(params, max);

  it('passes a valid request through, dropping unknown fields', () => {
    expect(check({ code: '1', language: 'javascript', engine: 'quickjs-ng', timeout: 100, extra: true })).toEqual({
      ok: true,
      value: { code: '1', language: 'javascript', engine: 'quickjs-ng', timeout: 100 },
    });
  });

  it.each([
    [{ language: 'python' }, 'code'],
    [{ code: 1, language: 'python' }, 'code'],
    [{ code: '1' }, 'language'],
    [{ code: '1', language: 'python', engine: 'quickjs' }, 'engine'],
    [{ code: '1', language: 'python', engine: 'v8' }, 'engine'],
    [{ code: '1', language: 'python', timeout: -1 }, 'timeout'],
    [{ code: '1', language: 'python', context: [] }, 'context'],
    [{ code: '1', language: 'python', sessionId: 4 }, 'sessionId'],
    [{ code: '1', language: 'python', files: { 'a.txt': 1 } }, 'files.a.txt'],
  ])('names the bad field in %j', (params, field) => {
    const checked = check(params);
    expect(checked.ok).toBe(false);
    if (!checked.ok && 'error' in checked) {
      expect(checked.error).toMatchObject({ code: ErrorCode.InvalidParams, data: { field } });
      expect(checked.error.message).toContain(field);
    }
  });

  it('measures code in UTF-8 bytes against the limit', () => {
    expect(check({ code: 'é'.repeat(501), language: 'python' })).toEqual({ ok: false, tooLarge: 1002 });
    expect(check({ code: 'x', language: 'python', files: { a: 'y'.repeat(1000) } })).toEqual({ ok: false, tooLarge: 1001 });
  });
});
