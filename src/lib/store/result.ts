import type { StoreError } from './errors';

/** What every fallible store call returns: the value, or a named error whose message a user can read. */
export type Result<T, E = StoreError> = { ok: true; value: T } | { ok: false; error: E };

export function ok<T>(value: T): { ok: true; value: T } {
  return { ok: true, value };
}

export function fail<E>(error: E): { ok: false; error: E } {
  return { ok: false, error };
}
