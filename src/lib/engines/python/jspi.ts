/**
 * JS Promise Integration: lets a wasm call into JS wait on a promise without blocking the
 * thread. Chromium ships it; Node 20 and most other browsers do not, and the TS lib does not
 * declare it yet.
 */
export interface Jspi {
  /** Marks an import whose returned promise suspends the calling wasm stack. */
  readonly Suspending: new (fn: (...args: never[]) => unknown) => object;
  /** Runs an export on a stack that can suspend; its result becomes a promise. */
  promising<A extends unknown[], R>(fn: (...args: A) => R): (...args: A) => Promise<Awaited<R>>;
}

export function detectJspi(): Jspi | null {
  const api = WebAssembly as unknown as Partial<Jspi>;
  return typeof api.Suspending === 'function' && typeof api.promising === 'function' ? (api as Jspi) : null;
}
