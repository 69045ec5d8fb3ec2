/**
 * A burst of calls becomes one: `fn` runs `delayMs` after the first call of a burst. Store change
 * notices come several per run; reloading a list for each would put IndexedDB reads on every
 * run's path (and a flood of runs would queue hundreds of them).
 */
export function coalesce(fn: () => unknown, delayMs: number): { (): void; cancel(): void } {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const call = () => {
    timer ??= setTimeout(() => {
      timer = undefined;
      void fn();
    }, delayMs);
  };
  call.cancel = () => {
    clearTimeout(timer);
    timer = undefined;
  };
  return call;
}
