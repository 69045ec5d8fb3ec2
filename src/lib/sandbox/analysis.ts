import { analyze, analyzeWithin, type DangerAnalysis, type Language } from '../policy';
import type { AnalysisReply, AnalysisRequest } from './analysis-protocol';

/**
 * Code at least this long (UTF-16 units) is analysed in a worker. On the main thread 100 KB of
 * Python takes longer than a 50 ms task (Lezer's parse alone is most of that), which would freeze
 * the page for as long; small code is quicker analysed here than posted to a worker and back.
 */
export const OFF_THREAD_FROM = 16 * 1024;

/**
 * What the Python parser may spend on the main thread for small code. Real code parses far faster;
 * a few KB of non-Python can send Lezer's error recovery into hundreds of milliseconds, and such
 * code goes to the worker instead.
 */
export const MAIN_THREAD_PARSE_MS = 25;

/** Starts the analysis worker. The `new URL(…, import.meta.url)` stays literal so Vite bundles it. */
export function spawnAnalysisWorker(): Worker {
  return new Worker(new URL('./analysis-worker.ts', import.meta.url), { type: 'module', name: 'sandcell-analysis' });
}

interface Pending {
  readonly code: string;
  readonly language: Language;
  readonly resolve: (analysis: DangerAnalysis) => void;
}

/**
 * Runs the policy analysis before each run: on the main thread for small code, in a worker
 * (started on first need) for large code. The scan is never skipped: if the worker fails, the
 * analysis runs here instead.
 */
export class Analyzer {
  readonly #spawn: (() => Worker) | undefined;
  readonly #pending = new Map<number, Pending>();
  #worker: Worker | undefined;
  #nextId = 1;
  #broken = false;

  /** `spawn` undefined (no Worker in this realm, as in Node): every analysis runs in the caller's thread. */
  constructor(spawn: (() => Worker) | undefined) {
    this.#spawn = spawn;
  }

  /**
   * The analysis: at once for small code (and where there is no worker), so a small run still
   * reaches the queue within the `execute()` call; a promise of it for large code and for small
   * code the Python parser cannot finish within MAIN_THREAD_PARSE_MS.
   */
  analyze(code: string, language: Language): DangerAnalysis | Promise<DangerAnalysis> {
    if (!this.#spawn || this.#broken) return analyze(code, language);
    if (code.length < OFF_THREAD_FROM) {
      const quick = analyzeWithin(code, language, MAIN_THREAD_PARSE_MS);
      if (quick) return quick;
    }
    const worker = this.#start();
    if (!worker) return analyze(code, language);
    const id = this.#nextId++;
    return new Promise((resolve) => {
      this.#pending.set(id, { code, language, resolve });
      worker.postMessage({ id, code, language } satisfies AnalysisRequest);
    });
  }

  dispose(): void {
    this.#worker?.terminate();
    this.#worker = undefined;
    this.#fallBack();
  }

  #start(): Worker | undefined {
    if (this.#worker) return this.#worker;
    try {
      const worker = this.#spawn!();
      worker.onmessage = (event: MessageEvent<AnalysisReply>) => this.#answer(event.data);
      worker.onerror = (event) => {
        event.preventDefault();
        this.#fail();
      };
      worker.onmessageerror = () => this.#fail();
      this.#worker = worker;
      return worker;
    } catch {
      this.#broken = true;
      return undefined;
    }
  }

  #answer(reply: AnalysisReply): void {
    const pending = this.#pending.get(reply.id);
    if (!pending) return;
    this.#pending.delete(reply.id);
    pending.resolve(reply.ok ? reply.analysis : analyze(pending.code, pending.language));
  }

  /** The worker died or could not load: analyse what it held here, and everything from now on. */
  #fail(): void {
    this.#broken = true;
    this.#worker?.terminate();
    this.#worker = undefined;
    this.#fallBack();
  }

  #fallBack(): void {
    const pending = [...this.#pending.values()];
    this.#pending.clear();
    for (const p of pending) p.resolve(analyze(p.code, p.language));
  }
}
