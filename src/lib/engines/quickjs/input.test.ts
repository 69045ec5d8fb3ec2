import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../protocol';
import { InputQueue, splitLines } from './input';
import { VARIANTS, engineFor, hooks, job } from './testing';

describe('splitLines', () => {
  it('drops only the final empty line', () => {
    expect(splitLines(undefined)).toEqual([]);
    expect(splitLines('')).toEqual([]);
    expect(splitLines('a\nb\n')).toEqual(['a', 'b']);
    expect(splitLines('a\r\n\nb')).toEqual(['a', '', 'b']);
  });
});

describe('InputQueue', () => {
  it('answers from stdin first, echoing the prompt, then from the hook', async () => {
    const echoed: string[] = [];
    const asked: string[] = [];
    const queue = new InputQueue({
      stdin: 'one\n',
      interactive: true,
      ask: async (prompt) => (asked.push(prompt), 'two\n'),
      echo: (text) => echoed.push(text),
    });
    expect(await queue.next('1? ')).toEqual({ ok: true, line: 'one' });
    expect(await queue.next('2? ')).toEqual({ ok: true, line: 'two' });
    expect(echoed).toEqual(['1? ']);
    expect(asked).toEqual(['2? ']);
  });

  it('keeps answers in call order even when the hook is slow', async () => {
    let release: (line: string) => void = () => {};
    const queue = new InputQueue({
      interactive: true,
      ask: () => new Promise((resolve) => (release = resolve)),
      echo: () => {},
    });
    const first = queue.next('a');
    const second = queue.next('b');
    await Promise.resolve();
    release('first');
    expect(await first).toEqual({ ok: true, line: 'first' });
    await Promise.resolve();
    release('second');
    expect(await second).toEqual({ ok: true, line: 'second' });
  });

  it('ends with a reason when there is nothing to read', async () => {
    const none = new InputQueue({ interactive: false, ask: async () => 'x', echo: () => {} });
    expect(await none.next('')).toEqual({ ok: false, reason: expect.stringMatching(/no stdin was given and no input handler/) });
    const exhausted = new InputQueue({ stdin: 'a', interactive: false, ask: async () => 'x', echo: () => {} });
    await exhausted.next('');
    expect(await exhausted.next('')).toEqual({ ok: false, reason: expect.stringMatching(/stdin is exhausted/) });
    const closed = new InputQueue({ interactive: true, ask: async () => null, echo: () => {} });
    expect(await closed.next('')).toEqual({ ok: false, reason: expect.stringMatching(/the input was closed/) });
    const broken = new InputQueue({ interactive: true, ask: async () => Promise.reject(new Error('port closed')), echo: () => {} });
    expect(await broken.next('')).toEqual({ ok: false, reason: expect.stringMatching(/input handler failed \(port closed\)/) });
  });
});

describe.each(VARIANTS)('$id input()', ({ id }) => {
  let engine: Engine;

  beforeAll(async () => {
    engine = await engineFor(id);
  });
  afterAll(() => engine.dispose());

  it('reads job.stdin line by line, writing the prompt like Python with piped stdin', async () => {
    const out = await engine.run(job('const name = await input("Name? ");\nconst age = await input("Age? ");\nconsole.log(`${name} is ${age}`);', { stdin: 'Ada\n36\n' }), hooks());
    expect(out).toMatchObject({ status: 'completed', stdout: 'Name? Age? Ada is 36\n' });
  });

  it('asks the host when stdin runs out and the run is interactive, passing the prompt', async () => {
    const h = hooks(['from host']);
    const out = await engine.run(job('console.log(await input("first? "), await input("second? "))', { stdin: 'from stdin', interactive: true }), h);
    expect(out.stdout).toBe('first? from stdin from host\n');
    expect(h.prompts).toEqual(['second? ']);
  });

  it('rejects with EOFError, at the caller line, when there is nothing to read', async () => {
    const out = await engine.run(job('const x = 1;\nawait input();'), hooks());
    expect(out).toMatchObject({ status: 'error', error: { name: 'EOFError', line: 2 } });
    expect(out.error?.message).toBe('EOF when reading a line: no stdin was given and no input handler is attached');
    const closed = await engine.run(job('try { await input("? ") } catch (e) { console.log(e.name, e.message) }', { interactive: true }), hooks([null]));
    expect(closed.stdout).toBe('EOFError EOF when reading a line: the input was closed\n');
  });

  it('keeps order when input() is called again before the first answer', async () => {
    const out = await engine.run(job('const [a, b] = await Promise.all([input(), input()]); console.log(a, b)', { interactive: true }), hooks(['1', '2']));
    expect(out.stdout).toBe('1 2\n');
  });
});
