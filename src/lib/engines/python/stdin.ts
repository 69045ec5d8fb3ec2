/**
 * fd 0. Serves the job's stdin first; after that, when the run is interactive (JSPI and an
 * input hook), a read first awaits `ask(prompt)`, with the prompt the driver announced over
 * the control channel just before. Without an answer source the guest sees EOF, never a hang.
 * While it waits, an aborted run (deadline, cancel) turns the read into ECANCELED, which the
 * driver raises as KeyboardInterrupt so the guest unwinds and the interpreter survives.
 */
import { wasi } from '@bjorn3/browser_wasi_shim';
import { BaseFd } from './wasi-fd';
import { Stat } from './wasi-fs';

export interface StdinSource {
  readonly text: string;
  /** Asks the host for a line; null means EOF. Absent when the run is not interactive. */
  readonly ask: ((prompt: string) => Promise<string | null>) | null;
  readonly signal: AbortSignal;
  /** Called before waiting for the host's answer, so the run's deadline can end the wait. */
  readonly watchDeadline: () => void;
}

/** Seek rights make wasi-libc's isatty() say no (so CPython never takes its readline path); fd_seek still fails. */
export const STREAM_RIGHTS = BigInt(wasi.RIGHTS_FD_SEEK | wasi.RIGHTS_FD_TELL);

export class StdinFd extends BaseFd {
  #buffer = new Uint8Array(0);
  #source: StdinSource | null = null;
  #eof = true;
  #prompt = '';
  /** Bumped on every bind, so a late answer meant for an earlier run is dropped. */
  #generation = 0;
  /** The guest got bytes from stdin since the last bind. */
  consumed = false;

  bind(source: StdinSource): void {
    this.#generation++;
    this.#source = source;
    this.#buffer = new TextEncoder().encode(source.text);
    this.#eof = source.ask === null;
    this.#prompt = '';
    this.consumed = false;
  }

  unbind(): void {
    this.#generation++;
    this.#source = null;
    this.#buffer = new Uint8Array(0);
    this.#eof = true;
  }

  /** The prompt of the input() call about to read. */
  setPrompt(text: string): void {
    this.#prompt = text;
  }

  /** JSPI only: what a read must await first, or null when it can proceed at once. */
  waitReadable(): Promise<void> | null {
    const source = this.#source;
    if (!source?.ask || this.#buffer.length || this.#eof || source.signal.aborted) return null;
    source.watchDeadline();
    const generation = this.#generation;
    const prompt = this.#prompt;
    this.#prompt = '';
    return new Promise<void>((resolve) => {
      const signal = source.signal;
      const finish = () => {
        signal.removeEventListener('abort', finish);
        resolve();
      };
      signal.addEventListener('abort', finish);
      const answer = (line: string | null) => {
        if (generation !== this.#generation || signal.aborted) return;
        if (line === null) this.#eof = true;
        else this.#buffer = new TextEncoder().encode(line.endsWith('\n') ? line : `${line}\n`);
      };
      Promise.resolve()
        .then(() => source.ask!(prompt))
        .then(
          (line) => answer(typeof line === 'string' ? line : null),
          () => answer(null),
        )
        .finally(finish);
    });
  }

  override fd_read(size: number): { ret: number; data: Uint8Array } {
    if (this.#source?.signal.aborted) return { ret: wasi.ERRNO_CANCELED, data: new Uint8Array(0) };
    const data = this.#buffer.slice(0, size);
    this.#buffer = this.#buffer.subarray(data.length);
    if (data.length) {
      this.#prompt = '';
      this.consumed = true;
    }
    return { ret: wasi.ERRNO_SUCCESS, data };
  }

  override fd_fdstat_get(): { ret: number; fdstat: wasi.Fdstat | null } {
    const fdstat = new wasi.Fdstat(wasi.FILETYPE_CHARACTER_DEVICE, 0);
    fdstat.fs_rights_base = BigInt(wasi.RIGHTS_FD_READ) | STREAM_RIGHTS;
    return { ret: wasi.ERRNO_SUCCESS, fdstat };
  }

  override fd_filestat_get(): { ret: number; filestat: wasi.Filestat | null } {
    return { ret: wasi.ERRNO_SUCCESS, filestat: new Stat(0n, wasi.FILETYPE_CHARACTER_DEVICE, 0) };
  }

  override fd_seek(): { ret: number; offset: bigint } {
    return { ret: wasi.ERRNO_SPIPE, offset: 0n };
  }
}
