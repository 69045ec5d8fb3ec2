/**
 * One live CPython interpreter: its instance, memory, descriptors and driver. Under JSPI it
 * parks between runs in a suspended read of the control channel, keeping every Python object
 * alive; without JSPI it runs one command synchronously and exits.
 */
import { WASI, WASIProcExit, type Fd } from '@bjorn3/browser_wasi_shim';
import driverSource from './driver.py?raw';
import { ControlChannel, type DoneMessage, type DriverMessage, type RunCommand } from './control';
import type { Jspi } from './jspi';
import type { PythonModule } from './module-loader';
import { StdinFd, type StdinSource } from './stdin';
import { OutputFd } from './stdout';
import { WsOpenDir } from './wasi-fd';
import { Volume, WsDir, WsFile, type VolumeLimits } from './wasi-fs';
import { buildImports, type RunClock } from './wasi-imports';
import { MEMORY_IMPORT_MODULE, MEMORY_IMPORT_NAME, WASM_PAGE_BYTES } from './wasm-memory';

/** The driver's own filename: its frames are stripped from tracebacks and count as library code. */
const DRIVER_FILENAME = '<sandcell-driver>';
/** Where the driver's bytecode sits once an interpreter has compiled it (saves ~45 ms a start). */
const BYTECODE_PATH = '/dev/driver.pyc';
/**
 * `-c` runs this: it loads the driver's cached bytecode, or compiles the driver (the last argv
 * entry) under its own filename and hands the bytecode to the driver to send back in `hello`.
 */
const BOOTSTRAP = [
  'import sys, marshal',
  'source = sys.argv.pop()',
  'try:',
  `    with open('${BYTECODE_PATH}', 'rb') as f: code, fresh = marshal.loads(f.read()), None`,
  'except Exception:',
  `    code = compile(source, ${JSON.stringify(DRIVER_FILENAME)}, 'exec')`,
  '    fresh = marshal.dumps(code)',
  "exec(code, {'__name__': '__sandcell__', 'DRIVER_BYTECODE': fresh})",
].join('\n');
/**
 * -I: no user site, no PYTHON* env, no cwd on sys.path; -B: no .pyc files; -X utf8: UTF-8 I/O.
 * Not -u: unbuffered, every print() is several host writes (a 100k-line loop took 4x longer);
 * the driver makes stdout line-buffered and flushes it whenever the guest waits.
 * Arguments must be ASCII: shim 0.4.2 sizes argv in UTF-16 units but writes UTF-8.
 */
const args = (preload: boolean) => ['python', '-I', '-B', '-X', 'utf8', '-c', BOOTSTRAP, preload ? 'preload' : 'lean', driverSource];
/** Kept short: wasi-vfs reads the whole environment on every write to a host descriptor. */
const ENV = ['HOME=/tmp', 'TMPDIR=/tmp', 'LANG=C.UTF-8', 'PYTHONDONTWRITEBYTECODE=1'];

export interface InterpreterOptions {
  readonly module: PythonModule;
  /** Memory limit in wasm pages, fixed for the interpreter's life. */
  readonly maxPages: number;
  readonly jspi: Jspi | null;
  /** Mounted at /app (its volume's access gates each run), or null for no /app at all. */
  readonly workspace: WsDir | null;
  /** Caps for /tmp, which lives as long as the interpreter. */
  readonly scratchLimits: VolumeLimits;
}

/** One run's connection to the outside world. */
export interface RunIO extends RunClock {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly stdin: Omit<StdinSource, 'signal' | 'watchDeadline'>;
}

export type RunEnd =
  | { readonly kind: 'done'; readonly reply: DoneMessage }
  | {
      readonly kind: 'died';
      readonly cause: 'exit' | 'crash' | 'protocol';
      readonly exitCode?: number;
      readonly detail: string;
    };

/** The memory limit in pages for a job: at least what the module needs, at most 4 GiB. */
export function pagesFor(memoryBytes: number, minPages: number): number {
  const pages = Math.floor(memoryBytes / WASM_PAGE_BYTES);
  return Math.min(65536, Math.max(minPages, Number.isFinite(pages) ? pages : 65536));
}

/** The driver compiled to bytecode, per compiled python.wasm. */
const bytecodeCache = new WeakMap<WebAssembly.Module, Uint8Array>();

type Exit = { readonly code: number } | { readonly error: unknown };

function describe(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}

export class Interpreter {
  readonly memory: WebAssembly.Memory;
  readonly maxPages: number;
  /** `Python 3.12.0`, once the driver has said hello. */
  version: string | null = null;
  readonly #jspi: Jspi | null;
  readonly #wasi: WASI;
  readonly #instance: WebAssembly.Instance;
  readonly #channel = new ControlChannel();
  readonly #stdin = new StdinFd();
  readonly #stdout = new OutputFd();
  readonly #stderr = new OutputFd();
  #exit: Promise<Exit> | null = null;
  #exited = false;
  #reply: DoneMessage | null = null;
  #onReply: (() => void) | null = null;
  #run: RunIO | null = null;
  #disposed = false;
  /** The last run read stdin, so CPython may hold leftovers the next run must not see. */
  #stdinUsed = false;
  /** The /app preopen, when there is one. */
  readonly #mount: WsOpenDir | null;
  /** The workspace volume and its stamp when the last run ended; null before the first. */
  #lastWorkspace: { volume: Volume; stamp: bigint } | null = null;

  private constructor(options: InterpreterOptions, memory: WebAssembly.Memory, wasi: WASI, instance: WebAssembly.Instance) {
    this.memory = memory;
    this.maxPages = options.maxPages;
    this.#jspi = options.jspi;
    this.#wasi = wasi;
    this.#instance = instance;
    this.#mount = options.workspace ? new WsOpenDir(options.workspace, '/app') : null;
  }

  /** Instantiates (does not start) an interpreter. */
  static async create(options: InterpreterOptions): Promise<Interpreter> {
    const { minPages } = options.module.memory;
    const memory = new WebAssembly.Memory({ initial: minPages, maximum: Math.max(minPages, options.maxPages) });
    const placeholder: Fd[] = [];
    // Under JSPI the interpreter outlives its first run (or waits as a spare): worth preloading.
    const wasi = new WASI(args(options.jspi !== null), ENV, placeholder, { debug: false });
    let self: Interpreter | null = null;
    const imports = buildImports({
      wasi,
      memory,
      jspi: options.jspi,
      run: () => (self ? self.#run : null),
      disposed: () => (self ? self.#disposed : true),
    });
    const instance = await WebAssembly.instantiate(options.module.module, {
      wasi_snapshot_preview1: imports,
      [MEMORY_IMPORT_MODULE]: { [MEMORY_IMPORT_NAME]: memory },
    });
    self = new Interpreter(options, memory, wasi, instance);
    wasi.fds = self.#descriptors(options);
    wasi.inst = instance as unknown as WASI['inst'];
    self.#channel.onMessage = (message) => self!.#receive(message, options.module.module);
    return self;
  }

  #receive(message: DriverMessage, module: WebAssembly.Module): void {
    switch (message.t) {
      case 'hello':
        this.version = message.version;
        // Sent before any guest code has run, so it is the driver's own bytecode.
        if (message.bytecode && !bytecodeCache.has(module)) {
          bytecodeCache.set(module, Uint8Array.from(message.bytecode, (c) => c.charCodeAt(0)));
        }
        break;
      case 'prompt':
        this.#stdin.setPrompt(message.text);
        break;
      case 'done':
        this.#reply = message;
        this.#onReply?.();
        break;
    }
  }

  #descriptors(options: InterpreterOptions): Fd[] {
    const devices = new WsDir(new Volume({ fileBytes: 0, totalBytes: 0 }, 'read'));
    devices.entries.set('sandcell', this.#channel.device);
    const bytecode = bytecodeCache.get(options.module.module);
    if (bytecode) devices.entries.set(BYTECODE_PATH.slice('/dev/'.length), new WsFile(devices.volume, bytecode));
    const scratch = new WsDir(new Volume(options.scratchLimits));
    // wasi-vfs claims the descriptor after the last preopen for its packed stdlib, so the
    // driver reaches the engine by opening /dev/sandcell rather than a fixed fd number.
    return [
      this.#stdin,
      this.#stdout,
      this.#stderr,
      ...(this.#mount ? [this.#mount] : []),
      new WsOpenDir(scratch, '/tmp'),
      new WsOpenDir(devices, '/dev'),
    ];
  }

  /**
   * Mounts another workspace at /app: a spare interpreter started before its run's workspace
   * was known gets it here. Descriptors the guest opened before keep the old files.
   */
  mount(root: WsDir): void {
    if (!this.#mount) throw new Error('this interpreter was started without /app');
    this.#mount.dir = root;
  }

  /** JSPI only: starts the driver and lets it park, so the first command runs at once. */
  async warm(): Promise<boolean> {
    if (!this.#jspi || this.#exit) return this.alive;
    const exit = (this.#exit = this.#start());
    // promising() ran CPython's startup synchronously, up to the driver's first read; a
    // macrotask later, a startup that died instead has settled `exit`.
    await Promise.race([exit, new Promise((resolve) => setTimeout(resolve, 0))]);
    return this.alive && this.version !== null;
  }

  /** No JSPI: runs `pass` to completion, which compiles what CPython's startup touches. */
  async warmUp(): Promise<void> {
    const ignore = () => {};
    await this.run(
      {
        t: 'run',
        code: 'pass',
        context: '{}',
        tier: 'warm-up',
        fs: 'none',
        eval: true,
        modules: '*',
        interactive: false,
        paths: [],
        stdinUsed: false,
        workspaceChanged: true,
      },
      { stdout: ignore, stderr: ignore, stdin: { text: '', ask: null }, signal: new AbortController().signal, deadline: Infinity, expire: ignore, watchDeadline: ignore },
      true,
    );
  }

  /** Alive and able to take another command. */
  get alive(): boolean {
    return !this.#exited && !this.#disposed && this.#channel.state === 'idle';
  }

  get memoryBytes(): number {
    return this.memory.buffer.byteLength;
  }

  /**
   * Runs one command. With `final` the driver sees EOF afterwards and the interpreter exits
   * (fresh mode); otherwise, under JSPI, it parks for the next command.
   */
  async run(command: RunCommand, io: RunIO, final: boolean): Promise<RunEnd> {
    if (!this.alive) throw new Error('interpreter is not alive');
    if (!final && !this.#jspi) throw new Error('keeping an interpreter alive between runs needs JSPI');
    this.#run = io;
    this.#reply = null;
    this.#stdin.bind({ ...io.stdin, signal: io.signal, watchDeadline: io.watchDeadline });
    this.#stdout.bind(io.stdout);
    this.#stderr.bind(io.stderr);
    try {
      const replied = new Promise<void>((resolve) => (this.#onReply = resolve));
      const volume = this.#mount?.volume;
      const last = this.#lastWorkspace;
      const workspaceChanged = !volume || !last || last.volume !== volume || last.stamp !== volume.stamp;
      this.#channel.send({ ...command, stdinUsed: this.#stdinUsed, workspaceChanged }, final);
      const exit = (this.#exit ??= this.#start());
      await Promise.race([replied, exit]);
      const reply = this.#reply;
      if (reply) {
        // Fresh mode: let CPython finish (atexit, flushing files) inside this run.
        if (final) await exit;
        return { kind: 'done', reply };
      }
      return this.#death(await exit);
    } finally {
      this.#onReply = null;
      this.#run = null;
      this.#stdinUsed = this.#stdin.consumed;
      const mounted = this.#mount?.volume;
      this.#lastWorkspace = mounted ? { volume: mounted, stamp: mounted.stamp } : null;
      this.#stdin.unbind();
      this.#stdout.unbind();
      this.#stderr.unbind();
    }
  }

  /** Starts `_start`: suspendable under JSPI, else synchronously to completion. */
  #start(): Promise<Exit> {
    const settle = (exit: Exit): Exit => {
      this.#exited = true;
      return exit;
    };
    const fail = (error: unknown): Exit => settle(error instanceof WASIProcExit ? { code: error.code } : { error });
    const start = this.#instance.exports._start as () => void;
    if (this.#jspi) {
      return this.#jspi.promising(start)().then(() => settle({ code: 0 }), fail);
    }
    try {
      start();
      return Promise.resolve(settle({ code: 0 }));
    } catch (error) {
      return Promise.resolve(fail(error));
    }
  }

  #death(exit: Exit): RunEnd {
    const fault = this.#channel.fault;
    if (fault) return { kind: 'died', cause: 'protocol', detail: fault.message };
    if ('code' in exit) return { kind: 'died', cause: 'exit', exitCode: exit.code, detail: `the interpreter exited with code ${exit.code}` };
    return { kind: 'died', cause: 'crash', detail: describe(exit.error) };
  }

  /**
   * Drops the interpreter without waking it: a parked driver would otherwise run CPython's
   * shutdown, and with it guest atexit handlers. Its suspended stack is garbage collected.
   */
  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    // Close descriptors so workspace files opened by the guest stop holding their bytes.
    for (const fd of this.#wasi.fds) fd?.fd_close();
    this.#wasi.fds = [];
  }
}
