import { describe, expect, it } from 'vitest';
import { wasi } from '@bjorn3/browser_wasi_shim';
import { commandFields, ControlChannel, encodeCommand, encodeMessage, FrameDecoder, MAX_FRAME_BYTES, parseDriverMessage, ProtocolError, type DriverMessage, type RunCommand } from './control';

const command: RunCommand = {
  t: 'run',
  code: 'print("é")',
  context: '{"a":1}',
  tier: 'strict',
  fs: 'read',
  eval: false,
  modules: ['json', 'math'],
  interactive: true,
  paths: ['/app/site-packages', '/app/site-packages/x.whl'],
  stdinUsed: false,
  workspaceChanged: true,
};
const done: DriverMessage = { t: 'done', exitCode: null, error: null };
const hello: DriverMessage = { t: 'hello', version: 'Python 3.12.0' };

/** Splits a command frame back into its fields, as driver.py does (`split('\0', 10)`). */
function fieldsOf(frame: Uint8Array): string[] {
  const view = new DataView(frame.buffer, frame.byteOffset);
  expect(view.getUint32(0)).toBe(frame.length - 4);
  const parts = new TextDecoder().decode(frame.subarray(4)).split('\0');
  return [...parts.slice(0, 10), parts.slice(10).join('\0')];
}

describe('command frames', () => {
  it('carry the fields in the order the driver unpacks them', () => {
    expect(fieldsOf(encodeCommand(command))).toEqual(['run', '{"a":1}', 'strict', 'read', '0', '=json\nmath', '1', '/app/site-packages\n/app/site-packages/x.whl', '0', '1', 'print("é")']);
    // NULs in the code stay in the code; anywhere else they are refused.
    expect(fieldsOf(encodeCommand({ ...command, code: 'a\0b\0' })).at(-1)).toBe('a\0b\0');
    expect(() => encodeCommand({ ...command, paths: ['/app/x\0y'] })).toThrow(ProtocolError);
    expect(commandFields({ ...command, modules: '*', paths: [] })[5]).toBe('*');
    expect(commandFields({ ...command, modules: ['*'] })[5]).toBe('=*');
    expect(commandFields({ ...command, modules: [] })[5]).toBe('=');
  });
});

describe('driver messages', () => {
  it('accept the shapes the driver sends', () => {
    expect(parseDriverMessage(hello)).toEqual(hello);
    expect(parseDriverMessage({ t: 'hello', version: 'x', bytecode: 'abc' })).toEqual({ t: 'hello', version: 'x', bytecode: 'abc' });
    expect(parseDriverMessage({ t: 'prompt', text: '> ' })).toEqual({ t: 'prompt', text: '> ' });
    const error = { name: 'ValueError', message: 'x', traceback: 'tb', line: 3, memory: false };
    expect(parseDriverMessage({ t: 'done', exitCode: 2, error })).toEqual({ t: 'done', exitCode: 2, error });
  });

  it('refuse anything else', () => {
    for (const bad of [null, [], 'done', { t: 'nope' }, { t: 'hello' }, { t: 'done', exitCode: 1.5, error: null }, { t: 'done', exitCode: null, error: { name: 1 } }, { t: 'done', exitCode: null }]) {
      expect(parseDriverMessage(bad)).toBeNull();
    }
  });
});

describe('frame decoder', () => {
  it('reassembles frames split anywhere and several in one write', () => {
    const bytes = new Uint8Array([...encodeMessage(hello), ...encodeMessage({ t: 'prompt', text: 'ü' }), ...encodeMessage(done)]);
    for (const step of [1, 3, 7, bytes.length]) {
      const decoder = new FrameDecoder();
      const messages: DriverMessage[] = [];
      for (let i = 0; i < bytes.length; i += step) messages.push(...decoder.push(bytes.subarray(i, i + step)));
      expect(messages).toEqual([hello, { t: 'prompt', text: 'ü' }, done]);
      expect(decoder.pendingBytes).toBe(0);
    }
  });

  it('throws a ProtocolError on garbage, bad UTF-8 and oversized frames', () => {
    const frame = (body: number[]) => new Uint8Array([0, 0, 0, body.length, ...body]);
    expect(() => new FrameDecoder().push(frame([...new TextEncoder().encode('{nope')]))).toThrow(ProtocolError);
    expect(() => new FrameDecoder().push(frame([0x22, 0xff, 0x22]))).toThrow(/UTF-8/);
    expect(() => new FrameDecoder().push(frame([...new TextEncoder().encode('{"t":"x"}')]))).toThrow(/not a driver message/);
    const huge = new Uint8Array(4);
    new DataView(huge.buffer).setUint32(0, MAX_FRAME_BYTES + 1);
    expect(() => new FrameDecoder().push(huge)).toThrow(/over the/);
  });
});

describe('control channel', () => {
  const read = (channel: ControlChannel, size = 1 << 16) => channel.read(size).data;

  function started(): ControlChannel {
    const channel = new ControlChannel();
    channel.write(encodeMessage(hello));
    return channel;
  }

  it('opens once: a second open of /dev/sandcell is refused', () => {
    const channel = new ControlChannel();
    expect(channel.device.open(0n, 0).ret).toBe(wasi.ERRNO_SUCCESS);
    expect(channel.device.open(0n, 0).ret).toBe(wasi.ERRNO_BUSY);
  });

  it('delivers a command, takes the reply and goes idle again', () => {
    const channel = started();
    const seen: DriverMessage[] = [];
    channel.onMessage = (m) => seen.push(m);
    expect(channel.waitReadable()).toBeInstanceOf(Promise);
    channel.send(command, false);
    expect(channel.state).toBe('running');
    expect(read(channel)).toEqual(encodeCommand(command));
    channel.write(encodeMessage({ t: 'prompt', text: '?' }));
    channel.write(encodeMessage(done));
    expect(seen.map((m) => m.t)).toEqual(['prompt', 'done']);
    expect(channel.state).toBe('idle');
    expect(read(channel)).toHaveLength(0);
  });

  it('wakes a parked reader when a command arrives', async () => {
    const channel = started();
    const parked = channel.waitReadable()!;
    let woke = false;
    void parked.then(() => (woke = true));
    await Promise.resolve();
    expect(woke).toBe(false);
    channel.send(command, false);
    await parked;
    expect(woke).toBe(true);
    expect(channel.waitReadable()).toBeNull();
  });

  it('closes after the reply in fresh mode', () => {
    const channel = started();
    channel.send(command, true);
    read(channel);
    channel.write(encodeMessage(done));
    expect(channel.state).toBe('closed');
    expect(read(channel)).toHaveLength(0);
    expect(channel.waitReadable()).toBeNull();
  });

  it('treats a read during a run, a reply out of turn or a second hello as a violation', () => {
    const cases: ((c: ControlChannel) => void)[] = [
      (c) => {
        c.send(command, false);
        read(c);
        read(c);
      },
      (c) => c.write(encodeMessage(done)),
      (c) => c.write(encodeMessage(hello)),
      (c) => {
        c.send(command, false);
        c.write(encodeMessage(done));
      },
    ];
    for (const violate of cases) {
      const channel = started();
      expect(() => violate(channel)).toThrow(ProtocolError);
      expect(channel.fault).toBeInstanceOf(ProtocolError);
      expect(channel.state).toBe('closed');
    }
  });

  it('needs a hello before anything else', () => {
    const channel = new ControlChannel();
    channel.send(command, false);
    expect(() => channel.write(encodeMessage(done))).toThrow(/starting/);
  });
});
