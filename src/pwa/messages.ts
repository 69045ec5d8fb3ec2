/** What the page tells a waiting service worker when the user asks for the new version (as workbox-window sends it). */
export interface SkipWaitingMessage {
  type: 'SKIP_WAITING';
}

export function isSkipWaiting(data: unknown): data is SkipWaitingMessage {
  return typeof data === 'object' && data !== null && (data as { type?: unknown }).type === 'SKIP_WAITING';
}
