/** Which embedding origins may call the API. */

/** True when `origin` is on the list; `"*"` allows every origin, and an opaque sender (`"null"`) only through `"*"`. */
export function originAllowed(origin: string, allowed: readonly string[]): boolean {
  if (allowed.includes('*')) return true;
  if (origin === 'null' || origin === '') return false;
  return allowed.some((entry) => normalizeOrigin(entry) === origin);
}

/** `https://Docs.Example.com/` → `https://docs.example.com`; anything that is not an origin stays as written. */
export function normalizeOrigin(entry: string): string {
  try {
    const url = new URL(entry);
    return url.origin === 'null' ? entry : url.origin;
  } catch {
    return entry;
  }
}

/** The IndexedDB name for an embedding origin, so one docs site never sees another's sessions, files or audit. */
export async function databaseNameFor(origin: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(origin)));
  const hex = Array.from(digest.slice(0, 8), (byte) => byte.toString(16).padStart(2, '0')).join('');
  return `sandcell-embed-${hex}`;
}
