import type { Language } from '../types';
import { CORPUS } from './corpus';
import { buildSample } from './snippets';

/** About `bytes` of realistic code built from the benign corpus, for benchmarks. */
export function benignSample(language: Language, bytes = 100 * 1024): string {
  return buildSample(CORPUS, language, bytes);
}
