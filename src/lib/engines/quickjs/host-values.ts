import type { QuickJSContext, QuickJSHandle, VmFunctionImplementation } from 'quickjs-emscripten-core';
import { newGuestString, readGuestString, type StringHooks } from './guest-string';
import type { HeapGovernor } from './heap-governor';

/**
 * An error for the guest to rebuild: the prelude reads `name` as `Ctor[CODE]` and makes a
 * guest error of that class with that `code`, so its stack points at guest code.
 */
export class HostError extends Error {
  constructor(ctor: 'Error' | 'TypeError' | 'RangeError', code: string, message: string) {
    super(message);
    this.name = `${ctor}[${code}]`;
  }
}

/** Helpers for host functions: reading arguments and adding functions to guest objects. */
export class HostValues {
  constructor(
    readonly ctx: QuickJSContext,
    readonly governor: HeapGovernor,
    /** The prelude's JSON functions once the prelude has run (see guest-string.ts). */
    readonly stringHooks: () => StringHooks | undefined,
  ) {}

  string(handle: QuickJSHandle | undefined, what = 'argument'): string {
    if (!handle || this.ctx.typeof(handle) !== 'string') throw new TypeError(`${what} must be a string`);
    return this.#read(handle);
  }

  optionalString(handle: QuickJSHandle | undefined): string | undefined {
    return handle && this.ctx.typeof(handle) === 'string' ? this.#read(handle) : undefined;
  }

  #read(handle: QuickJSHandle): string {
    return readGuestString(this.ctx, handle, this.stringHooks()?.quote);
  }

  /** A string for the guest, NULs included. */
  newString(text: string): QuickJSHandle {
    return newGuestString(this.ctx, text, this.stringHooks()?.unquote);
  }

  number(handle: QuickJSHandle | undefined): number {
    return handle && this.ctx.typeof(handle) === 'number' ? this.ctx.getNumber(handle) : Number.NaN;
  }

  /** Only a real `true`; the prelude passes booleans explicitly. (-ng builds lack `ctx.eq`.) */
  flag(handle: QuickJSHandle | undefined): boolean {
    return handle !== undefined && this.ctx.typeof(handle) === 'boolean' && this.ctx.dump(handle) === true;
  }

  /**
   * Bytes of an ArrayBuffer argument, copied out of the wasm heap; undefined is empty. The
   * guest never passes anything else: reading a non-buffer would leave an exception pending.
   */
  bytes(handle: QuickJSHandle | undefined): Uint8Array {
    if (!handle || this.ctx.typeof(handle) !== 'object') return new Uint8Array(0);
    const view = this.ctx.getArrayBuffer(handle);
    try {
      return view.value.slice();
    } finally {
      view.dispose();
    }
  }

  arrayBuffer(bytes: Uint8Array): QuickJSHandle {
    if (bytes.byteLength === 0) return this.ctx.undefined;
    return this.ctx.newArrayBuffer(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
  }

  boolean(value: boolean): QuickJSHandle {
    return value ? this.ctx.true : this.ctx.false;
  }

  /** Adds a function property; the guest keeps it alive, so our handle is released here. */
  fn(target: QuickJSHandle, name: string, impl: VmFunctionImplementation<QuickJSHandle>): void {
    const governor = this.governor;
    const handle = this.ctx.newFunction(name, function (...args) {
      return governor.host(() => impl.apply(this, args));
    });
    this.ctx.setProp(target, name, handle);
    handle.dispose();
  }

  /** Adds a plain object property and returns our handle to it (the caller disposes it). */
  object(target: QuickJSHandle, name: string): QuickJSHandle {
    const handle = this.ctx.newObject(this.ctx.null); // like `host` itself, nothing inherited
    this.ctx.setProp(target, name, handle);
    return handle;
  }
}
