import { describe, expect, it } from 'vitest';
import type { Permissions } from '../protocol';
import { esModuleSource, resolveModule } from './modules';

const open: Permissions = { tier: 'open', fs: 'write', eval: true, modules: '*' };
const strict: Permissions = { tier: 'strict', fs: 'none', eval: false, modules: ['path'] };

function refusal(request: string, permissions = open): string {
  const result = resolveModule(request, permissions);
  if (result.ok) throw new Error(`expected ${request} to be refused`);
  return `${result.error.code}: ${result.error.message}`;
}

describe('resolveModule', () => {
  it('maps built-ins, node: prefixes and sub-paths to guest modules', () => {
    expect(resolveModule('fs', open)).toMatchObject({ ok: true, name: 'fs', entry: { id: 'sandcell:fs' } });
    expect(resolveModule('node:fs/promises', open)).toMatchObject({ ok: true, name: 'fs/promises', entry: { id: 'sandcell:fs', property: 'promises' } });
    expect(resolveModule('path', strict)).toMatchObject({ ok: true, entry: { id: 'path' } });
  });

  it('refuses modules outside the policy, naming module and tier', () => {
    expect(refusal('fs', { ...strict, fs: 'write' })).toBe('ERR_ACCESS_DENIED: module "fs" is not allowed under the strict policy');
    expect(refusal('node:events', strict)).toBe('ERR_ACCESS_DENIED: module "events" is not allowed under the strict policy');
    expect(resolveModule('node:path', { ...strict, modules: ['node:path'] }).ok).toBe(true);
  });

  it('says no workspace is mounted when fs is off', () => {
    expect(refusal('fs/promises', { ...open, fs: 'none' })).toBe('ERR_ACCESS_DENIED: module "fs" is not available: no workspace is mounted under the open policy');
  });

  it('refuses files, URLs and packages, and never fetches', () => {
    expect(refusal('./util.js')).toMatch(/^MODULE_NOT_FOUND: Cannot find module '.\/util.js': the sandbox has no module files/);
    expect(refusal('/abs.js')).toMatch(/no module files/);
    expect(refusal('https://esm.sh/lodash')).toMatch(/never fetches anything/);
    expect(refusal('data:text/javascript,export default 1')).toMatch(/never fetches anything/);
    expect(refusal('lodash')).toMatch(/Cannot find module 'lodash': only the built-in modules fs, path, util, events and buffer can be imported \(no npm packages\)/);
    expect(refusal('child_process')).toMatch(/Cannot find module 'child_process'/);
  });
});

describe('esModuleSource', () => {
  it('re-exports identifier keys and skips reserved words', () => {
    const source = esModuleSource('fs', ['readFileSync', 'default', 'delete', 'a-b', 'promises'], 'sandcell.import');
    expect(source).toContain('export default ns.default;');
    expect(source).toContain('export const { readFileSync, promises } = ns;');
  });
});
