import type { OutputChunk, OutputStream } from './protocol';

/** How often buffered output is sent to the host while code runs. */
export const FLUSH_INTERVAL_MS = 40;

/** One stream's text, capped: the head and the tail are kept, the middle is counted and dropped. */
class CappedText {
  #head = '';
  #tail: string[] = [];
  #tailLength = 0;
  #dropped = 0;
  readonly #headLimit: number;
  readonly #tailLimit: number;

  constructor(limit: number) {
    this.#headLimit = Math.ceil(limit / 2);
    this.#tailLimit = Math.floor(limit / 2);
  }

  /** Appends text; returns the part that went into the head (what may be streamed live). */
  append(text: string): string {
    let toHead = '';
    if (this.#head.length < this.#headLimit) {
      toHead = text.slice(0, this.#headLimit - this.#head.length);
      this.#head += toHead;
      text = text.slice(toHead.length);
    }
    if (text) {
      this.#tail.push(text);
      this.#tailLength += text.length;
      this.#trimTail();
    }
    return toHead;
  }

  get truncated(): boolean {
    return this.#dropped > 0;
  }

  toString(): string {
    const tail = this.#tail.join('');
    if (!this.#dropped) return this.#head + tail;
    return `${this.#head}\n[… ${this.#dropped} characters truncated …]\n${tail}`;
  }

  #trimTail(): void {
    // Trim in bulk only once the tail is twice its limit, so a print loop stays O(n).
    if (this.#tailLength <= this.#tailLimit * 2 && this.#tailLimit > 0) return;
    const all = this.#tail.join('');
    const keep = all.slice(all.length - this.#tailLimit);
    this.#dropped += all.length - keep.length;
    this.#tail = keep ? [keep] : [];
    this.#tailLength = keep.length;
  }

  /** Final trim so the tail is exactly within its limit. */
  seal(): void {
    if (this.#tailLength > this.#tailLimit) {
      const all = this.#tail.join('');
      const keep = all.slice(all.length - this.#tailLimit);
      this.#dropped += all.length - keep.length;
      this.#tail = keep ? [keep] : [];
      this.#tailLength = keep.length;
    }
  }
}

/** UTF-8 length without allocating. */
export function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

export interface CollectedOutput {
  readonly stdout: string;
  readonly stderr: string;
  readonly truncated: boolean;
  readonly outputBytes: number;
}

/**
 * Collects a run's stdout and stderr: caps each stream (limit counted in UTF-16 code units),
 * streams the head to the host in batches at most every FLUSH_INTERVAL_MS, and keeps memory
 * bounded however much the guest prints. Checking the clock on write matters: a worker busy
 * running guest code never gets to run a timer.
 */
export class OutputCollector {
  readonly #streams: Record<OutputStream, CappedText>;
  readonly #send: (chunks: OutputChunk[]) => void;
  #pending: OutputChunk[] = [];
  #lastFlush = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #outputBytes = 0;
  readonly #announced: Record<OutputStream, boolean> = { stdout: false, stderr: false };

  constructor(limit: number, send: (chunks: OutputChunk[]) => void) {
    this.#streams = { stdout: new CappedText(limit), stderr: new CappedText(limit) };
    this.#send = send;
  }

  write(stream: OutputStream, text: string): void {
    if (!text) return;
    this.#outputBytes += utf8Length(text);
    const live = this.#streams[stream].append(text);
    if (live) this.#queue(stream, live);
    else if (!this.#announced[stream]) {
      this.#announced[stream] = true;
      this.#queue(stream, '\n[… output truncated; the end is kept and shown when the run finishes …]\n');
    }
    const now = performance.now();
    if (now - this.#lastFlush >= FLUSH_INTERVAL_MS) this.flush();
    else this.#timer ??= setTimeout(() => this.flush(), FLUSH_INTERVAL_MS);
  }

  flush(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#lastFlush = performance.now();
    if (!this.#pending.length) return;
    const chunks = this.#pending;
    this.#pending = [];
    this.#send(chunks);
  }

  finish(): CollectedOutput {
    this.flush();
    const { stdout, stderr } = this.#streams;
    stdout.seal();
    stderr.seal();
    return {
      stdout: stdout.toString(),
      stderr: stderr.toString(),
      truncated: stdout.truncated || stderr.truncated,
      outputBytes: this.#outputBytes,
    };
  }

  #queue(stream: OutputStream, text: string): void {
    const last = this.#pending.at(-1);
    if (last && last.stream === stream) this.#pending[this.#pending.length - 1] = { stream, text: last.text + text };
    else this.#pending.push({ stream, text });
  }
}
