import type { Example } from './types';

export default {
  id: 'api-mocking',
  title: 'API mocking with a test suite',
  level: 'intermediate',
  demonstrates: 'A fake HTTP API in memory and a tiny test runner that checks a client against it.',
  language: 'javascript',
  policy: 'standard',
  code: `const users = new Map([[1, { id: 1, name: 'Ada' }]]);
const api = {
  async get(path) {
    const id = Number(path.split('/').pop());
    return users.has(id) ? { status: 200, body: users.get(id) } : { status: 404, body: { error: 'not found' } };
  },
  async post(path, body) {
    const id = users.size + 1;
    users.set(id, { id, ...body });
    return { status: 201, body: users.get(id) };
  },
};
const client = { name: async (id) => { const r = await api.get('/users/' + id); return r.status === 200 ? r.body.name : null; } };
const tests = {
  'finds a user': async () => (await client.name(1)) === 'Ada',
  'misses politely': async () => (await client.name(9)) === null,
  'creates a user': async () => (await api.post('/users', { name: 'Lin' })).status === 201 && (await client.name(2)) === 'Lin',
};
let passed = 0;
for (const [name, t] of Object.entries(tests)) {
  const ok = await t();
  passed += ok ? 1 : 0;
  console.log(ok ? 'PASS' : 'FAIL', name);
}
console.log(passed + '/' + Object.keys(tests).length + ' passed');`,
  expected: { status: 'completed', output: ['PASS finds a user', 'PASS creates a user', '3/3 passed'] },
} satisfies Example;
