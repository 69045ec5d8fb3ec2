import type { Language } from '../../lib/engines/protocol';

const key = (sessionId: string) => `sandcell:main-file:${sessionId}`;

/** The editor's own buffer's name, shown while a session has no main file in its workspace. */
export const SCRATCH_NAME: Readonly<Record<Language, string>> = { javascript: 'main.js', python: 'main.py' };

/**
 * The workspace file a session runs, remembered in this browser. It lives beside the theme in
 * localStorage because the store's session record has no field for it yet.
 */
export const mainFile = {
  get(sessionId: string): string | undefined {
    try {
      return localStorage.getItem(key(sessionId)) ?? undefined;
    } catch {
      return undefined; // Storage blocked: the choice lasts for the page only.
    }
  },
  set(sessionId: string, path: string | undefined): void {
    try {
      if (path === undefined) localStorage.removeItem(key(sessionId));
      else localStorage.setItem(key(sessionId), path);
    } catch {
      // See get().
    }
  },
};

/** The editor language for a file, by its extension; undefined for plain text. */
export function languageOf(path: string): Language | undefined {
  if (/\.py$/i.test(path)) return 'python';
  if (/\.(m?js|cjs|json)$/i.test(path)) return 'javascript';
  return undefined;
}
