/** fds 1 and 2: UTF-8 decoded in streaming mode and handed to the current run's sink. */
import { wasi } from '@bjorn3/browser_wasi_shim';
import { STREAM_RIGHTS } from './stdin';
import { BaseFd } from './wasi-fd';
import { Stat } from './wasi-fs';

export class OutputFd extends BaseFd {
  #sink: ((text: string) => void) | null = null;
  #decoder = new TextDecoder('utf-8');

  bind(sink: (text: string) => void): void {
    this.#sink = sink;
    this.#decoder = new TextDecoder('utf-8');
  }

  /** Flushes a trailing partial character (as U+FFFD) and drops output until the next bind. */
  unbind(): void {
    const rest = this.#decoder.decode();
    if (rest) this.#sink?.(rest);
    this.#sink = null;
  }

  override fd_write(data: Uint8Array): { ret: number; nwritten: number } {
    // Between runs (a parked interpreter) output has nowhere to go and is dropped.
    if (this.#sink) {
      const text = this.#decoder.decode(data, { stream: true });
      if (text) this.#sink(text);
    }
    return { ret: wasi.ERRNO_SUCCESS, nwritten: data.length };
  }

  override fd_fdstat_get(): { ret: number; fdstat: wasi.Fdstat | null } {
    const fdstat = new wasi.Fdstat(wasi.FILETYPE_CHARACTER_DEVICE, 0);
    fdstat.fs_rights_base = BigInt(wasi.RIGHTS_FD_WRITE) | STREAM_RIGHTS;
    return { ret: wasi.ERRNO_SUCCESS, fdstat };
  }

  override fd_filestat_get(): { ret: number; filestat: wasi.Filestat | null } {
    return { ret: wasi.ERRNO_SUCCESS, filestat: new Stat(0n, wasi.FILETYPE_CHARACTER_DEVICE, 0) };
  }

  override fd_seek(): { ret: number; offset: bigint } {
    return { ret: wasi.ERRNO_SPIPE, offset: 0n };
  }
}
