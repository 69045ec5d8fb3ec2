import type { FunctionSite, LoopSite, Span } from './sites';

interface LoopFrame {
  readonly span: Span;
  readonly unbounded: boolean;
  hasExit: boolean;
}

interface FunctionFrame {
  readonly name: string | null;
  readonly span: Span;
  /** Loops and switches, innermost last; a switch is null (an unlabelled break leaves it, not the loop). */
  readonly breakables: (LoopFrame | null)[];
  loopDepth: number;
  recursive: boolean;
  hasBranch: boolean;
}

/**
 * The enclosing functions and loops during a walk: enough to tell a `while (true)` that can be left
 * from one that cannot, and a recursive function with a branch from one without.
 */
export class Frames {
  readonly #stack: FunctionFrame[] = [{ name: null, span: { from: 0, to: 0 }, breakables: [], loopDepth: 0, recursive: false, hasBranch: false }];

  get #top(): FunctionFrame {
    return this.#stack[this.#stack.length - 1]!;
  }

  get inLoop(): boolean {
    return this.#top.loopDepth > 0;
  }

  get functionName(): string | null {
    return this.#top.name;
  }

  enterFunction(name: string | null, span: Span): void {
    this.#stack.push({ name, span, breakables: [], loopDepth: 0, recursive: false, hasBranch: false });
  }

  /** Returns a site for a function that calls itself. */
  leaveFunction(): FunctionSite | null {
    const frame = this.#stack.length > 1 ? this.#stack.pop()! : null;
    if (!frame?.recursive || frame.name === null) return null;
    return { kind: 'function', from: frame.span.from, to: frame.span.to, name: frame.name, hasBranch: frame.hasBranch };
  }

  enterLoop(unbounded: boolean, span: Span): void {
    const top = this.#top;
    top.breakables.push({ span, unbounded, hasExit: false });
    top.loopDepth++;
    if (!unbounded) top.hasBranch = true; // a loop with a condition is a way for recursion to stop
  }

  /** Returns a site for an unbounded loop. */
  leaveLoop(): LoopSite | null {
    const top = this.#top;
    const loop = top.breakables.pop();
    top.loopDepth = Math.max(0, top.loopDepth - 1);
    if (!loop?.unbounded) return null;
    return { kind: 'loop', from: loop.span.from, to: loop.span.to, hasExit: loop.hasExit };
  }

  enterSwitch(): void {
    this.#top.breakables.push(null);
    this.#top.hasBranch = true;
  }

  leaveSwitch(): void {
    this.#top.breakables.pop();
  }

  /** An unlabelled `break`: leaves the innermost loop or switch. */
  breakInnermost(): void {
    const b = this.#top.breakables;
    const inner = b[b.length - 1];
    if (inner) inner.hasExit = true;
  }

  /** `return`, `throw`, `raise`, `yield`, `await`, a labelled break, `sys.exit()`: every loop of this function can end. */
  exitAll(): void {
    for (const loop of this.#top.breakables) if (loop) loop.hasExit = true;
  }

  markBranch(): void {
    this.#top.hasBranch = true;
  }

  /** A call to `name`: recursion when it is the enclosing function's own name. */
  noteCall(name: string): void {
    const top = this.#top;
    if (top.name !== null && top.name === name) top.recursive = true;
  }
}
