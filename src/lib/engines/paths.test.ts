import { describe, expect, it } from 'vitest';
import { normalizeWorkspacePath } from './paths';

describe('normalizeWorkspacePath', () => {
  it.each([
    ['a.txt', 'a.txt'], ['./a.txt', 'a.txt'], ['/app/a.txt', 'a.txt'], ['/app/x/../a.txt', 'a.txt'],
    ['dir//sub/./f', 'dir/sub/f'], ['a/b/', 'a/b'],
  ])('%s → %s', (input, expected) => expect(normalizeWorkspacePath(input)).toEqual({ ok: true, value: expected }));

  it.each(['', '/', '/app', '/app/', '..', '../x', 'a/../../x', '/etc/passwd', '/application/x', 'a\0b', 'a\\b', '/app/../etc'])(
    'refuses %j with a reason',
    (input) => {
      const result = normalizeWorkspacePath(input);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error.length).toBeGreaterThan(5);
    },
  );
});
