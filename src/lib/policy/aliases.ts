import { UNKNOWN_VALUE, type Value } from './sites';

/** A name's binding (`e = eval`) and what it resolved and folded to, each computed on first use. */
interface Binding<Target, Resolved> {
  readonly target: Target;
  resolved?: Resolved | null;
  value?: Value;
  /** Being resolved or folded right now: `x = x.y` must not loop. */
  busy: boolean;
}

/** How many bindings of one name are kept: enough for `if …: f = eval else: f = exec`. */
const MAX_BINDINGS = 4;

/** Names and what they were bound to, for both languages' resolvers; each answer is computed once. */
export class Aliases<Target, Resolved> {
  readonly #bindings = new Map<string, Binding<Target, Resolved>[]>();

  /** Remember `name = target`; the first few bindings of a name are kept. */
  bind(name: string, target: Target): void {
    const list = this.#bindings.get(name);
    if (!list) this.#bindings.set(name, [{ target, busy: false }]);
    else if (list.length < MAX_BINDINGS) list.push({ target, busy: false });
  }

  has(name: string): boolean {
    return this.#bindings.has(name);
  }

  /** The first binding of `name` that resolves (null: none does, or all are being resolved). */
  resolve(name: string, resolveTarget: (target: Target) => Resolved | null): Resolved | null {
    for (const b of this.#bindings.get(name) ?? []) {
      if (b.resolved === undefined) {
        if (b.busy) continue;
        b.busy = true;
        try {
          b.resolved = resolveTarget(b.target);
        } finally {
          b.busy = false;
        }
      }
      if (b.resolved) return b.resolved;
    }
    return null;
  }

  /**
   * The folded value of a name bound exactly once, to a target `foldable` accepts: undefined
   * when there is none or it does not fold to a constant.
   */
  fold(name: string, foldable: (target: Target) => boolean, foldTarget: (target: Target) => Value): Value | undefined {
    const bindings = this.#bindings.get(name);
    const only = bindings?.length === 1 ? bindings[0]! : undefined;
    if (!only || !foldable(only.target)) return undefined;
    if (only.value === undefined && !only.busy) {
      only.busy = true;
      try {
        const v = foldTarget(only.target);
        only.value = v.str !== undefined || v.num !== undefined || v.decoded ? { ...v, folded: true } : UNKNOWN_VALUE;
      } finally {
        only.busy = false;
      }
    }
    return only.value && only.value !== UNKNOWN_VALUE ? only.value : undefined;
  }
}
