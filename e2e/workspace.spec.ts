import { expect, test } from '@playwright/test';
import { execute, openWith } from './app';

test('a file Python writes is read by JavaScript in the same session', async ({ page }) => {
  await openWith(page, 'python', 'print(1)');
  const session = { sessionId: 'shared', policy: 'extended' } as const;
  const write = await execute(page, {
    ...session, language: 'python',
    code: `import json\nwith open('/app/data.json', 'w') as f:\n    json.dump({"users": ["ada", "grace"]}, f)`,
  });
  expect(write.status).toBe('completed');
  expect(Object.keys(write.files ?? {})).toEqual(['data.json']);
  const read = await execute(page, {
    ...session, language: 'javascript',
    code: `const fs = require('fs');\nconsole.log(JSON.parse(fs.readFileSync('/app/data.json', 'utf8')).users.join(' & '));`,
  });
  expect(read.output).toBe('ada & grace\n');
  const back = await execute(page, { ...session, language: 'python', code: `import os\nprint(sorted(os.listdir('.')))`, files: { 'extra.txt': 'x' } });
  expect(back.output).toBe("['data.json', 'extra.txt']\n");
});

test('a read-only tier cannot write the workspace', async ({ page }) => {
  await openWith(page, 'python', 'print(1)');
  const result = await execute(page, { language: 'python', policy: 'standard', code: `open('x.txt', 'w').write('no')` });
  expect(result.status).toBe('error');
  expect(result.files).toBeUndefined();
});
