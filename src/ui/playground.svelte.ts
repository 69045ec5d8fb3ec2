import type { EngineId, EngineInfo, Language, LoadProgress } from '../lib/engines/protocol';
import { DEFAULT_ENGINE, InvalidRequestError, type ExecutionResult, type Sandbox } from '../lib/sandbox';
import type { PolicyTier } from '../lib/policy/tiers';
import type { SessionRecord, StorageEstimate, Store } from '../lib/store';
import { ConsoleBuffer } from './Console/console-buffer.svelte';
import type { Segment } from './Console/segment';
import { formatHash, parseHash, type HashState } from './hash-state';
import { SAMPLE_CODE } from './samples';

export type RunState = 'idle' | 'queued' | 'loading' | 'running' | ExecutionResult['status'] | 'invalid';

const formatMs = (ms: number) => (ms < 10 ? ms.toFixed(1) : Math.round(ms).toString());

/** The minimal page's state: one session per language, so state carries from run to run. */
export class Playground {
  language: Language = $state('javascript');
  engine: EngineId = $state('quickjs');
  policy: PolicyTier = $state('standard');
  code: Record<Language, string> = $state({ ...SAMPLE_CODE });
  status: RunState = $state('idle');
  /** The console's text. */
  readonly output = new ConsoleBuffer();
  prompt: string | undefined = $state();
  progress: LoadProgress | undefined = $state();
  engines: EngineInfo[] = $state([]);
  lastResult: ExecutionResult | undefined = $state();
  /** Place in the queue while the run waits for a worker (1 = next). */
  queuePosition: number | undefined = $state();
  /** When the current run was submitted (performance.now()), for the elapsed time shown while it runs. */
  startedAt: number | undefined = $state();
  readonly running = $derived(this.status === 'queued' || this.status === 'loading' || this.status === 'running');
  readonly engineInfo = $derived(this.engines.find((e) => e.id === this.engine));

  /** Files an opened example brings: the next run writes them into its session's workspace. */
  pendingFiles: Readonly<Record<string, string>> | undefined = $state();
  /** Awaited before each run, once it is queued (the editor saves open files here). */
  beforeRun: (() => Promise<void>) | undefined;
  readonly #sandbox: Sandbox;
  #runId: string | undefined;
  #answer: ((line: string | null) => void) | undefined;
  #sessionEpoch = 0;
  /** Characters streamed per stream in the current run, to fill in what the stream missed. */
  #streamed = { stdout: 0, stderr: 0 };

  /** Why history is not being saved, when it is not. */
  readonly storageProblem: string | undefined;
  /** What the browser reports of Sandcell's storage: usage, and whether it promised not to evict it. */
  storage: StorageEstimate | undefined = $state();
  readonly #store: Store | undefined;
  #askedToPersist = false;

  constructor(sandbox: Sandbox, store: Store | undefined, storageProblem?: string) {
    this.#sandbox = sandbox;
    this.#store = store;
    this.storageProblem = storageProblem;
  }

  async refreshStorage(): Promise<void> {
    this.storage = await this.#store?.storage.estimate();
  }

  /** A store session chosen in the sidebar; without one, each language has the page's own session. */
  selected: SessionRecord | undefined = $state();

  get sessionId(): string {
    return this.selected?.id ?? `page-${this.language}-${this.#sessionEpoch}`;
  }

  /** Switches to a store session (or back to the page's own with undefined); its language and engine follow. */
  selectSession(session: SessionRecord | undefined): void {
    if (this.running) return;
    this.selected = session;
    this.pendingFiles = undefined;
    if (session) {
      this.language = session.language;
      this.engine = session.engine;
      this.policy = session.policy;
    }
    this.output.reset();
    this.status = 'idle';
  }

  /** Applies the URL hash; code in the hash replaces the current language's code. */
  applyHash(hash: string): void {
    const state = parseHash(hash, { language: this.language, engine: this.engine, policy: this.policy });
    if (this.selected && this.selected.language !== state.language) this.selected = undefined;
    this.language = state.language;
    this.engine = state.engine;
    this.policy = state.policy;
    if (state.code !== undefined) this.code[state.language] = state.code;
  }

  hash(): string {
    const state: HashState = { language: this.language, engine: this.engine, policy: this.policy, code: this.code[this.language] };
    return formatHash(state);
  }

  setLanguage(language: Language): void {
    if (language === this.language) return;
    // A store session has one language; another language means the page's own session for it.
    this.selected = undefined;
    this.language = language;
    this.engine = DEFAULT_ENGINE[language];
  }

  async loadEngines(): Promise<void> {
    this.engines = await this.#sandbox.engines();
  }

  async run(): Promise<void> {
    if (this.running) return;
    if (this.#store && !this.#askedToPersist) {
      // Browsers grant persistence on a user gesture; the first Run is one.
      this.#askedToPersist = true;
      void this.#store.storage.persist().then(() => this.refreshStorage());
    }
    this.output.reset();
    this.#streamed = { stdout: 0, stderr: 0 };
    this.status = 'queued';
    this.lastResult = undefined;
    this.startedAt = performance.now();
    this.queuePosition = undefined;
    try {
      await this.beforeRun?.();
      const result = await this.#sandbox.execute(
        {
          code: this.code[this.language],
          language: this.language,
          engine: this.engine,
          policy: this.policy,
          sessionId: this.sessionId,
          ...(this.pendingFiles ? { files: { ...this.pendingFiles } } : {}),
        },
        {
          onQueued: (id, position) => {
            this.#runId = id;
            this.queuePosition = position;
          },
          onStart: () => {
            this.status = 'running';
            this.queuePosition = undefined;
            this.progress = undefined; // The engine is ready; its last progress event may not say so.
          },
          onProgress: (_engine, progress) => {
            this.progress = progress.phase === 'ready' ? undefined : progress;
            if (progress.phase !== 'ready') this.status = 'loading';
          },
          onOutput: (stream, text) => {
            if (stream === 'stdout' || stream === 'stderr') this.#streamed[stream] += text.length;
            this.output.stream(stream, text);
          },
          onInput: (prompt) =>
            new Promise<string | null>((resolve) => {
              this.prompt = prompt;
              this.#answer = resolve;
            }),
        },
      );
      if (result.status !== 'blocked') this.pendingFiles = undefined;
      this.#show(result);
      void this.refreshStorage();
    } catch (error) {
      this.status = error instanceof InvalidRequestError ? 'invalid' : 'error';
      this.#append('stderr', `${error instanceof Error ? error.message : String(error)}\n`);
    } finally {
      this.#runId = undefined;
      this.startedAt = undefined;
      this.queuePosition = undefined;
      this.progress = undefined;
      this.#closePrompt(null);
    }
  }

  /** Cancels the run. A pending input() is not answered: end-of-input would race the cancel and end the run as an error. */
  stop(): void {
    if (this.#runId) this.#sandbox.cancel(this.#runId);
  }

  /** Empties the console; the run header stays with the last result. */
  clear(): void {
    this.output.reset();
  }

  /** The console's text as plain text, for the clipboard. */
  consoleText(): string {
    return this.output.text();
  }

  answer(line: string): void {
    this.#append('info', `${line}\n`);
    this.#closePrompt(line);
  }

  /** Starts a fresh runtime for this language's session; the old one is dropped. */
  async resetSession(): Promise<void> {
    const old = this.sessionId;
    if (!this.selected) this.#sessionEpoch++;
    await this.#sandbox.resetSession(old);
    this.output.reset([{ stream: 'info', text: 'Session reset: variables and imports are gone.\n' }]);
    this.status = 'idle';
  }

  /** Drops the runtime state of a session other than the active one. */
  async resetOther(sessionId: string): Promise<void> {
    await this.#sandbox.resetSession(sessionId);
  }

  #closePrompt(line: string | null): void {
    const answer = this.#answer;
    this.#answer = undefined;
    this.prompt = undefined;
    answer?.(line);
  }

  #append(stream: Segment['stream'], text: string): void {
    this.output.write(stream, text);
  }

  #show(result: ExecutionResult): void {
    this.lastResult = result;
    this.output.flush();
    if (result.truncated || this.output.hiddenChars > 0) {
      // The live stream stopped at the cap, or the live view dropped its head: the result holds the
      // whole output (or its head and tail), per stream.
      this.output.reset();
      this.#append('stdout', result.output);
      this.#append('stderr', result.stderr);
    } else {
      // Show what did not stream: a cached result streams nothing, and the result is authoritative.
      for (const stream of ['stdout', 'stderr'] as const) {
        const full = stream === 'stdout' ? result.output : result.stderr;
        if (full.length > this.#streamed[stream]) this.#append(stream, full.slice(this.#streamed[stream]));
      }
    }
    if (result.error && !result.stderr.includes(result.error.message)) {
      this.#append('stderr', `${result.error.name}: ${result.error.message}\n`);
    }
    const parts = [`${result.status} in ${formatMs(result.durationMs)} ms`, result.engine, result.policy];
    if (!result.stateful) parts.push('stateless');
    if (result.stateLost) parts.push('session state was lost');
    this.#append('info', `── ${parts.join(' · ')}\n`);
    this.status = result.status;
  }
}
