export type InputResult = { readonly ok: true; readonly line: string } | { readonly ok: false; readonly reason: string };

export interface InputSource {
  readonly stdin?: string;
  readonly interactive: boolean;
  /** The host's input hook; resolves with a line or null at end of input. */
  readonly ask: (prompt: string) => Promise<string | null>;
  /** Writes to the run's stdout. */
  readonly echo: (text: string) => void;
}

/** Lines of `stdin`; a final newline does not make an extra empty line. */
export function splitLines(stdin: string | undefined): string[] {
  if (!stdin) return [];
  const lines = stdin.split(/\r?\n/);
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/**
 * Answers `input(prompt)` calls in the order they were made: from `job.stdin` first, then
 * from the host's hook when the run is interactive, otherwise end of input. Never hangs.
 *
 * A prompt answered from stdin is written to stdout, as Python's `input()` does when stdin is
 * piped, so a transcript reads in order; the line itself is not echoed. A prompt sent to the
 * hook is not written: the host shows it next to its input box.
 */
export class InputQueue {
  readonly #lines: string[];
  #chain: Promise<unknown> = Promise.resolve();

  constructor(readonly source: InputSource) {
    this.#lines = splitLines(source.stdin);
  }

  next(prompt: string): Promise<InputResult> {
    const line = this.#lines.shift();
    if (line !== undefined) {
      if (prompt) this.source.echo(prompt);
      // Still queued behind earlier hook calls so answers keep their order.
      return this.#enqueue(async () => ({ ok: true, line }));
    }
    if (!this.source.interactive) {
      const reason =
        this.source.stdin === undefined
          ? 'EOF when reading a line: no stdin was given and no input handler is attached'
          : 'EOF when reading a line: stdin is exhausted and no input handler is attached';
      return this.#enqueue(async () => ({ ok: false, reason }));
    }
    return this.#enqueue(async () => {
      try {
        const answer = await this.source.ask(prompt);
        if (answer === null || answer === undefined) return { ok: false, reason: 'EOF when reading a line: the input was closed' };
        return { ok: true, line: String(answer).replace(/\r?\n$/, '') };
      } catch (error) {
        return { ok: false, reason: `EOF when reading a line: the input handler failed (${error instanceof Error ? error.message : String(error)})` };
      }
    });
  }

  #enqueue(task: () => Promise<InputResult>): Promise<InputResult> {
    const result = this.#chain.then(task);
    this.#chain = result;
    return result;
  }
}
