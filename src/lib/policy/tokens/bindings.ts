/** Names that JavaScript import statements and destructuring bind, read from tokens. */

import type { Token } from './tokenize';

const isPunct = (tokens: readonly Token[], i: number, p: string) => tokens[i]?.type === 'punct' && tokens[i]!.value === p;

/**
 * `import x, { a as b, c } from "m"` and `import * as ns from "m"`, tokens [start, end):
 * the module and each local name with the export it stands for (`''` for the module itself).
 */
export function jsImportBindings(tokens: readonly Token[], start: number, end: number): { module: string | null; bindings: [string, string][] } {
  const bindings: [string, string][] = [];
  let module: string | null = null;
  let inBraces = false;
  for (let j = start + 1; j < end; j++) {
    const t = tokens[j]!;
    if (t.type === 'string') {
      module = t.value ?? null;
      break;
    }
    if (t.type === 'punct') {
      if (t.value === '{') inBraces = true;
      else if (t.value === '}') inBraces = false;
      else if (t.value === '*' && tokens[j + 1]?.value === 'as' && tokens[j + 2]?.type === 'name') {
        bindings.push([tokens[j + 2]!.value!, '']);
        j += 2;
      }
      continue;
    }
    if (t.type !== 'name' || t.value === 'from' || t.value === 'type') continue;
    if (inBraces) {
      const local = tokens[j + 1]?.value === 'as' && tokens[j + 2]?.type === 'name' ? tokens[j + 2]!.value! : t.value!;
      bindings.push([local, t.value === 'default' ? '' : t.value!]);
      if (local !== t.value) j += 2;
    } else bindings.push([t.value!, '']);
  }
  return { module, bindings };
}

/** `{ a, b: c, d = 1 }` from the `{` at `open`: each local name with the property it reads. Nested patterns are skipped. */
export function destructured(tokens: readonly Token[], open: number, close: number): [string, string][] {
  const pairs: [string, string][] = [];
  const depth = tokens[open]!.depth + 1;
  for (let j = open + 1; j < close; j++) {
    const t = tokens[j]!;
    if (t.depth !== depth || t.type !== 'name') continue;
    const prev = tokens[j - 1]!;
    if (!(prev.type === 'punct' && (prev.value === '{' || prev.value === ','))) continue;
    if (isPunct(tokens, j + 1, ':') && tokens[j + 2]?.type === 'name') pairs.push([tokens[j + 2]!.value!, t.value!]);
    else if (isPunct(tokens, j + 1, ',') || isPunct(tokens, j + 1, '}') || isPunct(tokens, j + 1, '=') || j + 1 === close) pairs.push([t.value!, t.value!]);
  }
  return pairs;
}
