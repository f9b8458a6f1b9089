// The one listener helper: subscription order, disposal (also during delivery), one throwing
// listener never silencing the others, and stores that dispose many subscriptions at once.
import { describe, expect, it } from 'vitest';
import { DisposableStore, Emitter, nextValue, toDisposable } from '../../../src-common/event';

describe('Emitter', () => {
  it('delivers to every listener in subscription order until each is disposed', () => {
    const emitter = new Emitter<number>();
    const seen: string[] = [];
    const a = emitter.event((v) => seen.push(`a${v}`));
    emitter.event((v) => seen.push(`b${v}`));
    emitter.fire(1);
    a.dispose();
    a.dispose(); // twice is harmless
    emitter.fire(2);
    expect(seen).toEqual(['a1', 'b1', 'b2']);
  });

  it('treats the same function subscribed twice as two subscriptions', () => {
    const emitter = new Emitter<void>();
    let calls = 0;
    const listener = () => calls++;
    const first = emitter.event(listener);
    emitter.event(listener);
    first.dispose();
    emitter.fire();
    expect(calls).toBe(1);
  });

  it('lets a listener dispose itself while the event is delivered', () => {
    const emitter = new Emitter<number>();
    const seen: number[] = [];
    const once = emitter.event((v) => {
      seen.push(v);
      once.dispose();
    });
    emitter.fire(1);
    emitter.fire(2);
    expect(seen).toEqual([1]);
  });

  it('runs every listener even when one throws, then reports the error', () => {
    const emitter = new Emitter<number>();
    const seen: number[] = [];
    emitter.event(() => {
      throw new Error('broken listener');
    });
    emitter.event((v) => seen.push(v));
    expect(() => emitter.fire(7)).toThrow('broken listener');
    expect(seen).toEqual([7]);
    const reported: unknown[] = [];
    const logged = new Emitter<number>({ onListenerError: (e) => reported.push(e) });
    logged.event(() => {
      throw new Error('logged');
    });
    expect(() => logged.fire(1)).not.toThrow();
    expect(reported).toHaveLength(1);
  });

  it('resolves nextValue with the next fired value only', async () => {
    const emitter = new Emitter<string>();
    const next = nextValue(emitter.event);
    emitter.fire('first');
    emitter.fire('second');
    await expect(next).resolves.toBe('first');
    expect(emitter.hasListeners).toBe(false);
  });
});

describe('DisposableStore', () => {
  it('disposes everything it holds once, and anything added after that at once', () => {
    const disposed: string[] = [];
    const store = new DisposableStore();
    store.add(toDisposable(() => disposed.push('a')));
    store.add(toDisposable(() => disposed.push('b')));
    store.dispose();
    store.dispose();
    store.add(toDisposable(() => disposed.push('late')));
    expect(disposed).toEqual(['a', 'b', 'late']);
  });
});
