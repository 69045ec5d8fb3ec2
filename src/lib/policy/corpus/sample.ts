import type { Language } from '../types';
import { CORPUS } from './corpus';

/**
 * About `bytes` of realistic code built from the benign corpus, for benchmarks: JavaScript
 * snippets each in their own block (so declarations do not clash), Python snippets as they are.
 */
export function benignSample(language: Language, bytes = 100 * 1024): string {
  const parts = CORPUS.filter((s) => s.language === language && s.label === 'benign')
    .filter((s) => language === 'python' || !(s.code.includes('import ') || s.code.includes('export ')))
    .map((s) => (language === 'javascript' ? `{\n${s.code}}\n` : `${s.code}\n`));
  let out = '';
  for (let i = 0; out.length < bytes; i++) out += parts[i % parts.length];
  return out;
}
