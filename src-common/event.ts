// The one listener helper (after VS Code's `Emitter`/`Event`): a producer owns an `Emitter<T>` and
// exposes its `event` as `onDidX`; a subscriber gets a `Disposable` back and disposes it to stop
// listening. Pure TypeScript, usable by every layer.

/** Something that holds a resource (a subscription, a timer) until it is disposed. */
export interface Disposable {
  dispose(): void;
}

/** A subscription point: call it with a listener, keep the disposable to unsubscribe. */
export type Event<T> = (listener: (value: T) => void) => Disposable;

/** Wraps a cleanup function as a Disposable that runs it at most once. */
export function toDisposable(cleanup: () => void): Disposable {
  let disposed = false;
  return {
    dispose() {
      if (disposed) return;
      disposed = true;
      cleanup();
    },
  };
}

/** Disposes several disposables at once (e.g. every subscription of one driver instance). */
export class DisposableStore implements Disposable {
  private readonly items = new Set<Disposable>();
  private disposed = false;

  /** Keeps `item` until the store is disposed; a store already disposed disposes it at once. */
  add<D extends Disposable>(item: D): D {
    if (this.disposed) item.dispose();
    else this.items.add(item);
    return item;
  }

  dispose(): void {
    this.disposed = true;
    for (const item of [...this.items]) item.dispose();
    this.items.clear();
  }
}

export interface EmitterOptions {
  /**
   * Called when a listener throws. Without it the error is rethrown after every other listener
   * has run, so one broken listener never silences the rest.
   */
  readonly onListenerError?: (error: unknown) => void;
}

/** Owns the listeners of one event. `fire` calls them in subscription order. */
export class Emitter<T> implements Disposable {
  private readonly listeners = new Set<(value: T) => void>();

  constructor(private readonly options: EmitterOptions = {}) {}

  /** The subscription point to expose, e.g. `readonly onDidChange = this.changed.event`. */
  readonly event: Event<T> = (listener) => {
    // Wrapped so the same function subscribed twice is two subscriptions, each disposed on its own.
    const entry = (value: T) => listener(value);
    this.listeners.add(entry);
    return toDisposable(() => this.listeners.delete(entry));
  };

  get hasListeners(): boolean {
    return this.listeners.size > 0;
  }

  fire(value: T): void {
    let firstError: { error: unknown } | undefined;
    // A copy: a listener may unsubscribe itself or others while the event is delivered.
    for (const listener of [...this.listeners]) {
      try {
        listener(value);
      } catch (error) {
        if (this.options.onListenerError) this.options.onListenerError(error);
        else firstError ??= { error };
      }
    }
    if (firstError) throw firstError.error;
  }

  /** Drops every listener (the producer is going away). */
  dispose(): void {
    this.listeners.clear();
  }
}

/** Resolves with the next value the event fires. */
export function nextValue<T>(event: Event<T>): Promise<T> {
  return new Promise((resolve) => {
    const subscription = event((value) => {
      subscription.dispose();
      resolve(value);
    });
  });
}
