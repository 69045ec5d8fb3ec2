import type { Tree } from '@lezer/common';
import { parser } from '@lezer/python';

/**
 * Time Lezer may spend on a parse: generous for real code (well under 1 ms per KB), cut short for
 * input that sends its error recovery into a crawl (a megabyte of `})]` takes it half a minute).
 */
export function parseBudgetMs(code: string): number {
  return 250 + 2 * (code.length / 1024);
}

/**
 * Lezer never fails: it recovers and marks what it skipped with error nodes (⚠), which the
 * collector reports. Returns null when the parse ran out of its time budget.
 */
export function parsePython(code: string, budgetMs = parseBudgetMs(code)): Tree | null {
  const parse = parser.startParse(code);
  const deadline = performance.now() + budgetMs;
  for (let steps = 1; ; steps++) {
    const tree = parse.advance();
    if (tree) return tree;
    if ((steps & 31) === 0 && performance.now() > deadline) return null;
  }
}
