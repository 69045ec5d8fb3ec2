/** The embed view's state: one editor, one run at a time, its output and status. */
import type { Backend } from '../lib/embed/backend';
import type { OutputStream } from '../lib/engines/protocol';
import { ConsoleBuffer } from '../ui/Console/console-buffer.svelte';
import type { Segment } from '../ui/Console/segment';
import type { EmbedParams } from './params';

export class EmbedView {
  code = $state('');
  readonly output = new ConsoleBuffer();
  status = $state('ready');
  running = $state(false);
  prompt: string | undefined = $state();
  readonly params: EmbedParams;
  readonly #backend: Promise<Backend>;
  #controller: AbortController | undefined;
  #answer: ((line: string | null) => void) | undefined;

  constructor(params: EmbedParams, backend: Promise<Backend>, notice?: string) {
    this.params = params;
    this.code = params.code;
    this.#backend = backend;
    if (notice) this.output.reset([{ stream: 'info', text: `${notice}\n` }]);
  }

  async run(): Promise<void> {
    if (this.running) return;
    this.running = true;
    this.status = 'running';
    const keep = this.output.segments.filter((s) => s.stream === 'info' && s.text.startsWith('No storage'));
    this.output.reset(keep);
    const controller = (this.#controller = new AbortController());
    try {
      const backend = await this.#backend;
      const { language, engine, policy } = this.params;
      const result = await backend.execute(
        { code: this.code, language, engine, policy },
        {
          signal: controller.signal,
          onOutput: (stream, text) => this.output.stream(stream, text),
          onInput: (prompt) =>
            new Promise<string | null>((resolve) => {
              this.prompt = prompt;
              this.#answer = resolve;
            }),
        },
      );
      this.output.flush();
      if (result.truncated || this.output.hiddenChars > 0) {
        // The live view kept only its tail: show the result's output (whole, or its head and tail).
        this.output.reset(keep);
        this.#append('stdout', result.output);
        this.#append('stderr', result.stderr);
      }
      if (result.status === 'blocked' && result.violations) this.#append('stderr', `Blocked by policy:\n${result.violations.join('\n')}\n`);
      else if (result.error && !result.stderr.includes(result.error.message)) this.#append('stderr', `${result.error.name}: ${result.error.message}\n`);
      this.status = result.status;
    } catch (error) {
      this.#append('stderr', `${error instanceof Error ? error.message : String(error)}\n`);
      this.status = 'error';
    } finally {
      this.running = false;
      this.prompt = undefined;
      this.#answer = undefined;
      this.#controller = undefined;
    }
  }

  stop(): void {
    this.#controller?.abort();
    this.#answer?.(null);
  }

  submit(line: string): void {
    this.#append('stdin', `${line}\n`);
    this.prompt = undefined;
    const answer = this.#answer;
    this.#answer = undefined;
    answer?.(line);
  }

  #append(stream: OutputStream | 'info' | 'stdin', text: string): void {
    if (text) this.output.write((stream === 'stdin' ? 'info' : stream) as Segment['stream'], text);
  }
}
