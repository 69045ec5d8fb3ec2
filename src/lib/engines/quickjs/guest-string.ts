import type { QuickJSContext, QuickJSHandle } from 'quickjs-emscripten-core';

/**
 * Reads a guest string whole. `getString` reads a C string, so it stops at the first NUL (and
 * output after it, or a file's tail, would vanish); when its length disagrees with the guest's,
 * the text comes through `quote`, the prelude's JSON.stringify taken before user code ran.
 */
export function readGuestString(ctx: QuickJSContext, handle: QuickJSHandle, quote: QuickJSHandle | undefined): string {
  const text = ctx.getString(handle);
  if (!quote) return text;
  const length = ctx.getProp(handle, 'length').consume((n) => ctx.getNumber(n));
  if (text.length === length) return text;
  const result = ctx.callFunction(quote, ctx.undefined, handle);
  if (result.error) {
    result.error.dispose();
    return text;
  }
  const json = result.value.consume((v) => (ctx.typeof(v) === 'string' ? ctx.getString(v) : undefined));
  return json === undefined ? text : (JSON.parse(json) as string);
}

/** The prelude's JSON.stringify and JSON.parse, taken before user code ran. */
export interface StringHooks {
  readonly quote: QuickJSHandle;
  readonly unquote: QuickJSHandle;
}

/** A new guest string; one holding a NUL, which `newString` would cut, is built by the guest's JSON.parse. */
export function newGuestString(ctx: QuickJSContext, text: string, unquote: QuickJSHandle | undefined): QuickJSHandle {
  if (!unquote || !text.includes('\0')) return ctx.newString(text);
  const result = ctx.newString(JSON.stringify(text)).consume((json) => ctx.callFunction(unquote, ctx.undefined, json));
  if (!result.error) return result.value;
  result.error.dispose();
  return ctx.newString(text);
}
