/** Where the workspace is mounted inside the guest. */
export const WORKSPACE_ROOT = '/app';

/** Largest single workspace file. */
export const MAX_FILE_BYTES = 10 * 1024 * 1024;
/** Largest total size of one session's workspace. */
export const MAX_WORKSPACE_BYTES = 100 * 1024 * 1024;

export type PathResult = { ok: true; value: string } | { ok: false; error: string };

/**
 * Normalises a workspace path: `a/b.txt`, `./a/b.txt` and `/app/a/b.txt` all give `a/b.txt`.
 * Refuses anything that would leave the workspace, NUL bytes, backslashes and empty names.
 */
export function normalizeWorkspacePath(input: string): PathResult {
  if (typeof input !== 'string') return { ok: false, error: 'path must be a string' };
  if (input.includes('\0')) return { ok: false, error: `path "${input.replace(/\0/g, '\\0')}" contains a NUL byte` };
  if (input.includes('\\')) return { ok: false, error: `path "${input}" contains a backslash; use "/"` };
  let rest = input;
  if (rest.startsWith('/')) {
    if (rest === WORKSPACE_ROOT || rest.startsWith(`${WORKSPACE_ROOT}/`)) rest = rest.slice(WORKSPACE_ROOT.length);
    else return { ok: false, error: `path "${input}" is outside the workspace (${WORKSPACE_ROOT})` };
  }
  const parts: string[] = [];
  for (const part of rest.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (!parts.length) return { ok: false, error: `path "${input}" escapes the workspace with ".."` };
      parts.pop();
      continue;
    }
    parts.push(part);
  }
  if (!parts.length) return { ok: false, error: `path "${input}" names the workspace itself, not a file` };
  return { ok: true, value: parts.join('/') };
}
