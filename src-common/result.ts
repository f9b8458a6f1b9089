// Result: known failures are values, not exceptions (design.md §3). Exceptions are bugs.

export type Result<T, E = Error> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: E };

export function ok<T>(value: T): Result<T, never> {
  return { ok: true, value };
}

export function err<E>(error: E): Result<never, E> {
  return { ok: false, error };
}

/** Unwrap for tests and for places where failure is a bug; throws with the error attached. */
export function unwrap<T, E>(result: Result<T, E>): T {
  if (result.ok) return result.value;
  const detail = result.error instanceof Error ? result.error.message : JSON.stringify(result.error);
  throw new Error(`unwrap of a failed Result: ${detail}`, { cause: result.error });
}

/** Exhaustiveness check for discriminated unions in switch statements. */
export function assertNever(value: never, what = 'value'): never {
  throw new Error(`unexpected ${what}: ${JSON.stringify(value)}`);
}
