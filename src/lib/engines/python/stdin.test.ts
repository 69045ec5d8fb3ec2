import { describe, expect, it } from 'vitest';
import { wasi } from '@bjorn3/browser_wasi_shim';
import { StdinFd } from './stdin';

const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

describe('stdin', () => {
  it('serves the job stdin, then EOF when nothing can answer', () => {
    const stdin = new StdinFd();
    stdin.bind({ text: 'ab\ncd', ask: null, signal: new AbortController().signal, watchDeadline: () => {} });
    expect(stdin.waitReadable()).toBeNull();
    expect(decode(stdin.fd_read(3).data)).toBe('ab\n');
    expect(decode(stdin.fd_read(100).data)).toBe('cd');
    expect(stdin.fd_read(100).data).toHaveLength(0);
    expect(stdin.consumed).toBe(true);
  });

  it('asks the hook with the announced prompt once stdin is used up, and adds the newline', async () => {
    const prompts: string[] = [];
    const stdin = new StdinFd();
    stdin.bind({ text: '', ask: async (p) => (prompts.push(p), prompts.length === 1 ? 'Ada' : null), signal: new AbortController().signal, watchDeadline: () => {} });
    stdin.setPrompt('name? ');
    await stdin.waitReadable();
    expect(decode(stdin.fd_read(100).data)).toBe('Ada\n');
    await stdin.waitReadable();
    expect(stdin.fd_read(100).data).toHaveLength(0);
    expect(stdin.waitReadable()).toBeNull();
    expect(prompts).toEqual(['name? ', '']);
  });

  it('treats a failing hook as EOF', async () => {
    const stdin = new StdinFd();
    stdin.bind({ text: '', ask: async () => Promise.reject(new Error('host gone')), signal: new AbortController().signal, watchDeadline: () => {} });
    await stdin.waitReadable();
    expect(stdin.fd_read(10)).toMatchObject({ ret: 0, data: new Uint8Array(0) });
  });

  it('arms the run deadline before waiting, stops waiting when the run is aborted, and reads then fail with ECANCELED', async () => {
    const controller = new AbortController();
    const stdin = new StdinFd();
    let watched = 0;
    stdin.bind({ text: 'line\n', ask: () => new Promise(() => {}), signal: controller.signal, watchDeadline: () => watched++ });
    expect(stdin.waitReadable()).toBeNull();
    stdin.fd_read(100);
    expect(watched).toBe(0); // buffered input: no wait, no timer
    const waiting = stdin.waitReadable()!;
    expect(watched).toBe(1);
    controller.abort('timeout');
    await waiting;
    expect(stdin.fd_read(10).ret).toBe(wasi.ERRNO_CANCELED);
  });

  it('drops an answer that arrives after the run ended', async () => {
    let answer!: (line: string) => void;
    const stdin = new StdinFd();
    stdin.bind({ text: '', ask: () => new Promise((resolve) => (answer = resolve)), signal: new AbortController().signal, watchDeadline: () => {} });
    void stdin.waitReadable();
    await Promise.resolve();
    stdin.unbind();
    stdin.bind({ text: '', ask: null, signal: new AbortController().signal, watchDeadline: () => {} });
    answer('late');
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(stdin.fd_read(10).data).toHaveLength(0);
  });

  it('is not a tty', () => {
    const { fdstat } = new StdinFd().fd_fdstat_get();
    expect(fdstat!.fs_rights_base & BigInt(wasi.RIGHTS_FD_SEEK)).not.toBe(0n);
  });
});
