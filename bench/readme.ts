/** Puts the latest figures into the README between its bench markers, so the README shows what the last full run measured. */
import { readFileSync, writeFileSync } from 'node:fs';

const START = '<!-- bench:start (written by npm run bench) -->';
const END = '<!-- bench:end -->';
const README = new URL('../README.md', import.meta.url);

/** Replaces what is between the markers with `markdown`. Throws when the README lost its markers. */
export function updateReadme(markdown: string): void {
  const text = readFileSync(README, 'utf8');
  const start = text.indexOf(START);
  const end = text.indexOf(END);
  if (start < 0 || end < start) throw new Error(`README.md has no "${START}" … "${END}" block for the figures`);
  writeFileSync(README, `${text.slice(0, start + START.length)}\n${markdown}\n${text.slice(end)}`);
}
