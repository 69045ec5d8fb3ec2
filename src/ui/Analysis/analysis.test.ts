import { describe, expect, it } from 'vitest';
import { higherTierAllowing, preview } from './analysis.svelte';

describe('analysis preview', () => {
  it('says nothing about empty code and allows plain code', async () => {
    expect(await preview('  ', 'javascript', 'standard')).toBeUndefined();
    expect((await preview('console.log(1 + 1)', 'javascript', 'strict'))?.evaluation.allowed).toBe(true);
  });

  it('finds no higher tier for what every tier blocks', async () => {
    const blocked = await preview(`globalThis['ev' + 'al']('1 + 1')`, 'javascript', 'standard');
    expect(blocked?.evaluation.allowed).toBe(false);
    const higher = higherTierAllowing(blocked!.analysis, 'standard');
    if (higher) expect(['extended', 'agent']).toContain(higher);
  });
});
