/**
 * The control channel between the engine and the Python driver, seen by the guest as the
 * character device /dev/sandcell. Frames are a 4-byte big-endian length and that many bytes.
 * Driver → host frames hold UTF-8 JSON; host → driver frames hold NUL-separated UTF-8 fields,
 * which the driver splits without loading `json` (and with it `re`) on every fresh start.
 *
 * Not a security boundary: guest code shares the interpreter with the driver and can write to
 * the driver's descriptor. The WASM sandbox is the boundary. What the channel guarantees is
 * that nonsense from the guest never hangs the engine: any malformed frame, unexpected message
 * or out-of-turn read throws a ProtocolError out of the WASI call, which unwinds the wasm
 * stack, kills the interpreter and gets reported; the next run starts a fresh one.
 */
import { wasi, type Fd } from '@bjorn3/browser_wasi_shim';
import type { Permissions } from '../protocol';
import { BaseFd } from './wasi-fd';
import { Stat, type Device } from './wasi-fs';

/** Host → driver: run one piece of code. */
export interface RunCommand {
  readonly t: 'run';
  readonly code: string;
  /** A JSON object's text; its keys become variables. */
  readonly context: string;
  readonly tier: Permissions['tier'];
  readonly fs: Permissions['fs'];
  readonly eval: boolean;
  readonly modules: readonly string[] | '*';
  /** Input requests can reach the host (JSPI and an input hook); shapes the EOF message. */
  readonly interactive: boolean;
  /** sys.path entries after the stdlib: /app/site-packages and its wheels, when present. */
  readonly paths: readonly string[];
  /** An earlier run in this interpreter read stdin: its buffered leftovers must go. */
  readonly stdinUsed: boolean;
  /** The workspace changed since this interpreter last ran: import caches must go. */
  readonly workspaceChanged: boolean;
}

export interface DriverError {
  readonly name: string;
  readonly message: string;
  /** The CPython traceback text, driver frames removed (also printed to stderr). */
  readonly traceback: string;
  readonly line: number | null;
  /** The uncaught exception was a MemoryError. */
  readonly memory: boolean;
}

/** Driver → host. */
export type DriverMessage =
  /** `bytecode`: the driver's marshalled code as a latin-1 string, when it had to compile itself. */
  | { readonly t: 'hello'; readonly version: string; readonly bytecode?: string }
  | { readonly t: 'prompt'; readonly text: string }
  | { readonly t: 'done'; readonly exitCode: number | null; readonly error: DriverError | null };

export type DoneMessage = Extract<DriverMessage, { t: 'done' }>;

export class ProtocolError extends Error {
  override name = 'ProtocolError';
}

/** Larger frames are refused: nothing legitimate comes close (tracebacks are capped in the driver). */
export const MAX_FRAME_BYTES = 16 * 1024 * 1024;

function frame(body: Uint8Array): Uint8Array {
  const out = new Uint8Array(4 + body.length);
  new DataView(out.buffer).setUint32(0, body.length);
  out.set(body, 4);
  return out;
}

/** A driver message as the driver frames it (used by tests to play the driver). */
export function encodeMessage(message: DriverMessage): Uint8Array {
  return frame(utf8.encode(JSON.stringify(message)));
}

/**
 * The fields of a command, in the order driver.py's recv() unpacks them. The code comes last:
 * it is the one field that may hold a NUL, the separator (see encodeCommand).
 */
export function commandFields(command: RunCommand): string[] {
  // '=' marks a list, so a module literally named '*' can never mean "all".
  const modules = command.modules === '*' ? '*' : `=${command.modules.join('\n')}`;
  const flag = (value: boolean) => (value ? '1' : '0');
  const fields = [
    command.t,
    command.context,
    command.tier,
    command.fs,
    flag(command.eval),
    modules,
    flag(command.interactive),
    command.paths.join('\n'),
    flag(command.stdinUsed),
    flag(command.workspaceChanged),
  ];
  for (const field of fields) if (field.includes('\0')) throw new ProtocolError(`a command field holds a NUL character: ${JSON.stringify(field)}`);
  return [...fields, command.code];
}

const utf8 = new TextEncoder();

/**
 * A command frame: the frame length, then the fields in UTF-8, joined by NULs. The driver splits
 * them with one `str.split('\0', 10)`, which leaves any NUL in the code, the last field, alone:
 * cheaper than unpacking a length per field, which was a fair share of a warm run.
 */
export function encodeCommand(command: RunCommand): Uint8Array {
  const text = commandFields(command).join('\0');
  // UTF-8 takes at most 3 bytes per UTF-16 unit.
  const out = new Uint8Array(4 + text.length * 3);
  const { written } = utf8.encodeInto(text, out.subarray(4));
  new DataView(out.buffer).setUint32(0, written);
  return out.subarray(0, 4 + written);
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function parseError(value: unknown): DriverError | null | undefined {
  if (value === null) return null;
  if (!isRecord(value)) return undefined;
  const { name, message, traceback, line, memory } = value;
  if (typeof name !== 'string' || typeof message !== 'string' || typeof traceback !== 'string' || typeof memory !== 'boolean') return undefined;
  if (line !== null && !(typeof line === 'number' && Number.isInteger(line))) return undefined;
  return { name, message, traceback, line, memory };
}

/** Checks the shape of a decoded message; null when it is not one the driver sends. */
export function parseDriverMessage(value: unknown): DriverMessage | null {
  if (!isRecord(value)) return null;
  switch (value.t) {
    case 'hello': {
      const { version, bytecode } = value;
      if (typeof version !== 'string' || (bytecode !== undefined && bytecode !== null && typeof bytecode !== 'string')) return null;
      return typeof bytecode === 'string' ? { t: 'hello', version, bytecode } : { t: 'hello', version };
    }
    case 'prompt':
      return typeof value.text === 'string' ? { t: 'prompt', text: value.text } : null;
    case 'done': {
      const { exitCode } = value;
      if (exitCode !== null && !(typeof exitCode === 'number' && Number.isInteger(exitCode))) return null;
      const error = parseError(value.error);
      return error === undefined ? null : { t: 'done', exitCode, error };
    }
    default:
      return null;
  }
}

/** Splits the guest's byte stream into messages; throws ProtocolError on anything malformed. */
export class FrameDecoder {
  #buffer = new Uint8Array(0);
  readonly #utf8 = new TextDecoder('utf-8', { fatal: true });

  push(bytes: Uint8Array): DriverMessage[] {
    const joined = new Uint8Array(this.#buffer.length + bytes.length);
    joined.set(this.#buffer);
    joined.set(bytes, this.#buffer.length);
    const messages: DriverMessage[] = [];
    let offset = 0;
    while (joined.length - offset >= 4) {
      const length = new DataView(joined.buffer, offset, 4).getUint32(0);
      if (length > MAX_FRAME_BYTES) throw new ProtocolError(`frame of ${length} bytes is over the ${MAX_FRAME_BYTES}-byte limit`);
      if (joined.length - offset - 4 < length) break;
      const body = joined.subarray(offset + 4, offset + 4 + length);
      offset += 4 + length;
      let value: unknown;
      try {
        value = JSON.parse(this.#utf8.decode(body));
      } catch {
        throw new ProtocolError('frame is not valid UTF-8 JSON');
      }
      const message = parseDriverMessage(value);
      if (!message) throw new ProtocolError('frame is not a driver message');
      messages.push(message);
    }
    this.#buffer = joined.slice(offset);
    return messages;
  }

  /** Bytes of an incomplete frame still waiting for the rest. */
  get pendingBytes(): number {
    return this.#buffer.length;
  }
}

type ChannelState = 'idle' | 'running' | 'closed';

/**
 * The engine's end of the channel. `idle`: waiting for a command (a read parks under JSPI, or
 * sees EOF without it); `running`: a command is out and the next thing allowed from the guest
 * is `prompt`s and one `done`; `closed`: reads see EOF.
 */
export class ControlChannel {
  #state: ChannelState = 'idle';
  #outbox: Uint8Array = new Uint8Array(0);
  #closeWhenDrained = false;
  #wake: (() => void) | null = null;
  #opened = false;
  #hello = false;
  readonly #decoder = new FrameDecoder();
  /** The first protocol violation, kept so the engine can tell it from a crash. */
  fault: ProtocolError | null = null;
  /** Receives each message; called synchronously from inside the guest's write. */
  onMessage: (message: DriverMessage) => void = () => {};

  /** The /dev/sandcell node. Only the first open gets the channel: the driver opens it at startup. */
  readonly device: Device = {
    ino: 0n,
    open: (): { ret: number; fd: Fd | null } => {
      if (this.#opened) return { ret: wasi.ERRNO_BUSY, fd: null };
      this.#opened = true;
      return { ret: wasi.ERRNO_SUCCESS, fd: new ControlFd(this) };
    },
    stat: () => new Stat(0n, wasi.FILETYPE_CHARACTER_DEVICE, 0),
  };

  get state(): ChannelState {
    return this.#state;
  }

  /** Queues a command; with `thenClose` the driver sees EOF after it (fresh mode). */
  send(command: RunCommand, thenClose: boolean): void {
    if (this.#state !== 'idle') throw new Error(`cannot send a command while the channel is ${this.#state}`);
    this.#outbox = encodeCommand(command);
    this.#closeWhenDrained = thenClose;
    this.#state = 'running';
    this.#wakeReader();
  }

  /** Makes every further read see EOF. */
  close(): void {
    this.#state = 'closed';
    this.#outbox = new Uint8Array(0);
    this.#wakeReader();
  }

  /** JSPI only: what a read must await first, or null when it can proceed at once. */
  waitReadable(): Promise<void> | null {
    if (this.#state !== 'idle' || this.#outbox.length) return null;
    return new Promise((resolve) => {
      this.#wake = resolve;
    });
  }

  read(size: number): { ret: number; data: Uint8Array } {
    if (this.#outbox.length) {
      const data = this.#outbox.slice(0, size);
      this.#outbox = this.#outbox.subarray(data.length);
      return { ret: wasi.ERRNO_SUCCESS, data };
    }
    if (this.#state === 'running') this.#violation('the guest read the control channel while a command was running');
    // idle without JSPI, or closed: end of commands.
    return { ret: wasi.ERRNO_SUCCESS, data: new Uint8Array(0) };
  }

  write(data: Uint8Array): { ret: number; nwritten: number } {
    let messages: DriverMessage[];
    try {
      messages = this.#decoder.push(data);
    } catch (error) {
      this.#violation(error instanceof Error ? error.message : String(error));
    }
    for (const message of messages) this.#accept(message);
    return { ret: wasi.ERRNO_SUCCESS, nwritten: data.length };
  }

  #accept(message: DriverMessage): void {
    if (message.t === 'hello') {
      // Always the driver's first message; the first command may already be queued by then.
      if (this.#hello) this.#violation('unexpected hello');
      this.#hello = true;
    } else if (this.#state !== 'running' || !this.#hello) {
      this.#violation(`unexpected ${message.t} while ${this.#hello ? this.#state : 'starting'}`);
    } else if (message.t === 'done') {
      if (this.#outbox.length) this.#violation('done before the command was read');
      this.#state = this.#closeWhenDrained ? 'closed' : 'idle';
    }
    this.onMessage(message);
  }

  #violation(reason: string): never {
    this.fault ??= new ProtocolError(reason);
    this.#state = 'closed';
    throw this.fault;
  }

  #wakeReader(): void {
    const wake = this.#wake;
    this.#wake = null;
    wake?.();
  }
}

/** The driver's descriptor on /dev/sandcell. */
class ControlFd extends BaseFd {
  readonly #channel: ControlChannel;

  constructor(channel: ControlChannel) {
    super();
    this.#channel = channel;
  }

  waitReadable(): Promise<void> | null {
    return this.#channel.waitReadable();
  }

  override fd_read(size: number): { ret: number; data: Uint8Array } {
    return this.#channel.read(size);
  }

  override fd_write(data: Uint8Array): { ret: number; nwritten: number } {
    return this.#channel.write(data);
  }

  override fd_fdstat_get(): { ret: number; fdstat: wasi.Fdstat | null } {
    return { ret: wasi.ERRNO_SUCCESS, fdstat: new wasi.Fdstat(wasi.FILETYPE_CHARACTER_DEVICE, 0) };
  }

  override fd_filestat_get(): { ret: number; filestat: wasi.Filestat | null } {
    return { ret: wasi.ERRNO_SUCCESS, filestat: new Stat(0n, wasi.FILETYPE_CHARACTER_DEVICE, 0) };
  }
}
