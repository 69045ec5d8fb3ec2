/** Small predicates the rules share. */

import { lastSegment, pathStartsWith } from '../names';
import type { CallSite, Value } from '../sites';

export { lastSegment, pathStartsWith };

const splits = new Map<string, readonly [string, string]>();

/** The path's parent and last segment: `fs.promises.readFile` → [`fs.promises`, `readFile`]. Memoised: callees repeat. */
export function splitPath(path: string): readonly [string, string] {
  let split = splits.get(path);
  if (!split) {
    const dot = path.lastIndexOf('.');
    split = dot < 0 ? ['', path] : [path.slice(0, dot), path.slice(dot + 1)];
    if (splits.size > 10_000) splits.clear();
    splits.set(path, split);
  }
  return split;
}

/** `path` has `segment` as one of its dotted parts. */
export function hasSegment(path: string, segment: string): boolean {
  let at = path.indexOf(segment);
  while (at >= 0) {
    const before = at === 0 || path.charCodeAt(at - 1) === 46;
    const end = at + segment.length;
    const after = end === path.length || path.charCodeAt(end) === 46 || path.charCodeAt(end) === 40; /* ( */
    if (before && after) return true;
    at = path.indexOf(segment, at + 1);
  }
  return false;
}

/** A method on a module or one of its submodules: `fs.readFile`, `fs.promises.readFile`, `fs.promises.readFile`. */
export function moduleMethod(path: string, modules: ReadonlySet<string>, methods: ReadonlySet<string>): boolean {
  const [parent, method] = splitPath(path);
  if (!methods.has(method)) return false;
  for (const m of modules) if (pathStartsWith(parent, m)) return true;
  return false;
}

/** The string arguments of a call, positional then keyword. */
export function stringArgs(site: CallSite): string[] {
  const out: string[] = [];
  for (const a of site.args) if (a.str !== undefined) out.push(a.str);
  for (const v of site.keywords.values()) if (v.str !== undefined) out.push(v.str);
  return out;
}

export function anyDecoded(args: readonly Value[]): boolean {
  for (const a of args) if (a.decoded) return true;
  return false;
}

/** `'…'` with the text cut to 40 characters, for messages. */
export function quote(text: string): string {
  return JSON.stringify(text.length > 40 ? `${text.slice(0, 39)}…` : text);
}

/** A size or count argument: the number, or 2**log2 when it overflowed. */
export function magnitude(v: Value | undefined): number {
  if (!v) return 0;
  if (v.num !== undefined && Number.isFinite(v.num)) return Math.abs(v.num);
  return v.log2 !== undefined ? 2 ** Math.min(v.log2, 1024) : 0;
}
