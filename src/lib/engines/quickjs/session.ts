import type { QuickJSContext, QuickJSHandle, QuickJSRuntime, QuickJSWASMModule } from 'quickjs-emscripten-core';
import { FLUSH_INTERVAL_MS } from '../output';
import { createHost } from './bridge';
import type { StringHooks } from './guest-string';
import { GuestOutput } from './guest-output';
import type { HeapGovernor } from './heap-governor';
import { fixDetachedViews } from './memory-views';
import { esModuleSource, resolveModule } from './modules';
import { mayNestDeeply } from './nesting';
import { IMPORT_SYMBOL } from './repl-transform';
import type { RunState } from './run-state';
import { preludeSource } from './sources';
import { jsonStackBytes } from './stack-budget';
import { TimerQueue } from './timers';
import { Workspace } from './workspace';

/** Guest functions the engine calls between runs (see the prelude's return value). */
interface PreludeHooks {
  readonly setEval: QuickJSHandle;
  readonly setContext: QuickJSHandle;
  readonly exportNames: QuickJSHandle;
  readonly resetConsole: QuickJSHandle;
  readonly quote: QuickJSHandle;
  readonly unquote: QuickJSHandle;
}

/** Thrown when guest setup code fails; a bug in the prelude, not in user code. */
export class SessionSetupError extends Error {
  override name = 'SessionSetupError';
}

/**
 * One QuickJS runtime and context with everything installed: limits, host functions, the
 * prelude, the module loader, a workspace and timers. Stateful sessions keep one across runs;
 * a stateless run gets a fresh one and disposes it. Each has its own runtime, so memory limits
 * apply per session.
 */
export class Session {
  readonly runtime: QuickJSRuntime;
  readonly context: QuickJSContext;
  readonly workspace = new Workspace();
  readonly timers = new TimerQueue();
  /** The run in progress, or the last one; host functions act on it. */
  run: RunState;
  /** Set when the wasm module crashed: nothing may be called on this session any more. */
  dead = false;
  #hooks: PreludeHooks | undefined;
  #output: GuestOutput | undefined;
  #lastDrain = 0;
  #evalAllowed: boolean | undefined;
  #evalTier = '';
  #disposed = false;
  #jsonDepth = 0;
  /** Counts entries into guest code, so a heap walk with no guest code since the last one is skipped. */
  #guestEntries = 0;
  #measured: { readonly atEntry: number; readonly bytes: number } | undefined;

  constructor(
    module: QuickJSWASMModule,
    run: RunState,
    readonly stackBytes: number,
    readonly governor: HeapGovernor,
  ) {
    this.run = run;
    this.runtime = module.newRuntime();
    // Limits before anything runs in the runtime, prelude included.
    this.runtime.setMemoryLimit(run.guard.memoryLimit);
    this.runtime.setMaxStackSize(stackBytes);
    this.runtime.setInterruptHandler(() => {
      if (this.run.guard.poll()) return true;
      // A busy loop still streams what it printed.
      if (performance.now() - this.#lastDrain >= FLUSH_INTERVAL_MS) this.drainOutput();
      return false;
    });
    this.context = this.runtime.newContext();
    fixDetachedViews(this.runtime, this.context);
    // computeMemoryUsage() needs a context; without this it would create a second one.
    this.runtime.context = this.context;
    try {
      this.#install();
    } catch (error) {
      this.dispose();
      throw error;
    }
  }

  #install(): void {
    const ctx = this.context;
    const host = createHost(this);
    try {
      const prelude = ctx.evalCode(preludeSource, 'sandcell:prelude', { type: 'global' });
      if (prelude.error) throw new SessionSetupError(`prelude failed to compile: ${JSON.stringify(prelude.error.consume(ctx.dump))}`);
      const hooks = prelude.value.consume((fn) => ctx.callFunction(fn, ctx.undefined, host));
      if (hooks.error) throw new SessionSetupError(`prelude failed: ${JSON.stringify(hooks.error.consume(ctx.dump))}`);
      this.#hooks = hooks.value.consume((h) => {
        this.#output = new GuestOutput(ctx, h);
        return {
          setEval: ctx.getProp(h, 'setEval'),
          setContext: ctx.getProp(h, 'setContext'),
          exportNames: ctx.getProp(h, 'exportNames'),
          resetConsole: ctx.getProp(h, 'resetConsole'),
          quote: ctx.getProp(h, 'quote'),
          unquote: ctx.getProp(h, 'unquote'),
        };
      });
    } finally {
      host.dispose();
    }
    // Refusals happen in the loader: an error returned by the normalizer does not reach the guest.
    this.runtime.setModuleLoader(
      (name) => this.governor.host(() => this.#loadModule(name)),
      (_base, request) => {
        const resolved = resolveModule(request, this.run.permissions);
        return resolved.ok ? `node:${resolved.name}` : request;
      },
    );
  }

  /** Source of an ES module for `import('node:fs')`: the CommonJS built-in re-exported. */
  #loadModule(name: string): string | { error: QuickJSHandle | Error } {
    const resolved = resolveModule(name, this.run.permissions);
    if (!resolved.ok) return { error: new Error(resolved.error.message) };
    const request = resolved.name;
    const names = this.#call('exportNames', this.context.newString(request));
    if ('error' in names) return names;
    return esModuleSource(request, names.value ? names.value.split('\n') : [], IMPORT_SYMBOL);
  }

  /** The prelude's JSON functions, for strings that hold a NUL (see guest-string.ts); none before it has run. */
  get stringHooks(): StringHooks | undefined {
    return this.#hooks;
  }

  /** Calls a prelude hook with one owned argument; returns its string result or the guest error. */
  #call(hook: keyof PreludeHooks, arg: QuickJSHandle): { value: string } | { error: QuickJSHandle } {
    const ctx = this.context;
    const fn = this.#hooks?.[hook];
    if (!fn) throw new SessionSetupError('session is not set up');
    const result = arg.consume((a) => ctx.callFunction(fn, ctx.undefined, a));
    if (result.error) return { error: result.error };
    return { value: result.value.consume((v) => (ctx.typeof(v) === 'string' ? ctx.getString(v) : '')) };
  }

  /** Applies one run's policy and context: eval switch, globals from `job.context`. Returns a guest error, if any. */
  prepare(allowEval: boolean, tier: string, contextJson: string | undefined): QuickJSHandle | undefined {
    const ctx = this.context;
    if (this.#evalAllowed !== allowEval || this.#evalTier !== tier) {
      const fn = this.#hooks?.setEval;
      if (!fn) throw new SessionSetupError('session is not set up');
      const result = ctx.newString(tier).consume((t) => ctx.callFunction(fn, ctx.undefined, allowEval ? ctx.true : ctx.false, t));
      if (result.error) return result.error;
      result.value.dispose();
      this.#evalAllowed = allowEval;
      this.#evalTier = tier;
    }
    const reset = this.#call('resetConsole', ctx.undefined);
    if ('error' in reset) return reset.error;
    if (contextJson !== undefined) {
      const applied = this.withJsonStack(() => this.#call('setContext', ctx.newString(contextJson)));
      if ('error' in applied) return applied.error;
    }
    return undefined;
  }

  /** Runs guest code of the current run, its heap growth capped by the run's memory budget, then takes its output. */
  guest<T>(run: () => T): T {
    this.#guestEntries++;
    try {
      return this.governor.guest(this.run.job.memoryBytes, run);
    } finally {
      if (!this.dead) {
        // An interrupt skips the guest's `finally`, which would have restored the stack.
        if (this.#jsonDepth) this.jsonStack(-this.#jsonDepth);
        this.drainOutput();
      }
    }
  }

  /** Enters (+1) or leaves (-1) a JSON operation, which runs on a smaller stack (see stack-budget.ts). */
  jsonStack(delta: number): void {
    const before = this.#jsonDepth;
    this.#jsonDepth = Math.max(0, before + delta);
    if (!before !== !this.#jsonDepth) this.runtime.setMaxStackSize(this.#jsonDepth ? jsonStackBytes(this.stackBytes) : this.stackBytes);
  }

  /**
   * Compiles without running, on the small stack, code that may nest deeply (see nesting.ts).
   * Returns the guest's syntax error (too deep is "stack overflow") or undefined.
   */
  precompile(code: string, filename: string): QuickJSHandle | undefined {
    if (!mayNestDeeply(code)) return undefined;
    const compiled = this.withJsonStack(() => this.context.evalCode(code, filename, { type: 'global', compileOnly: true }));
    if (compiled.error) return compiled.error;
    compiled.value.dispose();
    return undefined;
  }

  /** Runs host work that makes QuickJS walk guest data recursively (JSON dumps, parsing the context). */
  withJsonStack<T>(work: () => T): T {
    this.jsonStack(1);
    try {
      return work();
    } finally {
      this.jsonStack(-1);
    }
  }

  /** Moves what the guest's console buffered into the run's output. */
  drainOutput(): void {
    this.#lastDrain = performance.now();
    const output = this.#output;
    if (output) this.governor.host(() => output.drain((stream, text) => this.run.write(stream, text)));
  }

  /**
   * QuickJS's count of bytes held by live objects, strings and buffers. The walk is the larger
   * part of a trivial run's engine time, and a run usually ends right after its first
   * checkpoint measured: with no guest code in between, that figure still holds.
   */
  memoryUsed(): number {
    if (this.#measured?.atEntry === this.#guestEntries) return this.#measured.bytes;
    const ctx = this.context;
    const bytes = this.runtime.computeMemoryUsage().consume((usage) => ctx.getProp(usage, 'memory_used_size').consume((n) => ctx.getNumber(n)));
    this.#measured = { atEntry: this.#guestEntries, bytes };
    return bytes;
  }

  /**
   * Releases every handle, then the context and runtime. Returns false when QuickJS refused
   * (a leak assertion aborts the wasm module), so the engine knows to rebuild it.
   */
  dispose(): boolean {
    if (this.#disposed) return true;
    this.#disposed = true;
    if (this.dead) return true;
    try {
      this.timers.clearAll();
      this.run.release();
      if (this.#hooks) for (const handle of Object.values(this.#hooks)) handle.dispose();
      this.#hooks = undefined;
      this.#output?.dispose();
      this.#output = undefined;
      this.runtime.removeInterruptHandler();
      this.context.dispose();
      this.runtime.dispose();
      return true;
    } catch {
      return false;
    }
  }
}
