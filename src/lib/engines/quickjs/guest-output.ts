import type { QuickJSContext, QuickJSHandle } from 'quickjs-emscripten-core';
import type { OutputStream } from '../protocol';
import { readGuestString } from './guest-string';

/**
 * The host's side of the prelude's console buffer: guest code appends lines to `out.parts`
 * without leaving QuickJS (a host call costs microseconds, a flood of console.log would be
 * dominated by it), and the host takes them. Taking only reads and writes plain data
 * properties and calls the native Array.prototype.join kept by the prelude, so it is safe
 * between any two guest bytecodes, from the interrupt handler included.
 */
export class GuestOutput {
  readonly #out: QuickJSHandle;
  readonly #parts: QuickJSHandle;
  readonly #join: QuickJSHandle;
  readonly #separator: QuickJSHandle;
  readonly #quote: QuickJSHandle;

  /** Takes its own handles from the prelude's hooks object. */
  constructor(
    readonly ctx: QuickJSContext,
    hooks: QuickJSHandle,
  ) {
    this.#out = ctx.getProp(hooks, 'output');
    this.#parts = ctx.getProp(this.#out, 'parts');
    this.#join = ctx.getProp(hooks, 'join');
    this.#separator = ctx.newString('');
    this.#quote = ctx.getProp(hooks, 'quote');
  }

  /** Moves buffered guest output to `write`, in order. */
  drain(write: (stream: OutputStream, text: string) => void): void {
    const ctx = this.ctx;
    // Not ctx.getLength(): it reads through a typed array that wasm memory growth detaches.
    const length = ctx.getProp(this.#parts, 'length').consume((h) => ctx.getNumber(h));
    if (!length) return;
    const fd = ctx.getProp(this.#out, 'fd').consume((h) => ctx.getNumber(h));
    const joined = ctx.callFunction(this.#join, this.#parts, this.#separator);
    // Emptied in place either way: a join that failed (out of memory) would fail again.
    ctx.newNumber(0).consume((zero) => {
      ctx.setProp(this.#parts, 'length', zero);
      ctx.setProp(this.#out, 'size', zero);
    });
    if (joined.error) {
      joined.error.dispose();
      return;
    }
    const text = joined.value.consume((h) => readGuestString(ctx, h, this.#quote));
    write(fd === 2 ? 'stderr' : 'stdout', text);
  }

  dispose(): void {
    for (const handle of [this.#out, this.#parts, this.#join, this.#separator, this.#quote]) handle.dispose();
  }
}
