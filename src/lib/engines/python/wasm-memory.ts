/**
 * Rewrites a WebAssembly module so that it imports its memory (`env.memory`) instead of
 * defining it. One compiled module can then serve every memory limit: each instance gets its
 * own `WebAssembly.Memory` whose `maximum` is the job's limit.
 *
 * Works as a TransformStream over the module's bytes, so `compileStreaming` can start on the
 * output while the download is still running. Only the few sections between the type section
 * and the memory section (≈15 KB in python.wasm) are held back; everything else streams through.
 */

export const MEMORY_IMPORT_MODULE = 'env';
export const MEMORY_IMPORT_NAME = 'memory';
export const WASM_PAGE_BYTES = 65536;

/** What the module's own memory section declared. */
export interface MemoryDeclaration {
  readonly minPages: number;
  readonly maxPages?: number;
}

export class WasmRewriteError extends Error {
  override name = 'WasmRewriteError';
}

export interface MemoryImportRewriter {
  readonly stream: TransformStream<Uint8Array, Uint8Array>;
  /** Settles once the memory section has been seen (or the stream failed). */
  readonly memory: Promise<MemoryDeclaration>;
}

const SECTION_CUSTOM = 0;
const SECTION_TYPE = 1;
const SECTION_IMPORT = 2;
const SECTION_MEMORY = 5;
/** Sections that may sit between the import and memory sections (function, table). */
const BETWEEN_IMPORT_AND_MEMORY = new Set([3, 4]);
const IMPORT_KIND_MEMORY = 0x02;

const MAGIC = [0x00, 0x61, 0x73, 0x6d];
const VERSION = [0x01, 0x00, 0x00, 0x00];

/** Encodes an unsigned LEB128 number. */
export function encodeU32(value: number): number[] {
  const out: number[] = [];
  let rest = value >>> 0;
  do {
    let byte = rest & 0x7f;
    rest >>>= 7;
    if (rest) byte |= 0x80;
    out.push(byte);
  } while (rest);
  return out;
}

/** Decodes an unsigned LEB128 u32 at `offset`; null when the bytes end first. */
export function decodeU32(bytes: Uint8Array, offset: number): { value: number; next: number } | null {
  let value = 0;
  for (let i = 0; i < 5; i++) {
    const byte = bytes[offset + i];
    if (byte === undefined) return null;
    value += (byte & 0x7f) * 2 ** (7 * i);
    if (!(byte & 0x80)) {
      if (value > 0xffffffff) throw new WasmRewriteError('LEB128 value does not fit in u32');
      return { value, next: offset + i + 1 };
    }
  }
  throw new WasmRewriteError('LEB128 value longer than 5 bytes');
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  let length = 0;
  for (const part of parts) length += part.length;
  const out = new Uint8Array(length);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

function encodeName(name: string): number[] {
  const bytes = new TextEncoder().encode(name);
  return [...encodeU32(bytes.length), ...bytes];
}

function section(id: number, body: Uint8Array): Uint8Array {
  return concat([new Uint8Array([id, ...encodeU32(body.length)]), body]);
}

/** Parses the memory section body: exactly one plain (unshared, 32-bit) memory. */
export function parseMemorySection(body: Uint8Array): MemoryDeclaration {
  const count = decodeU32(body, 0);
  if (!count) throw new WasmRewriteError('truncated memory section');
  if (count.value !== 1) throw new WasmRewriteError(`expected one memory, found ${count.value}`);
  const flags = body[count.next];
  if (flags === undefined) throw new WasmRewriteError('truncated memory section');
  if (flags & ~1) throw new WasmRewriteError(`unsupported memory flags 0x${flags.toString(16)} (shared or 64-bit)`);
  const min = decodeU32(body, count.next + 1);
  if (!min) throw new WasmRewriteError('truncated memory section');
  if (!(flags & 1)) return { minPages: min.value };
  const max = decodeU32(body, min.next);
  if (!max) throw new WasmRewriteError('truncated memory section');
  return { minPages: min.value, maxPages: max.value };
}

/**
 * Appends `env.memory` to an import section body. The defined memory's index equals the number
 * of imported memories, so an import appended last takes exactly its place.
 */
export function appendMemoryImport(importBody: Uint8Array | null, minPages: number): Uint8Array {
  const entry = [
    ...encodeName(MEMORY_IMPORT_MODULE),
    ...encodeName(MEMORY_IMPORT_NAME),
    IMPORT_KIND_MEMORY,
    0x00, // limits without a maximum: each instance's Memory object sets its own
    ...encodeU32(minPages),
  ];
  if (!importBody) return new Uint8Array([...encodeU32(1), ...entry]);
  const count = decodeU32(importBody, 0);
  if (!count) throw new WasmRewriteError('truncated import section');
  return concat([new Uint8Array(encodeU32(count.value + 1)), importBody.subarray(count.next), new Uint8Array(entry)]);
}

type Phase =
  | { kind: 'header' }
  | { kind: 'section-head' }
  /** Copying a section body straight through. */
  | { kind: 'copy'; remaining: number }
  /** Collecting a whole section body to hold back or rewrite. */
  | { kind: 'collect'; id: number; size: number }
  /** Memory handled: everything else streams through untouched. */
  | { kind: 'done' };

/** Creates the rewriting stream; see the file comment. */
export function createMemoryImportRewriter(): MemoryImportRewriter {
  let resolveMemory!: (value: MemoryDeclaration) => void;
  let rejectMemory!: (error: unknown) => void;
  const memory = new Promise<MemoryDeclaration>((resolve, reject) => {
    resolveMemory = resolve;
    rejectMemory = reject;
  });
  // Callers that only await compilation must not see an unhandled rejection here.
  memory.catch(() => {});

  let phase: Phase = { kind: 'header' };
  let pending: Uint8Array = new Uint8Array(0);
  /** Sections from the first one after the type section up to the memory section. */
  const held: { id: number; body: Uint8Array }[] = [];

  function release(controller: TransformStreamDefaultController<Uint8Array>, declared: MemoryDeclaration): void {
    const importIndex = held.findIndex((s) => s.id === SECTION_IMPORT);
    const imports = appendMemoryImport(importIndex >= 0 ? held[importIndex]!.body : null, declared.minPages);
    // Without an import section the new one goes first: the type section has already passed.
    if (importIndex < 0) controller.enqueue(section(SECTION_IMPORT, imports));
    for (const s of held) {
      if (s.id === SECTION_IMPORT) controller.enqueue(section(SECTION_IMPORT, imports));
      else controller.enqueue(section(s.id, s.body));
    }
    held.length = 0;
  }

  function step(controller: TransformStreamDefaultController<Uint8Array>): boolean {
    switch (phase.kind) {
      case 'header': {
        if (pending.length < 8) return false;
        for (let i = 0; i < 4; i++) {
          if (pending[i] !== MAGIC[i]) throw new WasmRewriteError('not a WebAssembly module (bad magic)');
          if (pending[4 + i] !== VERSION[i]) throw new WasmRewriteError('unsupported WebAssembly version');
        }
        controller.enqueue(pending.slice(0, 8));
        pending = pending.subarray(8);
        phase = { kind: 'section-head' };
        return true;
      }
      case 'section-head': {
        const id = pending[0];
        if (id === undefined) return false;
        const size = decodeU32(pending, 1);
        if (!size) return false;
        const head = pending.subarray(0, size.next);
        const collecting = held.length > 0 || (id !== SECTION_CUSTOM && id !== SECTION_TYPE);
        if (collecting) {
          if (id !== SECTION_CUSTOM && id !== SECTION_IMPORT && id !== SECTION_MEMORY && !BETWEEN_IMPORT_AND_MEMORY.has(id)) {
            throw new WasmRewriteError('module defines no memory to turn into an import');
          }
          phase = { kind: 'collect', id, size: size.value };
        } else {
          controller.enqueue(head.slice());
          phase = { kind: 'copy', remaining: size.value };
        }
        pending = pending.subarray(size.next);
        return true;
      }
      case 'copy': {
        if (phase.remaining === 0) {
          phase = { kind: 'section-head' };
          return true;
        }
        if (!pending.length) return false;
        const n = Math.min(phase.remaining, pending.length);
        controller.enqueue(pending.slice(0, n));
        pending = pending.subarray(n);
        phase = { kind: 'copy', remaining: phase.remaining - n };
        return true;
      }
      case 'collect': {
        if (pending.length < phase.size) return false;
        const body = pending.slice(0, phase.size);
        pending = pending.subarray(phase.size);
        if (phase.id === SECTION_MEMORY) {
          const declared = parseMemorySection(body);
          release(controller, declared);
          resolveMemory(declared);
          phase = { kind: 'done' };
        } else {
          held.push({ id: phase.id, body });
          phase = { kind: 'section-head' };
        }
        return true;
      }
      case 'done': {
        if (!pending.length) return false;
        controller.enqueue(pending.slice());
        pending = new Uint8Array(0);
        return false;
      }
    }
  }

  const stream = new TransformStream<Uint8Array, Uint8Array>({
    transform(chunk, controller) {
      try {
        if (phase.kind === 'done') {
          controller.enqueue(chunk);
          return;
        }
        pending = pending.length ? concat([pending, chunk]) : chunk;
        while (step(controller));
      } catch (error) {
        rejectMemory(error);
        throw error;
      }
    },
    flush() {
      if (phase.kind !== 'done') {
        const error = new WasmRewriteError(
          phase.kind === 'header' || held.length === 0 ? 'module ended before its memory section' : 'module defines no memory to turn into an import',
        );
        rejectMemory(error);
        throw error;
      }
    },
  });
  return { stream, memory };
}
