const PAGE = 64 * 1024;
// The builds start with 16 MB and may grow to 2 GB.
const INITIAL_BYTES = 16 * 1024 * 1024;

/** Default cap on one engine's wasm heap, shared by all its sessions. */
export const DEFAULT_WASM_MAX_BYTES = 1024 * 1024 * 1024;

/**
 * A `wasmMemory` option for `newVariant`: every module instance (including one rebuilt after
 * a crash) gets a fresh memory that cannot grow past `maxBytes`. This is the hard ceiling
 * behind the per-run memory checks, which QuickJS's sparse interrupt polling can let a burst
 * of large allocations slip past; at the ceiling, allocation fails inside QuickJS and the guest
 * gets a catchable "out of memory".
 */
export function cappedWasmMemory(maxBytes = DEFAULT_WASM_MAX_BYTES): () => Promise<WebAssembly.Memory> {
  const maximum = Math.max(INITIAL_BYTES, Math.floor(maxBytes / PAGE) * PAGE) / PAGE;
  return async () => new WebAssembly.Memory({ initial: INITIAL_BYTES / PAGE, maximum });
}
