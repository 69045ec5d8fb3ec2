/**
 * The labelled corpus: malicious and benign snippets in both languages, one text file per
 * language and label. Each snippet starts with a line `%%% name [category, …]`; the categories,
 * on malicious snippets, say what the scanner should call it.
 */

import { isCategory } from '../categories';
import type { Category, Language } from '../types';
import jsBenign from './javascript-benign.txt?raw';
import jsMalicious from './javascript-malicious.txt?raw';
import pyBenign from './python-benign.txt?raw';
import pyMalicious from './python-malicious.txt?raw';

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

export const CORPUS: readonly Snippet[] = [
  ...parseCorpus(jsMalicious, 'javascript', 'malicious'),
  ...parseCorpus(jsBenign, 'javascript', 'benign'),
  ...parseCorpus(pyMalicious, 'python', 'malicious'),
  ...parseCorpus(pyBenign, 'python', 'benign'),
];
