import type { QuickJSContext, QuickJSRuntime } from 'quickjs-emscripten-core';

type TypedArrayKind = new (buffer: ArrayBufferLike, offset: number, length: number) => ArrayBufferView & ArrayLike<number>;

interface ModuleMemoryInternals {
  module: { HEAPU8: Uint8Array };
  newTypedArray(kind: TypedArrayKind, length: number): { value: { typedArray: unknown; ptr: number } };
}

/**
 * FIXME(quickjs-emscripten 0.32): out-parameters are read through a typed array made before the
 * call, and a call that grows wasm memory detaches it. executePendingJobs then reads `undefined`
 * as the context pointer, wraps a brand-new JSContext, and the leaked context aborts the module
 * when the runtime is freed. Here every such view is made fresh when it is read.
 * (ctx.getLength and getOwnPropertyNames use a view made once per context; we avoid them.)
 */
export function fixDetachedViews(runtime: QuickJSRuntime, context: QuickJSContext): void {
  for (const owner of [runtime, context] as unknown as { memory?: ModuleMemoryInternals }[]) {
    const memory = owner.memory;
    if (!memory || typeof memory.newTypedArray !== 'function') continue;
    const original = memory.newTypedArray.bind(memory);
    memory.newTypedArray = (kind, length) => {
      const lifetime = original(kind, length);
      const { ptr } = lifetime.value;
      Object.defineProperty(lifetime.value, 'typedArray', { get: () => new kind(memory.module.HEAPU8.buffer, ptr, length) });
      return lifetime;
    };
  }
}
