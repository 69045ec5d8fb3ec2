import { parse, type Options, type Program } from 'acorn';
import { PATTERNS } from '../patterns';

export type JsParse =
  | { readonly ok: true; readonly program: Program }
  | { readonly ok: false; readonly message: string; readonly pos: number; readonly tooDeep: boolean };

const OPTIONS: Omit<Options, 'sourceType'> = {
  ecmaVersion: 'latest',
  allowAwaitOutsideFunction: true,
  allowReturnOutsideFunction: true,
  allowHashBang: true,
  // Off on purpose: node.loc objects cost ~40% of the analysis in garbage; findings get their
  // lines and columns from offsets instead (LineIndex), and only findings need them.
  locations: false,
};

// Acorn's parseExpression tests each error message with a regex inside its catch. The first time
// that regex runs it is compiled, and if that first time is at the bottom of an exhausted stack
// V8 aborts the process ("RegExpCompiler Allocation failed") instead of throwing. Failing a few
// parses here compiles it (and tiers it up) while the stack is shallow.
for (let i = 0; i < 3; i++) {
  for (const source of ['(', 'while (', 'x = [1 +']) {
    try {
      parse(source, { ecmaVersion: 'latest', sourceType: 'module' });
    } catch {
      // expected
    }
  }
}

/** A stack overflow inside a recursive-descent parser: V8's RangeError, SpiderMonkey's InternalError, or acorn's own report of either. */
export function isStackOverflow(error: unknown): boolean {
  if (error instanceof RangeError) return true;
  if (!(error instanceof Error)) return false;
  return error.message.includes('too much recursion') || error.message.includes('Not enough stack space') || error.message.includes('call stack size');
}

/**
 * Parse as a module, then as a script (sloppy-mode code such as `with` or octal literals).
 * When both fail, the error that got further into the code is the more useful one.
 */
export function parseJs(code: string): JsParse {
  let moduleError: unknown;
  try {
    return { ok: true, program: parse(code, { ...OPTIONS, sourceType: 'module' }) };
  } catch (error) {
    if (isStackOverflow(error)) return { ok: false, message: 'Nesting too deep to parse', pos: 0, tooDeep: true };
    moduleError = error;
  }
  try {
    return { ok: true, program: parse(code, { ...OPTIONS, sourceType: 'script' }) };
  } catch (scriptError) {
    if (isStackOverflow(scriptError)) return { ok: false, message: 'Nesting too deep to parse', pos: 0, tooDeep: true };
    const a = syntaxError(moduleError);
    const b = syntaxError(scriptError);
    return b.pos >= a.pos ? { ok: false, ...b, tooDeep: false } : { ok: false, ...a, tooDeep: false };
  }
}

function syntaxError(error: unknown): { message: string; pos: number } {
  const e = error as { message?: unknown; pos?: unknown };
  const message = typeof e?.message === 'string' ? e.message.replace(PATTERNS.acornPosition, '') : String(error);
  return { message, pos: typeof e?.pos === 'number' ? e.pos : 0 };
}
