/** Resolves after the page's load event, at the browser's next idle moment (or after `timeoutMs` at most). */
export function afterLoadAndIdle(timeoutMs = 10_000): Promise<void> {
  const loaded = document.readyState === 'complete' ? Promise.resolve() : new Promise<void>((resolve) => addEventListener('load', () => resolve(), { once: true }));
  return loaded.then(
    () =>
      new Promise<void>((resolve) => {
        if (typeof requestIdleCallback === 'function') requestIdleCallback(() => resolve(), { timeout: timeoutMs });
        else setTimeout(resolve, 200);
      }),
  );
}
