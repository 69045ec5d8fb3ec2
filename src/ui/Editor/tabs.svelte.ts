import type { Language } from '../../lib/engines/protocol';
import type { FileInfo } from '../../lib/store';
import type { Playground } from '../playground.svelte';
import type { Workspace } from '../Sidebar/workspace.svelte';
import { languageOf, mainFile, SCRATCH_NAME } from './main-file';

/** The key of the tab that holds the code Run executes. */
export const MAIN_TAB = '\u0000main';

/** A workspace file open in the editor. */
export interface FileTab {
  path: string;
  text: string;
  /** What the workspace holds, as last read or written. */
  saved: string;
  /** The workspace version `saved` came from. */
  mtime?: number;
}

const AUTOSAVE_MS = 400;

/**
 * The editor's tabs: the main tab (the code Run executes, the URL hash and the analysis panel
 * read) and workspace files opened beside it. A session may name one of its files as main: the
 * main tab then shows that file and saves back to it, and the choice is remembered.
 */
export class EditorTabs {
  files: FileTab[] = $state([]);
  /** MAIN_TAB or the path of an open file. */
  active: string = $state(MAIN_TAB);
  /** The workspace file bound to the main tab, when the session has one. */
  mainPath: string | undefined = $state();
  #mainSaved: string | undefined = $state();
  #mainMtime: number | undefined;
  readonly #page: Playground;
  readonly #workspace: Workspace;
  /** Edits not written yet, by path, with the session they belong to. */
  readonly #pending = new Map<string, { sessionId: string; text: string; timer?: ReturnType<typeof setTimeout> }>();
  #sessionId = '';
  /** Counts saves: a read that began before a save may hold the text that save replaced. */
  #saves = 0;

  constructor(page: Playground, workspace: Workspace) {
    this.#page = page;
    this.#workspace = workspace;
  }

  readonly mainLabel = $derived.by(() => this.mainPath ?? SCRATCH_NAME[this.#page.language]);
  readonly mainDirty = $derived.by(() => this.mainPath !== undefined && this.#page.code[this.#page.language] !== this.#mainSaved);
  readonly activeFile = $derived(this.files.find((f) => f.path === this.active));
  readonly activeText = $derived.by(() => this.activeFile?.text ?? this.#page.code[this.#page.language]);
  readonly activeLanguage: Language | undefined = $derived.by(() => this.activeFile ? languageOf(this.activeFile.path) : this.#page.language);
  /** A file may become main when it is in the run's language and the session is a saved one. */
  readonly canMakeMain = $derived.by(() => !!this.activeFile && !!this.#page.selected && languageOf(this.activeFile.path) === this.#page.language);

  isDirty(tab: FileTab): boolean {
    return tab.text !== tab.saved;
  }

  /** Follows the page to another session: its files close and its remembered main file loads. */
  async follow(sessionId: string): Promise<void> {
    for (const path of [...this.#pending.keys()]) void this.save(path);
    this.#sessionId = sessionId;
    this.files = [];
    this.active = MAIN_TAB;
    this.mainPath = undefined;
    // Only a saved session has a main file; the page's own session shows the URL hash's code.
    if (!this.#page.selected) return;
    const path = mainFile.get(sessionId);
    if (!path) return;
    const text = await this.#workspace.readText(path);
    if (this.#page.sessionId !== sessionId) return;
    if (text === undefined) {
      mainFile.set(sessionId, undefined); // The file is gone; so is the choice.
      return;
    }
    this.mainPath = path;
    this.#mainSaved = text;
    this.#mainMtime = undefined;
    this.#page.code[this.#page.language] = text;
  }

  /**
   * Follows the workspace's file list: a tab whose file is gone closes (a main file that is gone
   * leaves its text in the editor's own buffer), and a tab without unsaved edits takes a newer
   * version (a run wrote it). Unsaved edits are never replaced: a tab with edits waiting to be
   * saved stays open, and saving writes its file again.
   */
  async sync(sessionId: string, files: readonly FileInfo[]): Promise<void> {
    if (sessionId !== this.#sessionId) return;
    const mtimes = new Map(files.map((f) => [f.path, f.mtime]));
    this.files = this.files.filter((tab) => mtimes.has(tab.path) || this.#pending.has(tab.path));
    if (!this.files.some((f) => f.path === this.active)) this.active = MAIN_TAB;
    if (this.mainPath !== undefined && !mtimes.has(this.mainPath) && !this.#pending.has(this.mainPath)) {
      mainFile.set(sessionId, undefined);
      this.mainPath = undefined;
    }
    for (const tab of this.files) {
      const mtime = mtimes.get(tab.path);
      if (tab.mtime === undefined) tab.mtime = mtime;
      else if (mtime !== tab.mtime && !this.isDirty(tab) && !this.#pending.has(tab.path)) await this.#reload(tab.path, mtime);
    }
    const path = this.mainPath;
    if (path === undefined) return;
    const mtime = mtimes.get(path);
    if (this.#mainMtime === undefined) this.#mainMtime = mtime;
    else if (mtime !== this.#mainMtime && !this.mainDirty && !this.#pending.has(path)) await this.#reload(path, mtime);
  }

  async #reload(path: string, mtime: number | undefined): Promise<void> {
    const sessionId = this.#sessionId;
    const saves = this.#saves;
    const text = await this.#workspace.readText(path);
    // A save meanwhile: its own refresh brings the newer version.
    if (text === undefined || sessionId !== this.#sessionId || this.#pending.has(path) || saves !== this.#saves) return;
    const tab = this.files.find((f) => f.path === path);
    if (tab && !this.isDirty(tab)) Object.assign(tab, { text, saved: text, mtime });
    if (path === this.mainPath && !this.mainDirty) {
      this.#mainSaved = text;
      this.#mainMtime = mtime;
      this.#page.code[this.#page.language] = text;
    }
  }

  /** Opens a workspace file in a tab (or shows it, when it is open or main). */
  async open(path: string): Promise<void> {
    if (path === this.mainPath) {
      this.active = MAIN_TAB;
      return;
    }
    if (!this.files.some((f) => f.path === path)) {
      const text = await this.#workspace.readText(path);
      if (text === undefined) return;
      const mtime = this.#workspace.files.find((f) => f.path === path)?.mtime;
      if (!this.files.some((f) => f.path === path)) this.files.push({ path, text, saved: text, mtime });
    }
    this.active = path;
  }

  /** Closes a file's tab, saving what is unsaved first. */
  async close(path: string): Promise<void> {
    await this.save(path);
    this.files = this.files.filter((f) => f.path !== path);
    if (this.active === path) this.active = MAIN_TAB;
  }

  /** The active tab's text changed in the editor; a file's change is saved shortly after. */
  edit(text: string): void {
    const file = this.activeFile;
    if (text === (file ? file.text : this.#page.code[this.#page.language])) return;
    if (file) file.text = text;
    else this.#page.code[this.#page.language] = text;
    const path = file?.path ?? this.mainPath;
    if (path === undefined) return;
    clearTimeout(this.#pending.get(path)?.timer);
    this.#pending.set(path, { sessionId: this.#sessionId, text, timer: setTimeout(() => void this.save(path), AUTOSAVE_MS) });
  }

  /** Writes a tab's pending edit to the workspace of the session it was made in. */
  async save(path: string | undefined = this.activeFile?.path ?? this.mainPath): Promise<void> {
    const edit = path === undefined ? undefined : (this.#pending.get(path) ?? this.#unsaved(path));
    if (path === undefined || !edit) return;
    clearTimeout(this.#pending.get(path)?.timer);
    this.#pending.delete(path);
    this.#saves++;
    if (!(await this.#workspace.write(edit.sessionId, path, edit.text))) return;
    if (edit.sessionId !== this.#sessionId) return;
    if (path === this.mainPath) this.#mainSaved = edit.text;
    const tab = this.files.find((f) => f.path === path);
    if (tab) tab.saved = edit.text;
  }

  /** Writes every pending edit; a run waits for this, so it sees what the tabs show. */
  async saveAll(): Promise<void> {
    await Promise.all([...this.#pending.keys()].map((path) => this.save(path)));
  }

  /** Makes the active file the session's main file: Run executes it from now on, after reloads too. */
  async makeMain(): Promise<void> {
    const file = this.activeFile;
    if (!file || !this.canMakeMain) return;
    await this.save(file.path);
    await this.save(this.mainPath);
    mainFile.set(this.#sessionId, file.path);
    this.mainPath = file.path;
    this.#mainSaved = file.saved;
    this.#page.code[this.#page.language] = file.text;
    this.files = this.files.filter((f) => f.path !== file.path);
    this.active = MAIN_TAB;
  }

  /** Unbinds the main file: the main tab keeps its text as the editor's own buffer. */
  async forgetMain(): Promise<void> {
    await this.save(this.mainPath);
    mainFile.set(this.#sessionId, undefined);
    this.mainPath = undefined;
  }

  /** A tab's text that differs from the workspace without a pending edit (the URL hash changed the main tab, say). */
  #unsaved(path: string): { sessionId: string; text: string } | undefined {
    const tab = this.files.find((f) => f.path === path);
    const text = path === this.mainPath ? this.#page.code[this.#page.language] : tab?.text;
    const saved = path === this.mainPath ? this.#mainSaved : tab?.saved;
    return text !== undefined && text !== saved ? { sessionId: this.#sessionId, text } : undefined;
  }
}
