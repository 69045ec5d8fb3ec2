import fc from 'fast-check';

/**
 * JSON-RPC requests that must all be refused: each is a valid request with at least one change
 * that makes it invalid (a wrong envelope, an unknown method, or params that break a rule the
 * API documents), plus harmless noise. Ids are unique numbers so every reply can be matched.
 */

const js = { language: 'javascript', code: 'console.log("ran")' };
const BASES: Record<string, Record<string, unknown>> = {
  execute: { ...js, sessionId: 'fuzz' },
  'tools/call': { name: 'execute_code', arguments: js },
  'files.write': { sessionId: 'fuzz', path: 'a.txt', content: 'x' },
  'files.read': { sessionId: 'fuzz', path: 'a.txt' },
  'sessions.delete': { id: 'fuzz' },
  cancel: { id: 'exec_1' },
};

const junk = fc.oneof(fc.constant(null), fc.integer(), fc.double(), fc.boolean(), fc.string({ maxLength: 20 }), fc.constant([]), fc.constant({}), fc.constant({ __proto__: { polluted: true } }), fc.array(fc.integer(), { maxLength: 3 }));

/** Changes each of which the API must refuse, by method. */
const BREAKS: Record<string, fc.Arbitrary<(p: Record<string, unknown>) => void>[]> = {
  execute: [
    fc.constantFrom<unknown>(undefined, 42, null, {}, ['x'], true).map((v) => (p) => void (p['code'] = v)),
    fc.constantFrom<unknown>('cobol', '', 'JavaScript', 7, null, ['python']).map((v) => (p) => void (p['language'] = v)),
    fc.constantFrom<unknown>('v8', 'pyodide', 3, {}).map((v) => (p) => void (p['engine'] = v)),
    fc.constantFrom<unknown>('root', 'Agent', 42, {}, [], { name: 'agent' }, { name: 'mine', base: 'god' }, { name: 'mine', timeoutMs: -1 }).map((v) => (p) => void (p['policy'] = v)),
    fc.constantFrom<unknown>(-1, 'fast', {}, [], -Infinity).map((v) => (p) => void (p['timeout'] = v)),
    fc.constantFrom<unknown>('-1mb', 'lots', -10, {}, '64 parsecs').map((v) => (p) => void (p['memory'] = v)),
    fc.constantFrom<unknown>('ctx', [1], { '1bad': 1 }, { 'a-b': 2 }, { 'x y': 3 }, 5).map((v) => (p) => void (p['context'] = v)),
    fc.constantFrom<unknown>({ '../x': 'a' }, { '/etc/passwd': 'x' }, 'files', { a: 5 }, { '': 'x' }, { 'a\u0000b': 'x' }).map((v) => (p) => void (p['files'] = v)),
    fc.constantFrom<unknown>(5, {}, [], true).map((v) => (p) => void (p['sessionId'] = v)),
    fc.constantFrom<unknown>(5, {}, []).map((v) => (p) => void (p['stdin'] = v)),
  ],
  'tools/call': [
    fc.constantFrom<unknown>('rm_rf', '', 5, null, '__proto__', 'constructor').map((v) => (p) => void (p['name'] = v)),
    fc.constantFrom<unknown>('args', 5, null, [], { code: 5, language: 'javascript' }, { language: 'cobol', code: '1' }).map((v) => (p) => void (p['arguments'] = v)),
  ],
  'files.write': [
    fc.constantFrom<unknown>('../escape.txt', '/etc/passwd', '', 5, 'a\u0000b', '..', '/app/../x', 'a\\b').map((v) => (p) => void (p['path'] = v)),
    fc.constantFrom<unknown>(5, null, {}, []).map((v) => (p) => void (p['content'] = v)),
    fc.constantFrom<unknown>('utf16', 5, 'hex').map((v) => (p) => void (p['encoding'] = v)),
    fc.constantFrom<unknown>(5, {}, []).map((v) => (p) => void (p['sessionId'] = v)),
  ],
  'files.read': [fc.constantFrom<unknown>('../escape.txt', '/etc/passwd', '', 5, 'a\u0000b').map((v) => (p) => void (p['path'] = v))],
  'sessions.delete': [fc.constantFrom<unknown>(5, {}, [], null, true).map((v) => (p) => void (p['id'] = v))],
  cancel: [fc.constantFrom<unknown>(5, {}, [], null).map((v) => (p) => void (p['id'] = v))],
};

/** A request that is wrong in its envelope: the method or params are not what JSON-RPC allows. */
const badEnvelope = fc.oneof(
  fc.record({ jsonrpc: fc.constantFrom<unknown>('1.0', '2', 2, null, undefined), method: fc.constantFrom('execute', 'stats'), params: fc.constant(BASES['execute']) }),
  fc.record({ jsonrpc: fc.constant('2.0'), method: fc.oneof(fc.constantFrom<unknown>('rm -rf', 'toString', 'constructor', '__proto__', 'hasOwnProperty', 'execute ', 'EXECUTE', 'eval', '', 42, null, {}, []), fc.string({ maxLength: 12 })), params: fc.constant(BASES['execute']) }),
  fc.record({ jsonrpc: fc.constant('2.0'), method: fc.constantFrom('execute', 'tools/call', 'files.write'), params: fc.constantFrom<unknown>('params', 5, null, true, ['console.log(1)', 'javascript']) }),
);

/** A valid request broken by one to three of its method's breaking changes, with noise fields. */
const badParams = fc.constantFrom(...Object.keys(BASES)).chain((method) =>
  fc.tuple(fc.constant(method), fc.array(fc.oneof(...BREAKS[method]!), { minLength: 1, maxLength: 3 }), fc.dictionary(fc.constantFrom('extra', 'priority2', 'x-noise'), junk, { maxKeys: 2 })).map(([m, breaks, noise]) => {
    const params: Record<string, unknown> = { ...structuredClone(BASES[m]!), ...noise };
    const target = m === 'tools/call' && typeof params['arguments'] === 'object' && params['arguments'] !== null ? params : params;
    for (const brk of breaks) brk(target);
    return { jsonrpc: '2.0', method: m, params };
  }),
);

/** `count` malformed requests with ids 1…count, the same for a given seed. */
export function malformedRequests(count: number, seed: number): Record<string, unknown>[] {
  const messages = fc.sample(fc.oneof({ weight: 1, arbitrary: badEnvelope }, { weight: 3, arbitrary: badParams }), { numRuns: count, seed });
  return messages.map((message, i) => {
    const out: Record<string, unknown> = { ...(message as Record<string, unknown>), id: i + 1 };
    if (out['jsonrpc'] === undefined) delete out['jsonrpc'];
    return out;
  });
}
