import { describe, expect, it } from 'vitest';
import { databaseNameFor, originAllowed } from './origins';

describe('originAllowed', () => {
  it('matches exact origins, normalising the list', () => {
    const list = ['https://Docs.Example.com/', 'http://localhost:4174'];
    expect(originAllowed('https://docs.example.com', list)).toBe(true);
    expect(originAllowed('http://localhost:4174', list)).toBe(true);
    expect(originAllowed('http://localhost:4175', list)).toBe(false);
    expect(originAllowed('https://docs.example.com.evil.test', list)).toBe(false);
    expect(originAllowed('http://docs.example.com', list)).toBe(false);
  });

  it('lets "*" allow anything, and opaque senders only through "*"', () => {
    expect(originAllowed('https://anything.test', ['*'])).toBe(true);
    expect(originAllowed('null', ['null'])).toBe(false);
    expect(originAllowed('null', ['*'])).toBe(true);
    expect(originAllowed('https://a.test', [])).toBe(false);
  });
});

describe('databaseNameFor', () => {
  it('gives each origin its own stable name', async () => {
    const a = await databaseNameFor('https://a.test');
    expect(a).toMatch(/^sandcell-embed-[0-9a-f]{16}$/);
    expect(await databaseNameFor('https://a.test')).toBe(a);
    expect(await databaseNameFor('https://b.test')).not.toBe(a);
  });
});
