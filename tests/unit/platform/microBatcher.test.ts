// Group commit (storage/microBatcher.ts): the first request runs at once; what arrives while the
// allowed batches run waits and goes together; a batch stops at its item and weight limits; a
// full queue refuses at once; a failed batch fails its items only; one statement never carries
// a key twice.
import { describe, expect, it } from 'vitest';
import { distinctRounds, MicroBatcher, PlatformBusy } from '../../../platform/server/storage/microBatcher';

/** A batch runner the test finishes by hand, recording what each batch carried. */
function controlledRunner() {
  const batches: number[][] = [];
  const finishers: Array<(fail?: Error) => void> = [];
  const run = (items: readonly number[]) =>
    new Promise<number[]>((resolve, reject) => {
      batches.push([...items]);
      finishers.push((fail) => (fail ? reject(fail) : resolve(items.map((i) => i * 10))));
    });
  return { batches, run, finish: (n: number, fail?: Error) => finishers[n]!(fail) };
}

describe('MicroBatcher', () => {
  it('runs the first item alone at once and groups what arrives while batches run', async () => {
    const r = controlledRunner();
    const batcher = new MicroBatcher('numbers', r.run, { maxItems: 100, maxConcurrent: 1, maxQueued: 1000 });
    const first = batcher.submit(1);
    const rest = [2, 3, 4].map((n) => batcher.submit(n));
    expect(r.batches).toEqual([[1]]);
    r.finish(0);
    expect(await first).toBe(10);
    await Promise.resolve();
    expect(r.batches).toEqual([[1], [2, 3, 4]]);
    r.finish(1);
    expect(await Promise.all(rest)).toEqual([20, 30, 40]);
  });

  it('keeps batches within their item and weight limits, and runs an item heavier than the limit alone', async () => {
    const r = controlledRunner();
    const batcher = new MicroBatcher('numbers', r.run, { maxItems: 3, maxConcurrent: 1, weigh: (n) => n, maxWeight: 10, maxQueued: 1000 });
    const all = [1, 2, 3, 4, 5, 20, 1].map((n) => batcher.submit(n));
    for (let i = 0; r.batches.length > i; i++) {
      r.finish(i);
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(r.batches).toEqual([[1], [2, 3, 4], [5], [20], [1]]);
    expect(await Promise.all(all)).toEqual([10, 20, 30, 40, 50, 200, 10]);
  });

  it('refuses at once when too much waits, and fails only the items of a failed batch', async () => {
    const r = controlledRunner();
    const batcher = new MicroBatcher('numbers', r.run, { maxItems: 10, maxConcurrent: 1, maxQueued: 2 });
    const running = batcher.submit(1);
    const waiting = [batcher.submit(2), batcher.submit(3)];
    await expect(batcher.submit(4)).rejects.toBeInstanceOf(PlatformBusy);
    r.finish(0, new Error('connection lost'));
    await expect(running).rejects.toThrow('connection lost');
    await new Promise((resolve) => setImmediate(resolve));
    r.finish(1);
    expect(await Promise.all(waiting)).toEqual([20, 30]);
  });
});

describe('distinctRounds', () => {
  it('puts each key at most once in a round, in order', () => {
    const rounds = distinctRounds(['a', 'b', 'a', 'c', 'a', 'b'], (k) => k);
    expect(rounds.map((r) => r.map((x) => `${x.item}${x.index}`))).toEqual([['a0', 'b1', 'c3'], ['a2', 'b5'], ['a4']]);
  });
});
