import type { FileInfo, SessionRecord, Store } from '../../lib/store';
import type { Language } from '../../lib/engines/protocol';
import { isText } from './preview';
import { reloadOnChanges } from '../reload-on-changes';

/** Hands bytes to the browser as a download. */
export function saveBytes(name: string, bytes: Uint8Array, type = 'application/octet-stream'): void {
  const url = URL.createObjectURL(new Blob([bytes as BlobPart], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export interface OpenFile {
  path: string;
  bytes: Uint8Array;
  /** The version read, to notice a newer one. */
  mtime?: number;
}

/** The sidebar's state: the store's sessions, the active one's files and the file being previewed. */
export class Workspace {
  sessions: SessionRecord[] = $state([]);
  files: FileInfo[] = $state([]);
  /** The session `files` belongs to. */
  filesOf = $state('');
  preview: OpenFile | undefined = $state();
  /** The last failure, said in words; cleared by the next success. */
  problem: string | undefined = $state();
  readonly #store: Store | undefined;
  readonly #active: () => string;

  /** `active` reads the page's current session id, so the sidebar always follows the page. */
  constructor(store: Store | undefined, active: () => string) {
    this.#store = store;
    this.#active = active;
  }

  get available(): boolean {
    return this.#store !== undefined;
  }

  /** Subscribes to store changes (this tab and others); returns the unsubscribe. */
  watch(): () => void {
    if (!this.#store) return () => {};
    // Sessions and files are what the sidebar lists; a finished run reorders the sessions.
    return reloadOnChanges(this.#store, () => this.refresh(), 150, (change) =>
      change.kind === 'session' || change.kind === 'files' || (change.kind === 'execution' && change.state === 'finished'),
    );
  }

  async refresh(): Promise<void> {
    if (!this.#store) return;
    const listed = await this.#store.sessions.list();
    if (listed.ok) this.sessions = listed.value.sort((a, b) => b.updatedAt - a.updatedAt);
    await this.refreshFiles();
  }

  async refreshFiles(): Promise<void> {
    if (!this.#store) return;
    const sessionId = this.#active();
    const listed = await this.#store.files.list(sessionId);
    // A session the store has not seen yet (no run, no file) simply has no files.
    this.files = listed.ok ? listed.value.sort((a, b) => a.path.localeCompare(b.path)) : [];
    this.filesOf = sessionId;
    const shown = this.preview && this.files.find((f) => f.path === this.preview?.path);
    if (!shown) this.preview = undefined;
    else if (shown.mtime !== this.preview?.mtime) await this.open(shown.path); // A run or the editor changed it.
  }

  async #do<T>(call: () => Promise<{ ok: true; value: T } | { ok: false; error: Error }>): Promise<T | undefined> {
    const done = await call();
    if (!done.ok) {
      this.problem = done.error.message;
      return undefined;
    }
    this.problem = undefined;
    await this.refresh();
    return done.value;
  }

  create(name: string, language: Language): Promise<SessionRecord | undefined> {
    const store = this.#store;
    if (!store) return Promise.resolve(undefined);
    return this.#do(() => store.sessions.create({ name, language }));
  }

  rename(id: string, name: string): Promise<SessionRecord | undefined> {
    const store = this.#store;
    if (!store) return Promise.resolve(undefined);
    return this.#do(() => store.sessions.rename(id, name));
  }

  duplicate(id: string): Promise<SessionRecord | undefined> {
    const store = this.#store;
    if (!store) return Promise.resolve(undefined);
    return this.#do(() => store.sessions.duplicate(id));
  }

  async remove(id: string): Promise<void> {
    const store = this.#store;
    if (store) await this.#do(() => store.sessions.delete(id));
  }

  async upload(files: Iterable<File>): Promise<void> {
    const store = this.#store;
    if (!store) return;
    const items = Array.from(files, (file) => ({ path: file.webkitRelativePath || file.name, data: file }));
    if (items.length) await this.#do(() => store.files.upload(this.#active(), items));
  }

  async download(path: string): Promise<void> {
    const got = await this.#store?.files.download(this.#active(), path);
    if (got?.ok) saveBytes(got.value.name, got.value.bytes, got.value.type);
    else if (got) this.problem = got.error.message;
  }

  async deleteFile(path: string): Promise<void> {
    const store = this.#store;
    if (store) await this.#do(() => store.files.delete(this.#active(), path));
  }

  async open(path: string): Promise<void> {
    const mtime = this.files.find((f) => f.path === path)?.mtime;
    const read = await this.#store?.files.read(this.#active(), path);
    if (read?.ok) this.preview = { path, bytes: read.value, mtime };
    else if (read) this.problem = read.error.message;
  }

  /** A file of the active session as text, for the editor; binary files are refused with a reason. */
  async readText(path: string): Promise<string | undefined> {
    const read = await this.#store?.files.read(this.#active(), path);
    if (!read) return undefined;
    if (!read.ok) {
      this.problem = read.error.message;
      return undefined;
    }
    if (!isText(read.value)) {
      this.problem = `${path} is not text, so it cannot be edited; preview it instead`;
      return undefined;
    }
    return new TextDecoder().decode(read.value);
  }

  /** Writes an edited file back; says whether it was saved. */
  async write(sessionId: string, path: string, text: string): Promise<boolean> {
    const store = this.#store;
    if (!store) return false;
    return (await this.#do(() => store.files.write(sessionId, path, text))) !== undefined;
  }

  async exportZip(): Promise<void> {
    const id = this.#active();
    const zip = await this.#store?.sessions.export(id);
    if (zip?.ok) saveBytes(`${id}.zip`, zip.value, 'application/zip');
    else if (zip) this.problem = zip.error.message;
  }

  async importZip(file: File): Promise<SessionRecord | undefined> {
    const store = this.#store;
    if (!store) return undefined;
    const bytes = new Uint8Array(await file.arrayBuffer());
    return this.#do(() => store.sessions.import(bytes));
  }
}
