import { describe, expect, it } from 'vitest';
import { PAGE_CSP, PAGE_CSP_DIRECTIVES, WORKER_CSP, WORKER_CSP_DIRECTIVES } from './csp';

const allSources = (directives: Record<string, readonly string[]>) => Object.values(directives).flat();

describe('the shipped policies', () => {
  it.each([
    ['page', PAGE_CSP_DIRECTIVES],
    ['worker', WORKER_CSP_DIRECTIVES],
  ])('the %s policy connects only to its own origin and names no other origin', (_, directives) => {
    expect(directives['connect-src']).toEqual(["'self'"]);
    for (const source of allSources(directives)) expect(source).toMatch(/^('[a-z-]+'|data:|blob:)$/);
  });

  it('the page allows no JavaScript eval, only WebAssembly compilation (for the blob workers that inherit it)', () => {
    expect(PAGE_CSP).not.toContain("'unsafe-eval'");
    expect(PAGE_CSP_DIRECTIVES['script-src']).toEqual(["'self'", "'wasm-unsafe-eval'"]);
    expect(PAGE_CSP_DIRECTIVES['object-src']).toEqual(["'none'"]);
  });

  it('workers may compile WebAssembly, and nothing more', () => {
    expect(WORKER_CSP_DIRECTIVES['script-src']).toEqual(["'self'", "'wasm-unsafe-eval'"]);
    expect(WORKER_CSP).not.toMatch(/'unsafe-eval'|'unsafe-inline'/);
  });

  it('serializes as name and sources, directives apart', () => {
    expect(WORKER_CSP).toBe("default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; connect-src 'self'; object-src 'none'; base-uri 'none'");
  });
});
