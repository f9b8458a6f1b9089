// The anonymous struggle counts on the kiosk (ADR 0018): each signal the renderer reports adds one
// to its (hour, service, step, signal) row; a flush moves every waiting row into the outbox as one
// `help.struggleCounts` event per hour, and deletes them, in one transaction, so a count is sent
// exactly once (the outbox's idempotency key covers the retries) and never lost to a crash.
import type Database from 'better-sqlite3';
import type { Result } from '../../../src-common/result';
import { hourStartOf, STRUGGLE_COUNTS_KIND, type StruggleCount, type StruggleSignal } from '../../../src-common/wire/helpWire';
import type { Outbox } from '../outbox/Outbox';
import type { OutboxWriteError } from '../outbox/Outbox';

/** Rows of one hour per event: far above what a kiosk's steps and signals can make, within the wire's limit. */
const COUNTS_PER_EVENT = 500;

interface CountRow {
  readonly hour_start: string;
  readonly service: string;
  readonly step: string;
  readonly signal: string;
  readonly count: number;
}

export class StruggleCounts {
  private readonly statements;
  private readonly flushTransaction: Database.Transaction<() => number>;

  constructor(
    private readonly db: Database.Database,
    private readonly outbox: Outbox,
    private readonly now: () => number,
  ) {
    this.statements = {
      add: db.prepare(`INSERT INTO struggle_counts (hour_start, service, step, signal, count) VALUES (@hour, @service, @step, @signal, 1)
        ON CONFLICT (hour_start, service, step, signal) DO UPDATE SET count = count + 1`),
      waiting: db.prepare('SELECT hour_start, service, step, signal, count FROM struggle_counts ORDER BY hour_start, service, step, signal'),
      clear: db.prepare('DELETE FROM struggle_counts'),
    };
    this.flushTransaction = db.transaction(() => this.moveToOutbox());
  }

  /** Adds one to the signal's count in the current hour; durable when this returns ok. */
  add(service: string, step: string, signal: StruggleSignal): Result<void, OutboxWriteError> {
    return this.outbox.write('counting a struggle signal', () => {
      this.statements.add.run({ hour: hourStartOf(this.now()), service, step, signal });
    });
  }

  /**
   * Moves every waiting count into the outbox (one event per hour, stream `help:counts`) and
   * deletes it, in one transaction; returns how many events were queued (0: nothing waited).
   */
  flush(): Result<number, OutboxWriteError> {
    return this.outbox.write('sending the struggle counts', () => this.flushTransaction.immediate());
  }

  private moveToOutbox(): number {
    const rows = this.statements.waiting.all() as CountRow[];
    const byHour = new Map<string, StruggleCount[]>();
    for (const r of rows) {
      const counts = byHour.get(r.hour_start) ?? [];
      counts.push({ service: r.service, step: r.step, signal: r.signal as StruggleSignal, count: r.count });
      byHour.set(r.hour_start, counts);
    }
    let events = 0;
    for (const [hourStart, counts] of byHour) {
      for (let i = 0; i < counts.length; i += COUNTS_PER_EVENT) {
        this.outbox.enqueueInTransaction(this.db, { streamKey: 'help:counts', kind: STRUGGLE_COUNTS_KIND, payload: { hourStart, counts: counts.slice(i, i + COUNTS_PER_EVENT) } });
        events++;
      }
    }
    this.statements.clear.run();
    return events;
  }
}
