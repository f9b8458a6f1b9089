// ULIDs for the core's ids and idempotency keys. The `ulid` package's default source asks
// `crypto.getRandomValues` for one byte per character (16 calls, ~20 µs per id); on the durable
// write path that was a tenth of each commit (docs/sync.md, "Write path"). These draw the same
// CSPRNG bytes from the shared pool.
import { monotonicFactory, ulid, type ULIDFactory } from 'ulid';
import { randomPool } from './randomPool';

const fromPool = () => randomPool.fraction();

/** A new ULID (time-sortable to the millisecond, 80 random bits). */
export function newUlid(): string {
  return ulid(undefined, fromPool);
}

/** A factory whose ids strictly increase within this process, even within one millisecond. */
export function monotonicUlids(): ULIDFactory {
  return monotonicFactory(fromPool);
}
