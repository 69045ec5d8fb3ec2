import { describe, expect, it } from 'vitest';
import { customPermissions, validateCustomPolicy } from './custom-policy';
import { TIERS } from './tiers';

function errors(json: unknown): readonly string[] {
  const v = validateCustomPolicy(json);
  return v.ok ? [] : v.errors;
}

describe('validateCustomPolicy', () => {
  it('fills what is missing from the base tier', () => {
    const v = validateCustomPolicy({ name: 'ci', base: 'extended' });
    expect(v).toEqual({
      ok: true,
      value: {
        name: 'ci', base: 'extended', blockLevel: 'critical', blockCategories: [], allowRules: [], maxScore: null,
        timeoutMs: TIERS.extended.timeoutMs, memoryBytes: TIERS.extended.memoryBytes, fs: 'write', eval: true,
        javascriptModules: '*', pythonModules: '*',
      },
    });
  });

  it('takes JSON text and every field', () => {
    const v = validateCustomPolicy(JSON.stringify({
      name: 'reports', base: 'strict', blockLevel: 'medium', blockCategories: ['network', 'network'], allowRules: ['filesystem/read'],
      maxScore: 6, timeoutMs: 2000, memoryBytes: 16 * 1024 * 1024, fs: 'read', eval: false, javascriptModules: ['path'], pythonModules: ['csv', 'os.path'],
    }));
    expect(v.ok && v.value).toMatchObject({ blockCategories: ['network'], pythonModules: ['csv', 'os.path'], timeoutMs: 2000 });
    expect(v.ok && customPermissions(v.value, 'python')).toEqual({ tier: 'reports', fs: 'read', eval: false, modules: ['csv', 'os.path'] });
  });

  it.each([
    [null, 'policy: must be a JSON object, got null'],
    ['{nope', 'policy: not valid JSON'],
    [{}, 'name: required'],
    [{ name: 'strict' }, 'name: "strict" is a built-in tier'],
    [{ name: 'x', base: 'lax' }, 'base: must be one of strict, standard, extended, agent, got "lax"'],
    [{ name: 'x', blockLevel: 'severe' }, 'blockLevel: must be one of low, medium, high, critical'],
    [{ name: 'x', blockCategories: 'network' }, 'blockCategories: must be an array'],
    [{ name: 'x', blockCategories: ['network', 'netwrok'] }, 'blockCategories[1]: "netwrok" is not a category'],
    [{ name: 'x', allowRules: ['code-injection/evil'] }, 'allowRules[0]: "code-injection/evil" is not a known rule'],
    [{ name: 'x', allowRules: ['eval'] }, 'allowRules[0]: "eval" is not a rule id'],
    [{ name: 'x', maxScore: -1 }, 'maxScore: must be a non-negative integer or null, got -1'],
    [{ name: 'x', timeoutMs: 120_000 }, 'timeoutMs: must be an integer number of milliseconds from 100 to 60000, got 120000'],
    [{ name: 'x', memoryBytes: '64mb' }, 'memoryBytes: must be an integer number of bytes'],
    [{ name: 'x', fs: 'rw' }, 'fs: must be "none", "read" or "write", got "rw"'],
    [{ name: 'x', eval: 'yes' }, 'eval: must be true or false, got "yes"'],
    [{ name: 'x', pythonModules: ['os', 'a b'] }, 'pythonModules[1]: "a b" is not a module name'],
    [{ name: 'x', javascriptModules: 'all' }, 'javascriptModules: must be "*" or an array'],
    [{ name: 'x', network: 'full' }, 'network: unknown field'],
  ])('names the field: %j', (input, message) => {
    expect(errors(input).some((e) => e.startsWith(message)), errors(input).join('\n')).toBe(true);
  });

  it('reports every invalid field at once', () => {
    expect(errors({ name: '', base: 'x', fs: 1, eval: 0 }).map((e) => e.split(':')[0])).toEqual(['name', 'base', 'fs', 'eval']);
  });
});
