// The durable outbox (design.md §6, after Signal Desktop's JobQueue, but nothing is ever deleted
// unsent): jobs are written in the same SQLite transaction as the business row they describe,
// delivered to the platform in per-stream order, retried with backoff, dead-lettered when the
// platform calls them invalid. PII is sealed with AES-256-GCM and purged after the retention window.
import type Database from 'better-sqlite3';
import { monotonicUlids } from '../ids/ulids';
import type { Logger } from '../../../src-common/logging';
import { checkEventBody } from '../../../src-common/wire/eventRegistry';
import type { PushItemResult, WireEvent } from '../../../src-common/wire/wire';
import { err, type Result } from '../../../src-common/result';
import type { PiiCipher } from '../crypto/PiiCipher';
import { tryWrite, type StorageError } from '../storage/sqliteErrors';
import { retryDelayMs } from '../../../src-common/backoff';
import { Emitter } from '../../../src-common/event';
import { JOB_BACKOFF } from './retryPolicies';
import { systemClock, type Clock, type DeadLetter, type EnqueuedJob, type InvalidOutboxRecord, type OutboxRecord, type QueueStatus } from './outboxTypes';

/** What a write through the outbox can fail with: storage, or a record the registry refuses. */
export type OutboxWriteError = StorageError | InvalidOutboxRecord;

/**
 * Checks a record against the shared event registry (src-common/wire/eventRegistry.ts): the
 * same check the platform applies, so nothing the platform would refuse is ever queued.
 */
export function checkOutboxRecord(record: OutboxRecord): InvalidOutboxRecord | undefined {
  if (record.streamKey.length === 0 || record.streamKey.length > 200) return { kind: 'invalidRecord', message: `${record.kind}: streamKey must have 1–200 characters` };
  if (record.occurredAt !== undefined && Number.isNaN(Date.parse(record.occurredAt))) return { kind: 'invalidRecord', message: `${record.kind}: occurredAt "${record.occurredAt}" is not a date` };
  const pii = record.pii && Object.keys(record.pii).length > 0 ? record.pii : undefined;
  const problem = checkEventBody(record.kind, record.payload, pii);
  return problem ? { kind: 'invalidRecord', message: problem.message } : undefined;
}

/** Thrown inside a caller's transaction (rolling it back) and turned back into a value by `write`. */
class OutboxRecordRefused extends Error {
  constructor(readonly refusal: InvalidOutboxRecord) {
    super(refusal.message);
  }
}

interface JobRow {
  id: number;
  idempotency_key: string;
  stream_key: string;
  stream_seq: number;
  kind: string;
  occurred_at: string;
  payload_json: string;
  pii_cipher: Buffer | null;
}

/** A job taken for a push: its row id and the event as it goes on the wire. */
export interface TakenJob {
  readonly jobId: number;
  readonly event: WireEvent;
}

export interface OutboxOptions {
  readonly db: Database.Database;
  readonly cipher: PiiCipher;
  readonly log: Logger;
  readonly clock?: Clock;
  readonly random?: () => number;
}

export class Outbox {
  private readonly db: Database.Database;
  private readonly cipher: PiiCipher;
  private readonly log: Logger;
  private readonly clock: Clock;
  private readonly random: () => number;
  private readonly newKey = monotonicUlids();
  private readonly queuedWork = new Emitter<void>();
  /** Fires after a job was enqueued or revived (the sync engine's cue to push). */
  readonly onDidQueueWork = this.queuedWork.event;
  private refusal: string | null = null;
  private readonly statements;
  /** `enqueue`'s transaction, built once: wrapping a function per call cost ~4 µs a record. */
  private readonly enqueueAlone: Database.Transaction<(record: OutboxRecord) => EnqueuedJob>;

  constructor(options: OutboxOptions) {
    this.db = options.db;
    this.cipher = options.cipher;
    this.log = options.log;
    this.clock = options.clock ?? systemClock;
    this.random = options.random ?? Math.random;
    const db = this.db;
    this.statements = {
      nextSeq: db.prepare('SELECT COALESCE(MAX(stream_seq), 0) + 1 AS seq FROM outbox_jobs WHERE stream_key = ?').pluck(),
      insert: db.prepare(`INSERT INTO outbox_jobs (idempotency_key, stream_key, stream_seq, kind, occurred_at, payload_json, pii_cipher, state, attempts, next_attempt_at, created_at)
        VALUES (@key, @stream, @seq, @kind, @occurredAt, @payload, @pii, 'pending', 0, @now, @now)`),
      // A pending job is due when its time came and no earlier job of its stream is still open
      // and not itself being sent in this batch (earlier due jobs come first: ids grow with seq).
      due: db.prepare(`SELECT j.id, j.idempotency_key, j.stream_key, j.stream_seq, j.kind, j.occurred_at, j.payload_json, j.pii_cipher
        FROM outbox_jobs j
        WHERE j.state = 'pending' AND j.next_attempt_at <= @now
          AND NOT EXISTS (SELECT 1 FROM outbox_jobs e WHERE e.stream_key = j.stream_key AND e.stream_seq < j.stream_seq
                          AND (e.state IN ('inFlight', 'dead') OR (e.state = 'pending' AND e.next_attempt_at > @now)))
        ORDER BY j.id LIMIT @limit`),
      attemptsOf: db.prepare('SELECT attempts FROM outbox_jobs WHERE id = ?').pluck(),
      markInFlight: db.prepare("UPDATE outbox_jobs SET state = 'inFlight' WHERE id = ? AND state = 'pending'"),
      ack: db.prepare("UPDATE outbox_jobs SET state = 'acked', acked_at = @now, attempts = attempts + 1, last_error = NULL WHERE id = @id AND state = 'inFlight'"),
      retryLater: db.prepare("UPDATE outbox_jobs SET state = 'pending', attempts = attempts + 1, next_attempt_at = @next, last_error = @error WHERE id = @id AND state = 'inFlight'"),
      kill: db.prepare("UPDATE outbox_jobs SET state = 'dead', attempts = attempts + 1, last_error = @error WHERE id = @id AND state = 'inFlight'"),
      addDead: db.prepare('INSERT INTO outbox_dead_letters (job_id, reason, dead_at) VALUES (?, ?, ?)'),
      releaseAll: db.prepare("UPDATE outbox_jobs SET state = 'pending', attempts = attempts + 1, last_error = @error WHERE state = 'inFlight'"),
      counts: db.prepare("SELECT state, COUNT(*) AS n FROM outbox_jobs GROUP BY state"),
      oldestOpen: db.prepare("SELECT MIN(created_at) FROM outbox_jobs WHERE state IN ('pending', 'inFlight')").pluck(),
      nextDue: db.prepare("SELECT MIN(next_attempt_at) FROM outbox_jobs WHERE state = 'pending'").pluck(),
      getState: db.prepare('SELECT value FROM sync_state WHERE key = ?').pluck(),
      setState: db.prepare('INSERT INTO sync_state (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value'),
      openDead: db.prepare(`SELECT j.id AS jobId, j.idempotency_key AS idempotencyKey, j.stream_key AS streamKey, j.kind, d.reason, d.dead_at AS deadAt
        FROM outbox_dead_letters d JOIN outbox_jobs j ON j.id = d.job_id WHERE d.retried_at IS NULL AND j.state = 'dead' ORDER BY d.id`),
      reviveDead: db.prepare("UPDATE outbox_jobs SET state = 'pending', next_attempt_at = @now, last_error = NULL WHERE state = 'dead'"),
      closeDead: db.prepare('UPDATE outbox_dead_letters SET retried_at = @now WHERE retried_at IS NULL'),
      purge: db.prepare("UPDATE outbox_jobs SET pii_cipher = NULL, pii_purged_at = @now WHERE state = 'acked' AND pii_cipher IS NOT NULL AND acked_at <= @before"),
    };
    this.enqueueAlone = db.transaction((record: OutboxRecord) => this.insertJob(record));
  }

  /**
   * Writes a job inside the caller's open transaction on the same database, so the business row
   * and its job are committed together or not at all. Throws (rolling the caller back) on a bad
   * record or a SQLite failure; wrap the transaction in `tryWrite` to get a Result.
   */
  enqueueInTransaction(tx: Database.Database, record: OutboxRecord): EnqueuedJob {
    if (tx !== this.db) throw new Error('enqueueInTransaction: the transaction belongs to another database');
    if (!tx.inTransaction) throw new Error('enqueueInTransaction must run inside db.transaction(...)');
    const refused = checkOutboxRecord(record);
    if (refused) throw new OutboxRecordRefused(refused);
    return this.insertJob(record);
  }

  private insertJob(record: OutboxRecord): EnqueuedJob {
    const now = new Date(this.clock.now()).toISOString();
    const key = this.newKey();
    const seq = this.statements.nextSeq.get(record.streamKey) as number;
    const info = this.statements.insert.run({
      key,
      stream: record.streamKey,
      seq,
      kind: record.kind,
      occurredAt: record.occurredAt ? new Date(record.occurredAt).toISOString() : now,
      payload: JSON.stringify(record.payload),
      pii: record.pii && Object.keys(record.pii).length > 0 ? this.cipher.encryptJson(record.pii, key) : null,
      now,
    });
    const job = { jobId: Number(info.lastInsertRowid), idempotencyKey: key, streamKey: record.streamKey, streamSeq: seq };
    // Listeners (the sync engine) run after the outer transaction has had a chance to commit.
    queueMicrotask(() => this.queuedWork.fire());
    return job;
  }

  /**
   * Enqueues on its own (a record with no business row, e.g. an alert). An unregistered kind or
   * an invalid body → `invalidRecord`, disk full → `diskFull`: values with a reason, never a throw.
   */
  enqueue(record: OutboxRecord): Result<EnqueuedJob, OutboxWriteError> {
    const refused = checkOutboxRecord(record);
    if (refused) {
      this.log.error('outbox.record_refused', { kind: record.kind.slice(0, 100), reason: refused.message });
      return err(refused);
    }
    return this.write(`recording ${record.kind}`, () => this.enqueueAlone.immediate(record));
  }

  /**
   * Runs `work` in one IMMEDIATE transaction and reports storage failures as values. Domains use
   * it for "business row + outbox job"; a full disk marks the outbox as refusing new work until a
   * later write succeeds.
   */
  write<T>(action: string, work: () => T): Result<T, OutboxWriteError> {
    try {
      return this.writeStorage(action, work);
    } catch (e) {
      if (!(e instanceof OutboxRecordRefused)) throw e;
      this.log.error('outbox.record_refused', { action, reason: e.refusal.message });
      return err(e.refusal);
    }
  }

  /** `write` for the queue's own bookkeeping, which writes no records: only storage can fail. */
  private writeStorage<T>(action: string, work: () => T): Result<T, StorageError> {
    const result = tryWrite(action, work);
    if (!result.ok && result.error.kind === 'diskFull') {
      if (this.refusal === null) this.log.error('outbox.disk_full', { action });
      this.refusal = result.error.message;
    } else if (result.ok && this.refusal !== null) {
      this.log.info('outbox.disk_recovered');
      this.refusal = null;
    }
    return result;
  }

  /** Why new work is refused right now (storage full), or null. */
  get refusingNewWork(): string | null {
    return this.refusal;
  }

  /** After a crash: a push whose answer never came is simply sent again (the platform de-duplicates). */
  recoverInFlight(): number {
    return this.statements.releaseAll.run({ error: 'interrupted: the core stopped before the answer arrived' }).changes;
  }

  /**
   * Takes up to `limit` due jobs, marks them in flight (committed before they are sent), and
   * returns them as wire events with PII decrypted. A job whose PII cannot be decrypted is
   * dead-lettered: sending it without its data would be wrong, retrying cannot help.
   */
  takeBatch(limit: number): Result<TakenJob[], StorageError> {
    const now = new Date(this.clock.now()).toISOString();
    return this.writeStorage('taking a batch', () =>
      this.db.transaction(() => {
        const rows = this.statements.due.all({ now, limit }) as JobRow[];
        const taken: TakenJob[] = [];
        const blockedStreams = new Set<string>();
        for (const row of rows) {
          if (blockedStreams.has(row.stream_key)) continue;
          this.statements.markInFlight.run(row.id);
          let pii: Record<string, unknown> | undefined;
          if (row.pii_cipher) {
            const opened = this.cipher.decryptJson<Record<string, unknown>>(row.pii_cipher, row.idempotency_key);
            if (!opened.ok) {
              this.deadLetterRow(row.id, `local: ${opened.error}`, now);
              blockedStreams.add(row.stream_key);
              continue;
            }
            pii = opened.value;
          }
          taken.push({
            jobId: row.id,
            event: {
              idempotencyKey: row.idempotency_key,
              streamKey: row.stream_key,
              streamSeq: row.stream_seq,
              kind: row.kind,
              occurredAt: row.occurred_at,
              payload: JSON.parse(row.payload_json) as Record<string, unknown>,
              ...(pii ? { pii } : {}),
            },
          });
        }
        return taken;
      }).immediate(),
    );
  }

  /**
   * Applies the platform's per-item answers in one transaction: accepted and duplicate are
   * acknowledged; retryable rejections wait with backoff; invalid ones become dead letters.
   * An item the answer does not mention is retried. Returns the jobs dead-lettered now.
   */
  recordResults(taken: readonly TakenJob[], results: readonly PushItemResult[]): Result<DeadLetter[], StorageError> {
    const byKey = new Map(results.map((r) => [r.idempotencyKey, r]));
    const nowMs = this.clock.now();
    const now = new Date(nowMs).toISOString();
    return this.writeStorage('recording push results', () =>
      this.db.transaction(() => {
        const dead: DeadLetter[] = [];
        for (const job of taken) {
          const result = byKey.get(job.event.idempotencyKey);
          const outcome = result ?? { idempotencyKey: job.event.idempotencyKey, status: 'rejected' as const, reason: 'no result for this item in the answer', retryable: true };
          switch (outcome.status) {
            case 'accepted':
            case 'duplicate':
              this.statements.ack.run({ id: job.jobId, now });
              break;
            case 'rejected':
              if (outcome.retryable) {
                const failures = (this.statements.attemptsOf.get(job.jobId) as number) + 1;
                const next = new Date(nowMs + retryDelayMs(JOB_BACKOFF, failures, undefined, this.random)).toISOString();
                this.statements.retryLater.run({ id: job.jobId, next, error: outcome.reason });
              } else {
                this.deadLetterRow(job.jobId, outcome.reason, now);
                dead.push({ jobId: job.jobId, idempotencyKey: job.event.idempotencyKey, streamKey: job.event.streamKey, kind: job.event.kind, reason: outcome.reason, deadAt: now });
              }
              break;
            default: {
              const unknown: never = outcome;
              throw new Error(`unknown push result ${JSON.stringify(unknown)}`);
            }
          }
        }
        return dead;
      }).immediate(),
    );
  }

  private deadLetterRow(jobId: number, reason: string, now: string): void {
    this.statements.kill.run({ id: jobId, error: reason });
    this.statements.addDead.run(jobId, reason, now);
    this.log.warn('outbox.dead_letter', { jobId, reason });
  }

  /** The push failed as a whole (network, 5xx): every in-flight job goes back to pending, unchanged order. */
  releaseInFlight(error: string): Result<number, StorageError> {
    return this.writeStorage('releasing in-flight jobs', () => this.statements.releaseAll.run({ error: error.slice(0, 500) }).changes);
  }

  /** Technician: every dead letter goes back to the queue, due now, in its original stream position. */
  retryDeadLetters(): Result<number, StorageError> {
    const now = new Date(this.clock.now()).toISOString();
    return this.writeStorage('retrying dead letters', () =>
      this.db.transaction(() => {
        this.statements.closeDead.run({ now });
        const revived = this.statements.reviveDead.run({ now }).changes;
        if (revived > 0) queueMicrotask(() => this.queuedWork.fire());
        return revived;
      }).immediate(),
    );
  }

  /** Technician: one dead letter back to the queue (0 when it is not dead any more). */
  retryDeadLetter(jobId: number): Result<number, StorageError> {
    const now = new Date(this.clock.now()).toISOString();
    return this.writeStorage('retrying a dead letter', () =>
      this.db.transaction(() => {
        this.db.prepare('UPDATE outbox_dead_letters SET retried_at = ? WHERE retried_at IS NULL AND job_id = ?').run(now, jobId);
        const revived = this.db.prepare("UPDATE outbox_jobs SET state = 'pending', next_attempt_at = ?, last_error = NULL WHERE state = 'dead' AND id = ?").run(now, jobId).changes;
        if (revived > 0) queueMicrotask(() => this.queuedWork.fire());
        return revived;
      }).immediate(),
    );
  }

  /** Dead letters with their attempts and creation time, oldest first (metadata only: no payload). */
  deadLetterDetails(limit: number): Array<DeadLetter & { readonly attempts: number; readonly createdAt: string }> {
    return this.db
      .prepare(
        `SELECT j.id AS jobId, j.idempotency_key AS idempotencyKey, j.stream_key AS streamKey, j.kind, d.reason, d.dead_at AS deadAt, j.attempts, j.created_at AS createdAt
           FROM outbox_dead_letters d JOIN outbox_jobs j ON j.id = d.job_id WHERE d.retried_at IS NULL AND j.state = 'dead' ORDER BY d.id LIMIT ?`,
      )
      .all(limit) as Array<DeadLetter & { attempts: number; createdAt: string }>;
  }

  deadLetters(): DeadLetter[] {
    return this.statements.openDead.all() as DeadLetter[];
  }

  /** Drops the sealed PII of jobs acknowledged more than `retentionHours` ago; metadata stays. */
  purgeAcknowledgedPii(retentionHours: number): Result<number, StorageError> {
    const nowMs = this.clock.now();
    const before = new Date(nowMs - retentionHours * 3_600_000).toISOString();
    return this.writeStorage('purging acknowledged PII', () => this.statements.purge.run({ now: new Date(nowMs).toISOString(), before }).changes);
  }

  /** Earliest time a pending job becomes due (ms), or undefined when nothing waits. */
  nextDueAt(): number | undefined {
    const at = this.statements.nextDue.get() as string | null;
    return at ? Date.parse(at) : undefined;
  }

  markSynced(): void {
    this.writeStorage('recording the sync time', () => this.statements.setState.run('lastSyncAt', new Date(this.clock.now()).toISOString()));
  }

  status(): QueueStatus {
    const counts: Record<string, number> = {};
    for (const row of this.statements.counts.all() as { state: string; n: number }[]) counts[row.state] = row.n;
    const oldest = this.statements.oldestOpen.get() as string | null;
    return {
      pending: counts.pending ?? 0,
      inFlight: counts.inFlight ?? 0,
      deadLetter: counts.dead ?? 0,
      acknowledged: counts.acked ?? 0,
      oldestPendingAgeSeconds: oldest ? Math.max(0, Math.round((this.clock.now() - Date.parse(oldest)) / 1000)) : null,
      lastSyncAt: (this.statements.getState.get('lastSyncAt') as string | undefined) ?? null,
      refusingNewWork: this.refusal,
    };
  }
}

