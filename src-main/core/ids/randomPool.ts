// Random bytes for ids and nonces, drawn from the OS CSPRNG a few KiB at a time. One
// `crypto.randomBytes` call per id or nonce cost several microseconds each on the durable write
// path (docs/sync.md, "Write path"); the pool gives the same bytes for one call per 4 KiB.
import { randomFillSync } from 'node:crypto';

/** Bytes drawn from the OS per refill. */
const POOL_BYTES = 4096;

export class RandomPool {
  private readonly pool = Buffer.allocUnsafe(POOL_BYTES);
  private next = POOL_BYTES;

  /** `length` fresh random bytes (a copy: the caller may keep it). */
  bytes(length: number): Buffer {
    if (length > POOL_BYTES) {
      const big = Buffer.allocUnsafe(length);
      randomFillSync(big);
      return big;
    }
    if (this.next + length > POOL_BYTES) this.refill();
    const out = Buffer.from(this.pool.subarray(this.next, this.next + length));
    this.next += length;
    return out;
  }

  /** A fraction in [0, 1) with 256 steps, the shape `ulid` expects of its PRNG. */
  fraction(): number {
    if (this.next === POOL_BYTES) this.refill();
    return this.pool[this.next++]! / 256;
  }

  private refill(): void {
    randomFillSync(this.pool);
    this.next = 0;
  }
}

/** The process's shared pool (never hand its bytes to two uses: each call takes fresh ones). */
export const randomPool = new RandomPool();
