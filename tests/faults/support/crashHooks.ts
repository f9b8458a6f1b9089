// The power cut of the crash-matrix workers (a kiosk core in its own process that SIGKILLs itself
// at a named point) and the hook that places it on a method both sides of a change keep.

/** The power cut. Synchronous: nothing after this line runs, nothing is flushed. */
export function crash(): never {
  process.kill(process.pid, 'SIGKILL');
  throw new Error('unreachable: SIGKILL did not end the process');
}

/** What runs around one hooked call: before it with its arguments, after it with its result (awaited when a promise). */
export interface HookSpec {
  readonly before?: (args: unknown[]) => void;
  readonly after?: (args: unknown[], result: unknown) => void;
}

/** Wraps `proto[name]` so that `spec` runs around every call (on every instance of the class). */
export function hook<T extends object, K extends keyof T>(proto: T, name: K, spec: HookSpec): void {
  const original = proto[name] as unknown as (...a: unknown[]) => unknown;
  (proto as Record<K, unknown>)[name] = function (this: unknown, ...a: unknown[]) {
    spec.before?.(a);
    const result = original.apply(this, a);
    if (spec.after) {
      if (result instanceof Promise) return result.then((value) => (spec.after!(a, value), value));
      spec.after(a, result);
    }
    return result;
  };
}
