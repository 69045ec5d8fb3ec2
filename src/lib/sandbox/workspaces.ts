import type { FileMap, WorkspaceChanges } from '../engines/protocol';

/**
 * Session workspaces held in memory: path → bytes. Entries are never mutated in place, only
 * replaced, so "has this file changed since I sent it" is an identity check.
 */
export class Workspaces {
  readonly #sessions = new Map<string, Map<string, Uint8Array>>();

  /** The session's files, created empty on first use. */
  files(sessionId: string): Map<string, Uint8Array> {
    let files = this.#sessions.get(sessionId);
    if (!files) this.#sessions.set(sessionId, (files = new Map()));
    return files;
  }

  /** Makes the session's files exactly `files` (loaded from storage, say). */
  replace(sessionId: string, files: FileMap): void {
    this.#sessions.set(sessionId, new Map(Object.entries(files)));
  }

  write(sessionId: string, files: FileMap): void {
    const target = this.files(sessionId);
    for (const [path, bytes] of Object.entries(files)) target.set(path, bytes);
  }

  apply(sessionId: string, changes: WorkspaceChanges): void {
    const target = this.files(sessionId);
    for (const path of changes.deleted) target.delete(path);
    this.write(sessionId, changes.files);
  }

  snapshot(sessionId: string): FileMap {
    return Object.fromEntries(this.files(sessionId));
  }

  delete(sessionId: string): void {
    this.#sessions.delete(sessionId);
  }
}
