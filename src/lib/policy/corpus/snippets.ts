/** Parsing the corpus text and building samples from it: no file loading, so Node scripts (the bench) can use it too. */
import { isCategory } from '../categories';
import type { Category, Language } from '../types';

export type Label = 'malicious' | 'benign';

export interface Snippet {
  readonly name: string;
  readonly language: Language;
  readonly label: Label;
  readonly categories: readonly Category[];
  readonly code: string;
}

const HEADER = '%%% ';

export function parseCorpus(text: string, language: Language, label: Label): Snippet[] {
  const out: Snippet[] = [];
  for (const block of text.split(`\n${HEADER}`)) {
    const body = block.startsWith(HEADER) ? block.slice(HEADER.length) : block;
    const newline = body.indexOf('\n');
    if (newline < 0 || body.trim() === '') continue;
    const header = body.slice(0, newline).trim();
    const open = header.indexOf('[');
    const name = (open < 0 ? header : header.slice(0, open)).trim();
    const categories = open < 0 ? [] : header.slice(open + 1, header.indexOf(']')).split(',').map((c) => c.trim()).filter(isCategory);
    out.push({ name, language, label, categories, code: body.slice(newline + 1) });
  }
  return out;
}

/**
 * About `bytes` of realistic code built from benign snippets, for benchmarks: JavaScript
 * snippets each in their own block (so declarations do not clash), Python snippets as they are.
 */
export function buildSample(snippets: readonly Snippet[], language: Language, bytes = 100 * 1024): string {
  const parts = snippets
    .filter((s) => s.language === language && s.label === 'benign')
    .filter((s) => language === 'python' || !(s.code.includes('import ') || s.code.includes('export ')))
    .map((s) => (language === 'javascript' ? `{\n${s.code}}\n` : `${s.code}\n`));
  let out = '';
  for (let i = 0; out.length < bytes; i++) out += parts[i % parts.length];
  return out;
}
