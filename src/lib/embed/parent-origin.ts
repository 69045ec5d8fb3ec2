/** The embedding page's origin, when this page is framed and the browser tells us. */
export function parentOrigin(): string | undefined {
  if (window.parent === window) return undefined;
  const ancestors = location.ancestorOrigins;
  if (ancestors?.length) return ancestors[0];
  try {
    return document.referrer ? new URL(document.referrer).origin : undefined;
  } catch {
    return undefined;
  }
}
