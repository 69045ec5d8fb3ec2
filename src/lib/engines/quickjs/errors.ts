import type { QuickJSContext, QuickJSHandle } from 'quickjs-emscripten-core';
import type { GuestError } from '../protocol';

/** The filename user code is evaluated under; stack lines naming it give `GuestError.line`. */
export const MAIN_FILENAME = 'main.js';
// Node prints ten frames; QuickJS (not -ng) keeps them all, which is megabytes after deep recursion.
const MAX_FRAMES = 20;
const FRAME_LINE = new RegExp(`\\(?${MAIN_FILENAME.replace('.', '\\.')}:(\\d+)`);

/** A guest exception read into plain data. */
export interface ReadError extends GuestError {
  /** Whether the thrown value was an object with a name and message, rather than e.g. `throw 42`. */
  readonly isError: boolean;
}

/**
 * The 1-based line of user code where an error was raised: the first frame in main.js, except
 * the constructor of the error's own class (`class E extends Error`), whose caller threw it.
 */
export function lineFromStack(stack: string | undefined, name?: string): number | undefined {
  if (!stack) return undefined;
  const frames = stack.split('\n').filter((line) => FRAME_LINE.test(line));
  let frame = frames[0];
  if (frame && name && frames[1] && new RegExp(`^\\s*at (?:new )?${name.replace(/[^\w$]/g, '')} \\(`).test(frame)) frame = frames[1];
  const match = frame ? FRAME_LINE.exec(frame) : null;
  return match ? Number(match[1]) : undefined;
}

/** Frames only, capped; QuickJS stacks have no "Name: message" line but ours may (console adds it). */
function framesOf(stack: string, header: string): string {
  let lines = stack.replace(/\n$/, '').split('\n');
  if (lines[0] === header || (lines[0] && !lines[0].startsWith('    at '))) lines = lines.slice(1);
  // The prelude's plumbing (require, input, host error rebuilding) is noise to the user.
  lines = lines.filter((line) => !line.includes('(sandcell:'));
  if (lines.length > MAX_FRAMES) lines = [...lines.slice(0, MAX_FRAMES), `    ... ${lines.length - MAX_FRAMES} more frames`];
  return lines.join('\n');
}

/**
 * Reads a thrown guest value. Objects are read through QuickJS's JSON dump, which copies
 * `name`, `message` and `stack` and never reads properties of null (which would leave an
 * exception pending). `stack` gets Node's shape: the "Name: message" line, then frames.
 */
export function readGuestError(ctx: QuickJSContext, handle: QuickJSHandle): ReadError {
  const type = ctx.typeof(handle);
  const dumped = type === 'object' ? dumpObject(ctx, handle) : undefined;
  if (isRecord(dumped) && typeof dumped.message === 'string') {
    const name = typeof dumped.name === 'string' ? dumped.name : 'Error';
    const message = dumped.message;
    const rawStack = typeof dumped.stack === 'string' ? dumped.stack : undefined;
    const header = message ? `${name}: ${message}` : name;
    const frames = rawStack ? framesOf(rawStack, header) : '';
    const stack = frames ? `${header}\n${frames}` : header;
    // QuickJS (not -ng) gives syntax errors a lineNumber instead of a frame.
    const line = lineFromStack(rawStack, name) ?? (typeof dumped.lineNumber === 'number' && dumped.fileName === MAIN_FILENAME ? dumped.lineNumber : undefined);
    return { name, message, stack, ...(line !== undefined ? { line } : {}), isError: true };
  }
  const shown = type === 'object' ? (dumped === undefined ? '[object]' : JSON.stringify(dumped)) : describePrimitive(ctx, handle, type);
  return { name: 'Error', message: `non-error value thrown: ${shown}`, isError: false };
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

function dumpObject(ctx: QuickJSContext, handle: QuickJSHandle): unknown {
  try {
    // dump() disposes promise handles it is given, and a promise says nothing useful anyway.
    const state = ctx.getPromiseState(handle);
    if (state.type !== 'fulfilled' || !state.notAPromise) {
      if (state.type === 'fulfilled') state.value.dispose();
      else if (state.type === 'rejected') state.error.dispose();
      return '[object Promise]';
    }
    return ctx.dump(handle);
  } catch {
    return undefined;
  }
}

function describePrimitive(ctx: QuickJSContext, handle: QuickJSHandle, type: string): string {
  switch (type) {
    case 'string':
      return JSON.stringify(ctx.getString(handle));
    case 'number':
      return String(ctx.getNumber(handle));
    case 'bigint':
      return `${ctx.getString(handle)}n`;
    case 'symbol':
      return String(ctx.getSymbol(handle));
    case 'function':
      return '[function]';
    default:
      return String(ctx.dump(handle));
  }
}

/** What QuickJS throws when its allocator or the interrupt handler stops it. */
export function isOutOfMemory(error: GuestError): boolean {
  return error.name === 'InternalError' && /out of memory/i.test(error.message);
}

export function isInterrupted(error: GuestError): boolean {
  return error.name === 'InternalError' && error.message === 'interrupted';
}

/** An error made by the engine itself, in the shape guests see. */
export function engineError(name: string, message: string, line?: number): GuestError {
  return line === undefined ? { name, message } : { name, message, line };
}
