/** Small readers over Lezer Python nodes. */

import type { SyntaxNode } from '@lezer/common';

const PUNCTUATION = new Set(['(', ')', '[', ']', '{', '}', ',', ':', '.', '*', '**', ';']);

/** The expression children of a node, without punctuation. */
export function parts(node: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (let c = node.firstChild; c; c = c.nextSibling) if (!PUNCTUATION.has(c.name)) out.push(c);
  return out;
}

export interface Args {
  readonly positional: SyntaxNode[];
  readonly keywords: Map<string, SyntaxNode>;
}

/** An ArgList's positional and keyword arguments; starred arguments are dropped (their values are unknown). */
export function argList(list: SyntaxNode | null, code: string): Args {
  const positional: SyntaxNode[] = [];
  const keywords = new Map<string, SyntaxNode>();
  if (!list) return { positional, keywords };
  // `f(x for x in xs)`: a bare generator is the only argument; the ArgList itself stands for it.
  if (list.getChild('for')) return { positional: [list], keywords };
  let starred = false;
  for (let c = list.firstChild; c; c = c.nextSibling) {
    const name = c.name;
    if (name === '*' || name === '**') starred = true;
    else if (name === ',') starred = false;
    else if (name === '(' || name === ')') continue;
    else if (name === 'VariableName' && c.nextSibling?.name === 'AssignOp') {
      const value = c.nextSibling.nextSibling;
      if (!value) break;
      keywords.set(code.slice(c.from, c.to), value);
      c = value;
    } else if (!starred) positional.push(c);
  }
  return { positional, keywords };
}
