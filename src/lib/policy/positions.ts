/** Offsets to 1-based lines and columns, and the one-line snippet a finding shows. */
export class LineIndex {
  readonly #starts: number[] = [0];

  constructor(readonly text: string) {
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.#starts.push(i + 1);
  }

  /** 1-based line and column (UTF-16 units) of an offset. */
  position(offset: number): { line: number; column: number } {
    const starts = this.#starts;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - starts[lo]! + 1 };
  }

  /** The span's text on one line, whitespace collapsed, at most `max` characters. */
  snippet(from: number, to: number, max = 80): string {
    const end = Math.min(to, from + max * 2);
    let out = '';
    let space = false;
    for (let i = from; i < end && out.length < max; i++) {
      const c = this.text.charCodeAt(i);
      if (c === 32 || c === 9 || c === 10 || c === 13) space = out.length > 0;
      else {
        if (space) out += ' ';
        space = false;
        out += this.text[i];
      }
    }
    return out.length >= max || end < to ? `${out.slice(0, max - 1)}…` : out;
  }
}
