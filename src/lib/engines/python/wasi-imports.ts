/**
 * The WASI import object: the shim's implementation with the calls the engine needs to own
 * replaced. Under JSPI, reads that must wait (control channel, interactive stdin) and sleeps
 * suspend the interpreter instead of blocking the worker.
 */
import { wasi, type WASI } from '@bjorn3/browser_wasi_shim';
import type { Jspi } from './jspi';
import { WsOpenDir } from './wasi-fd';

/** The current run's abort state, as the imports need it. */
export interface RunClock {
  /** Aborted at the deadline once `watchDeadline` was called, or on cancel. */
  readonly signal: AbortSignal;
  /** performance.now() at which the run times out. */
  readonly deadline: number;
  /** Marks the run timed out (used from a blocking sleep, where no timer can fire). */
  expire(): void;
  /** The guest is about to wait: from now on the deadline must abort `signal` by itself. */
  watchDeadline(): void;
}

export interface ImportContext {
  readonly wasi: WASI;
  readonly memory: WebAssembly.Memory;
  readonly jspi: Jspi | null;
  readonly run: () => RunClock | null;
  /** True once the interpreter is disposed: a suspended call must then never resume it. */
  readonly disposed: () => boolean;
}

interface Waitable {
  waitReadable(): Promise<void> | null;
}

const isWaitable = (fd: unknown): fd is Waitable => typeof (fd as Partial<Waitable> | undefined)?.waitReadable === 'function';

type Imports = Record<string, (...args: never[]) => unknown>;

const SUBSCRIPTION_BYTES = 48;
const EVENT_BYTES = 32;
/** Resolves never: a disposed interpreter stays suspended until it is garbage collected. */
const forever = () => new Promise<never>(() => {});

function nowNs(clock: number): bigint | null {
  if (clock === wasi.CLOCKID_REALTIME) return BigInt(Math.round((performance.timeOrigin + performance.now()) * 1e6));
  // CPU-time clocks fall back to the monotonic clock: the guest is the only thing on its thread.
  if (clock === wasi.CLOCKID_MONOTONIC || clock === wasi.CLOCKID_PROCESS_CPUTIME_ID || clock === wasi.CLOCKID_THREAD_CPUTIME_ID) {
    return BigInt(Math.round(performance.now() * 1e6));
  }
  return null;
}

/** Blocks the thread (sync mode only): Atomics.wait where allowed, else a busy wait. */
function blockFor(ms: number): void {
  if (ms <= 0) return;
  if (typeof SharedArrayBuffer === 'function') {
    try {
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
      return;
    } catch {
      // Not allowed on this thread: fall through.
    }
  }
  const end = performance.now() + ms;
  while (performance.now() < end);
}

function sleep(ms: number, signal: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    const done = (completed: boolean) => {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      resolve(completed);
    };
    const onAbort = () => done(false);
    const timer = setTimeout(() => done(true), ms);
    signal.addEventListener('abort', onAbort);
  });
}

interface Subscription {
  readonly userdata: bigint;
  readonly type: number;
  /** Milliseconds until a clock subscription fires. */
  readonly delayMs: number;
}

/** Reads subscriptions with the real WASI layout (shim 0.4.2 reads clock flags at a wrong offset). */
function readSubscriptions(view: DataView, ptr: number, count: number): Subscription[] | null {
  const subs: Subscription[] = [];
  for (let i = 0; i < count; i++) {
    const base = ptr + i * SUBSCRIPTION_BYTES;
    const userdata = view.getBigUint64(base, true);
    const type = view.getUint8(base + 8);
    if (type !== wasi.EVENTTYPE_CLOCK) {
      subs.push({ userdata, type, delayMs: 0 });
      continue;
    }
    const now = nowNs(view.getUint32(base + 16, true));
    if (now === null) return null;
    const timeout = view.getBigUint64(base + 24, true);
    const absolute = (view.getUint16(base + 40, true) & wasi.SUBCLOCKFLAGS_SUBSCRIPTION_CLOCK_ABSTIME) !== 0;
    const ns = absolute ? timeout - now : timeout;
    subs.push({ userdata, type, delayMs: ns > 0n ? Number(ns) / 1e6 : 0 });
  }
  return subs;
}

function writeEvents(memory: WebAssembly.Memory, outPtr: number, neventsPtr: number, fired: Subscription[]): void {
  const view = new DataView(memory.buffer);
  fired.forEach((sub, i) => {
    const base = outPtr + i * EVENT_BYTES;
    for (let b = 0; b < EVENT_BYTES; b += 8) view.setBigUint64(base + b, 0n, true);
    view.setBigUint64(base, sub.userdata, true);
    view.setUint16(base + 8, wasi.ERRNO_SUCCESS, true);
    view.setUint8(base + 10, sub.type);
  });
  view.setUint32(neventsPtr, fired.length, true);
}

/**
 * environ_get with the strings encoded once. wasi-vfs inside python.wasm reads the whole
 * environment on every write to a host descriptor, and the shim re-encodes it each time,
 * which made a print() loop four times slower.
 */
function environment(env: readonly string[], memory: WebAssembly.Memory): Pick<Imports, 'environ_sizes_get' | 'environ_get'> {
  const encoder = new TextEncoder();
  const strings = env.map((entry) => encoder.encode(`${entry}\0`));
  const offsets: number[] = [];
  let size = 0;
  for (const bytes of strings) {
    offsets.push(size);
    size += bytes.length;
  }
  const block = new Uint8Array(size);
  strings.forEach((bytes, i) => block.set(bytes, offsets[i]));
  return {
    environ_sizes_get(countPtr: number, sizePtr: number): number {
      const view = new DataView(memory.buffer);
      view.setUint32(countPtr, strings.length, true);
      view.setUint32(sizePtr, size, true);
      return wasi.ERRNO_SUCCESS;
    },
    environ_get(pointersPtr: number, bufferPtr: number): number {
      const view = new DataView(memory.buffer);
      offsets.forEach((offset, i) => view.setUint32(pointersPtr + i * 4, bufferPtr + offset, true));
      new Uint8Array(memory.buffer).set(block, bufferPtr);
      return wasi.ERRNO_SUCCESS;
    },
  };
}

function readString(memory: WebAssembly.Memory, ptr: number, len: number): string {
  return new TextDecoder().decode(new Uint8Array(memory.buffer, ptr, len));
}

export function buildImports(ctx: ImportContext): Imports {
  const { memory, jspi } = ctx;
  const base = ctx.wasi.wasiImport as Imports;
  const syncRead = ctx.wasi.wasiImport.fd_read!;
  const fds = () => ctx.wasi.fds;

  /**
   * Sleeps and fd polls. File descriptors are always ready (nothing here blocks); clocks sleep
   * until the earliest fires. A run that is out of time gets ECANCELED, which the driver turns
   * into KeyboardInterrupt.
   */
  function pollOneoff(inPtr: number, outPtr: number, count: number, neventsPtr: number): number | Promise<number> {
    if (count === 0) return wasi.ERRNO_INVAL;
    const subs = readSubscriptions(new DataView(memory.buffer), inPtr, count);
    if (!subs) return wasi.ERRNO_INVAL;
    const ready = subs.filter((s) => s.type !== wasi.EVENTTYPE_CLOCK);
    if (ready.length) {
      writeEvents(memory, outPtr, neventsPtr, ready);
      return wasi.ERRNO_SUCCESS;
    }
    const first = subs.reduce((a, b) => (b.delayMs < a.delayMs ? b : a));
    const run = ctx.run();
    if (run?.signal.aborted) return wasi.ERRNO_CANCELED;
    if (first.delayMs <= 0) {
      writeEvents(memory, outPtr, neventsPtr, [first]);
      return wasi.ERRNO_SUCCESS;
    }
    if (!jspi) {
      const left = run ? run.deadline - performance.now() : Infinity;
      if (first.delayMs >= left) {
        blockFor(left);
        run!.expire();
        return wasi.ERRNO_CANCELED;
      }
      blockFor(first.delayMs);
      writeEvents(memory, outPtr, neventsPtr, [first]);
      return wasi.ERRNO_SUCCESS;
    }
    run?.watchDeadline();
    const signal = run?.signal ?? new AbortController().signal;
    return sleep(first.delayMs, signal).then((completed) => {
      if (ctx.disposed()) return forever();
      if (!completed) return wasi.ERRNO_CANCELED;
      writeEvents(memory, outPtr, neventsPtr, [first]);
      return wasi.ERRNO_SUCCESS;
    });
  }

  /** Reads that may have to wait for the host (control channel, interactive stdin). */
  function fdRead(fd: number, iovs: number, iovsLen: number, nreadPtr: number): unknown {
    const target = fds()[fd];
    const wait = isWaitable(target) ? target.waitReadable() : null;
    if (!wait) return syncRead(fd, iovs, iovsLen, nreadPtr);
    return wait.then(() => (ctx.disposed() ? forever() : syncRead(fd, iovs, iovsLen, nreadPtr)));
  }

  const imports: Imports = {
    ...base,
    ...environment(ctx.wasi.env, memory),
    clock_time_get(clock: number, _precision: bigint, ptr: number): number {
      const now = nowNs(clock);
      if (now === null) return wasi.ERRNO_INVAL;
      new DataView(memory.buffer).setBigUint64(ptr, now, true);
      return wasi.ERRNO_SUCCESS;
    },
    path_rename(fd: number, oldPtr: number, oldLen: number, newFd: number, newPtr: number, newLen: number): number {
      const from = fds()[fd];
      const to = fds()[newFd];
      if (!from || !to) return wasi.ERRNO_BADF;
      if (!(from instanceof WsOpenDir) || !(to instanceof WsOpenDir)) return wasi.ERRNO_NOTDIR;
      return from.renameTo(readString(memory, oldPtr, oldLen), to, readString(memory, newPtr, newLen));
    },
    // The shim throws strings here, which would kill the interpreter over a failed socket call.
    sock_accept: () => wasi.ERRNO_NOTSUP,
    sock_recv: () => wasi.ERRNO_NOTSUP,
    sock_send: () => wasi.ERRNO_NOTSUP,
    sock_shutdown: () => wasi.ERRNO_NOTSUP,
    poll_oneoff: pollOneoff,
  };
  if (jspi) {
    imports.fd_read = new jspi.Suspending(fdRead) as Imports[string];
    imports.poll_oneoff = new jspi.Suspending(pollOneoff) as Imports[string];
  }
  return imports;
}
