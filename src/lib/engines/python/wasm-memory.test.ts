import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { PYTHON_WASM_PATH } from './test-support';
import { appendMemoryImport, createMemoryImportRewriter, decodeU32, encodeU32, parseMemorySection, WasmRewriteError } from './wasm-memory';

// ---- a tiny module builder -------------------------------------------------------------

const bytes = (...parts: (number | number[] | Uint8Array)[]): number[] => parts.flatMap((p) => (typeof p === 'number' ? [p] : [...p]));
const name = (text: string) => bytes(encodeU32(text.length), [...new TextEncoder().encode(text)]);
const vec = (items: number[][]) => bytes(encodeU32(items.length), ...items);
const section = (id: number, body: number[]) => bytes(id, encodeU32(body.length), body);
const HEADER = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
const I32 = 0x7f;

/** (func (result i32)) type, a `get` that stores 42 at 0 and loads it, data "hi" at 8. */
function module(options: { imports?: boolean; memory?: number[] | null; custom?: boolean; exportMemory?: boolean }): Uint8Array {
  const { imports = true, memory = [0x01, 0x02, 0x0a], custom = false, exportMemory = true } = options;
  const types = section(1, vec([[0x60, 0x00, 0x01, I32], [0x60, 0x01, I32, 0x00]]));
  const importSection = imports ? section(2, vec([bytes(name('host'), name('log'), 0x00, 0x01)])) : [];
  const functions = section(3, vec([[0x00]]));
  const memorySection = memory ? section(5, bytes(0x01, memory)) : [];
  const funcIndex = imports ? 1 : 0;
  const exports = section(7, vec([bytes(name('get'), 0x00, funcIndex), ...(exportMemory ? [bytes(name('memory'), 0x02, 0x00)] : [])]));
  // i32.const 0, i32.const 42, i32.store, i32.const 0, i32.load, end
  const body = [0x00, 0x41, 0x00, 0x41, 42, 0x36, 0x02, 0x00, 0x41, 0x00, 0x28, 0x02, 0x00, 0x0b];
  const code = section(10, vec([bytes(encodeU32(body.length), body)]));
  const data = section(11, vec([bytes(0x00, 0x41, 0x08, 0x0b, encodeU32(2), [0x68, 0x69])]));
  const customSection = custom ? section(0, bytes(name('note'), [1, 2, 3])) : [];
  return new Uint8Array(bytes(HEADER, types, customSection, importSection, customSection, functions, memorySection, customSection, exports, code, data));
}

async function rewrite(input: Uint8Array, chunkSizes: number[] = [input.length]) {
  const rewriter = createMemoryImportRewriter();
  const writer = rewriter.stream.writable.getWriter();
  const reading = new Response(rewriter.stream.readable).arrayBuffer();
  reading.catch(() => {}); // awaited below; the writes fail first when the stream errors
  try {
    let offset = 0;
    for (let i = 0; offset < input.length; i++) {
      const size = chunkSizes[i % chunkSizes.length]!;
      await writer.write(input.slice(offset, offset + size));
      offset += size;
    }
    await writer.close();
  } catch {
    // Reported by `reading` and `memory`.
  }
  return { output: new Uint8Array(await reading) as Uint8Array<ArrayBuffer>, memory: await rewriter.memory };
}

async function instantiate(binary: Uint8Array<ArrayBuffer>, memory: WebAssembly.Memory) {
  const compiled = await WebAssembly.compile(binary);
  const instance = await WebAssembly.instantiate(compiled, { host: { log: () => {} }, env: { memory } });
  return { compiled, instance };
}

describe('LEB128', () => {
  it('round-trips u32 values', () => {
    for (const value of [0, 1, 127, 128, 300, 65535, 2 ** 31, 0xffffffff]) {
      expect(decodeU32(new Uint8Array(encodeU32(value)), 0)).toEqual({ value, next: encodeU32(value).length });
    }
  });

  it('says when the bytes end first, and refuses overlong numbers', () => {
    expect(decodeU32(new Uint8Array([0x80, 0x80]), 0)).toBeNull();
    expect(() => decodeU32(new Uint8Array([0x80, 0x80, 0x80, 0x80, 0x80, 0x01]), 0)).toThrow(WasmRewriteError);
  });
});

describe('memory section and import entry', () => {
  it('parses one memory with and without a maximum', () => {
    expect(parseMemorySection(new Uint8Array([1, 0, 160, 1]))).toEqual({ minPages: 160 });
    expect(parseMemorySection(new Uint8Array([1, 1, 2, 10]))).toEqual({ minPages: 2, maxPages: 10 });
  });

  it('refuses several, shared or 64-bit memories', () => {
    expect(() => parseMemorySection(new Uint8Array([2, 0, 1, 0, 1]))).toThrow(/one memory/);
    expect(() => parseMemorySection(new Uint8Array([1, 3, 1, 2]))).toThrow(/shared or 64-bit/);
    expect(() => parseMemorySection(new Uint8Array([1, 4, 1]))).toThrow(/shared or 64-bit/);
  });

  it('appends env.memory and bumps the count', () => {
    const appended = appendMemoryImport(new Uint8Array([1, 1, 0x61, 1, 0x62, 0x00, 0x00]), 300);
    expect([...appended]).toEqual([2, 1, 0x61, 1, 0x62, 0x00, 0x00, ...name('env'), ...name('memory'), 0x02, 0x00, ...encodeU32(300)]);
  });
});

describe('rewriting a module to import its memory', () => {
  it('gives a module that uses the memory it is handed', async () => {
    const { output, memory } = await rewrite(module({}));
    expect(memory).toEqual({ minPages: 2, maxPages: 10 });
    const provided = new WebAssembly.Memory({ initial: 2, maximum: 3 });
    const { compiled, instance } = await instantiate(output, provided);
    expect(WebAssembly.Module.imports(compiled)).toContainEqual({ module: 'env', name: 'memory', kind: 'memory' });
    expect(instance.exports.memory).toBe(provided);
    expect((instance.exports.get as () => number)()).toBe(42);
    expect(new TextDecoder().decode(new Uint8Array(provided.buffer, 8, 2))).toBe('hi');
    expect(provided.grow(1)).toBe(2);
    expect(() => provided.grow(1)).toThrow(RangeError);
  });

  it('adds an import section when the module had none', async () => {
    const { output } = await rewrite(module({ imports: false }));
    const provided = new WebAssembly.Memory({ initial: 2 });
    const compiled = await WebAssembly.compile(output);
    const instance = await WebAssembly.instantiate(compiled, { env: { memory: provided } });
    expect(instance.exports.memory).toBe(provided);
  });

  it('keeps custom sections wherever they sit', async () => {
    const { output } = await rewrite(module({ custom: true }));
    const compiled = await WebAssembly.compile(output);
    expect(WebAssembly.Module.customSections(compiled, 'note')).toHaveLength(3);
  });

  it('gives the same bytes however the input is chunked', async () => {
    const input = module({ custom: true });
    const whole = (await rewrite(input)).output;
    for (const sizes of [[1], [2, 3], [7], [13, 1, 5], [64]]) {
      expect((await rewrite(input, sizes)).output).toEqual(whole);
    }
  });

  it('refuses what it cannot rewrite', async () => {
    await expect(rewrite(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]))).rejects.toThrow(/bad magic/);
    await expect(rewrite(module({ memory: null }))).rejects.toThrow(/no memory/);
    await expect(rewrite(module({}).slice(0, 20))).rejects.toThrow(WasmRewriteError);
  });

  it('rewrites python.wasm', async () => {
    const input = new Uint8Array(readFileSync(PYTHON_WASM_PATH));
    const { output, memory } = await rewrite(input, [65536 + 7]);
    expect(memory).toEqual({ minPages: 160 });
    // Only the import and memory sections change: a few bytes either way.
    expect(Math.abs(output.length - input.length)).toBeLessThan(32);
    const compiled = await WebAssembly.compile(output);
    const imports = WebAssembly.Module.imports(compiled);
    expect(imports.filter((i) => i.kind === 'memory')).toEqual([{ module: 'env', name: 'memory', kind: 'memory' }]);
    expect(WebAssembly.Module.exports(compiled)).toContainEqual({ name: 'memory', kind: 'memory' });
  });
});
