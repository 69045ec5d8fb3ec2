/**
 * How much QuickJS stack this thread can afford.
 *
 * QuickJS checks its own (shadow) stack in wasm memory, but its wasm frames also use the host's
 * native stack, and running that out crashes the whole module. Native stacks differ a lot:
 * Node's main thread has ~984 KB, a Chromium worker about half. So the budget is derived from
 * how deep a trivial JS function can recurse here, calibrated on V8: in Node, ~14k frames and a
 * 137 KB QuickJS stack leave recursion through getters, proxies, toString and constructors
 * caught cleanly with a 2x margin; a Chromium worker (~6.3k frames) gets ~63 KB, which allows
 * ~400 frames of plain JS recursion. Other engines are not calibrated; the clamp bounds them.
 */
const BYTES_PER_JS_FRAME = 10;
const MIN_BYTES = 48 * 1024;
const MAX_BYTES = 192 * 1024;

/**
 * The smaller stack JSON.parse and JSON.stringify run under: each level of their C recursion
 * uses several times the native stack of a JS call (a 100k-deep object or array crashed the
 * module at budgets that recursion of any other kind survives).
 */
export function jsonStackBytes(stackBytes: number): number {
  return Math.max(16 * 1024, Math.floor(stackBytes / 4));
}

function recursionDepth(): number {
  let depth = 0;
  const probe = (): void => {
    depth++;
    probe();
  };
  try {
    probe();
  } catch {
    // The host's stack overflow ends the probe; its depth is the measurement.
  }
  return depth;
}

export function quickjsStackBytes(): number {
  // Once the JIT optimises the probe its frames shrink and it goes deeper (in a Chromium worker
  // 6.3k frames cold, up to 9k warm); the shallowest of a few is the safe reading.
  const depth = Math.min(recursionDepth(), recursionDepth(), recursionDepth());
  const bytes = Math.floor((depth * BYTES_PER_JS_FRAME) / 1024) * 1024;
  return Math.min(MAX_BYTES, Math.max(MIN_BYTES, bytes));
}
