import type { Segment } from './segment';

/**
 * How much streamed text the console keeps on screen while a run goes on. A print flood must not
 * freeze the page: re-laying out megabytes of text for every output batch is what did. The run's
 * result still carries everything (head and tail when truncated) and replaces the live view.
 */
export const LIVE_WINDOW_CHARS = 100_000;

/**
 * The console's text as coloured segments. Streamed text is gathered and shown once per frame, and
 * only its last LIVE_WINDOW_CHARS characters stay on screen; `hiddenChars` says how many went.
 */
export class ConsoleBuffer {
  segments: Segment[] = $state([]);
  hiddenChars = $state(0);
  #pending: Segment[] = [];
  #scheduled = false;

  /** Adds text now (the console's own notes, answers to input()). */
  write(stream: Segment['stream'], text: string): void {
    this.flush();
    appendTo(this.segments, stream, text);
  }

  /** Adds streamed text; it shows at the next frame. */
  stream(stream: Segment['stream'], text: string): void {
    appendTo(this.#pending, stream, text);
    if (this.#scheduled) return;
    this.#scheduled = true;
    // requestAnimationFrame does not fire in a hidden tab; the timer still does, more slowly.
    const schedule = typeof requestAnimationFrame === 'function' && document.visibilityState === 'visible' ? requestAnimationFrame : setTimeout;
    schedule(() => this.flush());
  }

  /** Shows what is pending, keeping the live window. */
  flush(): void {
    this.#scheduled = false;
    if (!this.#pending.length) return;
    const next = this.segments.map((s) => ({ ...s }));
    for (const s of this.#pending) appendTo(next, s.stream, s.text);
    this.#pending = [];
    this.hiddenChars += trimHead(next, LIVE_WINDOW_CHARS);
    this.segments = next;
  }

  /** Replaces everything shown (and anything pending). */
  reset(segments: Segment[] = []): void {
    this.#pending = [];
    this.hiddenChars = 0;
    this.segments = segments;
  }

  text(): string {
    this.flush();
    return this.segments.map((s) => s.text).join('');
  }
}

function appendTo(segments: Segment[], stream: Segment['stream'], text: string): void {
  if (!text) return;
  const last = segments.at(-1);
  if (last && last.stream === stream) last.text += text;
  else segments.push({ stream, text });
}

/** Drops text from the front until at most `limit` characters remain; returns how many went. */
function trimHead(segments: Segment[], limit: number): number {
  let excess = segments.reduce((n, s) => n + s.text.length, 0) - limit;
  let dropped = 0;
  for (let first = segments[0]; excess > 0 && first; first = segments[0]) {
    if (first.text.length <= excess) {
      segments.shift();
      excess -= first.text.length;
      dropped += first.text.length;
    } else {
      first.text = first.text.slice(excess);
      dropped += excess;
      excess = 0;
    }
  }
  return dropped;
}
