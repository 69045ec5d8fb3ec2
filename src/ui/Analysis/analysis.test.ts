import { describe, expect, it } from 'vitest';
import { higherTierAllowing, preview } from './analysis.svelte';

describe('analysis preview', () => {
  it('says nothing about empty code and allows plain code', () => {
    expect(preview('  ', 'javascript', 'standard')).toBeUndefined();
    expect(preview('console.log(1 + 1)', 'javascript', 'strict')?.evaluation.allowed).toBe(true);
  });

  it('finds no higher tier for what every tier blocks', () => {
    const blocked = preview(`globalThis['ev' + 'al']('1 + 1')`, 'javascript', 'standard');
    expect(blocked?.evaluation.allowed).toBe(false);
    const higher = higherTierAllowing(blocked!.analysis, 'standard');
    if (higher) expect(['extended', 'agent']).toContain(higher);
  });
});
