/**
 * The labelled corpus: malicious and benign snippets in both languages, one text file per
 * language and label. Each snippet starts with a line `%%% name [category, …]`; the categories,
 * on malicious snippets, say what the scanner should call it.
 */

import { parseCorpus, type Snippet } from './snippets';
import jsBenign from './javascript-benign.txt?raw';
import jsMalicious from './javascript-malicious.txt?raw';
import pyBenign from './python-benign.txt?raw';
import pyMalicious from './python-malicious.txt?raw';

export { parseCorpus, type Label, type Snippet } from './snippets';

export const CORPUS: readonly Snippet[] = [
  ...parseCorpus(jsMalicious, 'javascript', 'malicious'),
  ...parseCorpus(jsBenign, 'javascript', 'benign'),
  ...parseCorpus(pyMalicious, 'python', 'malicious'),
  ...parseCorpus(pyBenign, 'python', 'benign'),
];
