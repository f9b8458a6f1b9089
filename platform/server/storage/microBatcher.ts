// Group commit for the platform's hot paths (issue #12 item 6): requests that each need one small
// write (a nonce, a heartbeat, an event push) are written together, many per statement. A batch
// starts at once when fewer than `maxConcurrent` are running (no added latency when the platform
// is quiet); under load, requests that arrive while batches run wait for the next one, so the
// number of database round trips grows with the number of batches, not of requests. On a shared
// database server each round trip costs far more than the rows it carries.

export interface MicroBatcherOptions<I> {
  /** Most items one batch carries. */
  readonly maxItems: number;
  /** Batches running at once (each holds one database connection while it runs). */
  readonly maxConcurrent: number;
  /** An item's size (e.g. bytes); a batch stops growing past `maxWeight` (an item above it runs alone). */
  readonly weigh?: (item: I) => number;
  readonly maxWeight?: number;
  /**
   * Items that may wait at most: past it, `submit` refuses at once with PlatformBusy (answered
   * 503 with Retry-After), so an overloaded platform sheds load instead of queueing without
   * bound. Kiosks resend later; nothing is lost.
   */
  readonly maxQueued: number;
}

/** Too much is already waiting: answer 503 and let the kiosk come back (it honours Retry-After). */
export class PlatformBusy extends Error {
  constructor(readonly what: string) {
    super(`the platform is busy (${what}); try again shortly`);
  }
}

interface Waiting<I, O> {
  readonly item: I;
  readonly resolve: (value: O) => void;
  readonly reject: (error: unknown) => void;
}

export class MicroBatcher<I, O> {
  private readonly queue: Array<Waiting<I, O>> = [];
  private running = 0;

  /**
   * `run` gets the items of one batch and answers one output per item, in order. If it throws,
   * every item of that batch fails with the error (the caller answers 500; kiosks resend).
   */
  constructor(
    /** What the batches write, for the busy message. */
    private readonly what: string,
    private readonly run: (items: readonly I[]) => Promise<readonly O[]>,
    private readonly options: MicroBatcherOptions<I>,
  ) {}

  submit(item: I): Promise<O> {
    if (this.queue.length >= this.options.maxQueued) return Promise.reject(new PlatformBusy(this.what));
    return new Promise<O>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    while (this.running < this.options.maxConcurrent && this.queue.length > 0) {
      const batch = this.queue.splice(0, this.takeCount());
      this.running++;
      void this.runOne(batch).finally(() => {
        this.running--;
        this.pump();
      });
    }
  }

  /** How many queued items the next batch takes: up to maxItems, and up to maxWeight (at least one). */
  private takeCount(): number {
    const { weigh, maxWeight, maxItems } = this.options;
    const limit = Math.min(maxItems, this.queue.length);
    if (!weigh || maxWeight === undefined) return limit;
    let weight = 0;
    for (let n = 0; n < limit; n++) {
      weight += weigh(this.queue[n]!.item);
      if (weight > maxWeight) return Math.max(1, n);
    }
    return limit;
  }

  private async runOne(batch: ReadonlyArray<Waiting<I, O>>): Promise<void> {
    try {
      const outputs = await this.run(batch.map((w) => w.item));
      if (outputs.length !== batch.length) throw new Error(`a batch of ${batch.length} answered ${outputs.length} outputs`);
      batch.forEach((w, i) => w.resolve(outputs[i]!));
    } catch (e) {
      for (const w of batch) w.reject(e);
    }
  }
}

/**
 * Splits items so that no key appears twice in one part (one statement must not touch a row
 * twice): the first occurrence of each key in the first part, the second in the next, and so on.
 */
export function distinctRounds<I>(items: readonly I[], keyOf: (item: I) => string): Array<Array<{ readonly item: I; readonly index: number }>> {
  const rounds: Array<Array<{ item: I; index: number }>> = [];
  const seen = new Map<string, number>();
  items.forEach((item, index) => {
    const key = keyOf(item);
    const round = seen.get(key) ?? 0;
    seen.set(key, round + 1);
    (rounds[round] ??= []).push({ item, index });
  });
  return rounds;
}
