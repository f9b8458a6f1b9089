import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../src-common/logging';
import { unwrap } from '../../../src-common/result';
import { openSyncStack, type SyncStack } from '../../../src-main/core/sync/openSyncStack';
import { ManualClock, tempDir } from '../../integration/sync/support/syncHarness';

const stacks: SyncStack[] = [];
afterEach(() => {
  for (const s of stacks.splice(0)) s.close();
});

function stack(dir = tempDir('outbox'), clock = new ManualClock()): SyncStack {
  const s = unwrap(openSyncStack({ dataDir: dir, log: silentLogger, clock, random: () => 0.5 }));
  stacks.push(s);
  return s;
}

describe('outbox', () => {
  it('writes a business row and its job in one transaction: a rollback leaves neither', () => {
    const { db, outbox } = stack();
    db.exec('CREATE TABLE receipts (id INTEGER PRIMARY KEY, amount_fen INTEGER NOT NULL)');
    db.transaction(() => {
      db.prepare('INSERT INTO receipts (amount_fen) VALUES (?)').run(3000);
      outbox.enqueueInTransaction(db, { streamKey: 'case:A', kind: 'dev.synthetic', payload: { amountFen: 3000 } });
    })();
    expect(() =>
      db.transaction(() => {
        db.prepare('INSERT INTO receipts (amount_fen) VALUES (?)').run(5000);
        outbox.enqueueInTransaction(db, { streamKey: 'case:B', kind: 'dev.synthetic', payload: { amountFen: 5000 } });
        throw new Error('the note was returned');
      })(),
    ).toThrow('the note was returned');
    expect(db.prepare('SELECT COUNT(*) FROM receipts').pluck().get()).toBe(1);
    expect(outbox.status().pending).toBe(1);
    expect(() => outbox.enqueueInTransaction(db, { streamKey: 'x', kind: 'a.b', payload: {} })).toThrow(/inside db.transaction/);
  });

  it('refuses an unregistered kind or an invalid body as a value, writing nothing, inside a transaction too', () => {
    const { db, outbox } = stack();
    expect(outbox.enqueue({ streamKey: 'case:A', kind: 'bogus.thing', payload: {} })).toEqual({ ok: false, error: { kind: 'invalidRecord', message: 'unknown event kind bogus.thing' } });
    expect(outbox.enqueue({ streamKey: 'cert:1', kind: 'certificate.printed', payload: { certificateNumber: 'C-1' } })).toMatchObject({ ok: false, error: { kind: 'invalidRecord', message: expect.stringMatching(/printJobId/) } });
    // Through `write` (business row + job), the refusal rolls the business row back and comes back as a value.
    db.exec('CREATE TABLE receipts (id INTEGER PRIMARY KEY, amount_fen INTEGER NOT NULL)');
    const written = outbox.write('recording a receipt', () =>
      db.transaction(() => {
        db.prepare('INSERT INTO receipts (amount_fen) VALUES (?)').run(3000);
        return outbox.enqueueInTransaction(db, { streamKey: 'payment:X', kind: 'payment.recorded', payload: { paymentId: 'P1' } });
      })(),
    );
    expect(written).toMatchObject({ ok: false, error: { kind: 'invalidRecord', message: expect.stringMatching(/^payment.recorded payload: /) } });
    expect(db.prepare('SELECT COUNT(*) FROM receipts').pluck().get()).toBe(0);
    expect(outbox.status().pending).toBe(0);
  });

  it('assigns per-stream sequence numbers and takes batches in stream order', () => {
    const { outbox } = stack();
    const a1 = unwrap(outbox.enqueue({ streamKey: 'case:A', kind: 'dev.synthetic', payload: {} }));
    const b1 = unwrap(outbox.enqueue({ streamKey: 'case:B', kind: 'dev.synthetic', payload: {} }));
    const a2 = unwrap(outbox.enqueue({ streamKey: 'case:A', kind: 'dev.synthetic', payload: {} }));
    expect([a1.streamSeq, b1.streamSeq, a2.streamSeq]).toEqual([1, 1, 2]);
    const batch = unwrap(outbox.takeBatch(10));
    expect(batch.map((t) => t.event.idempotencyKey)).toEqual([a1.idempotencyKey, b1.idempotencyKey, a2.idempotencyKey]);
    expect(outbox.status().inFlight).toBe(3);
  });

  it('never lets a later job overtake an earlier one that is backing off or dead', () => {
    const clock = new ManualClock();
    const { outbox } = stack(tempDir('outbox'), clock);
    const a1 = unwrap(outbox.enqueue({ streamKey: 'case:A', kind: 'dev.synthetic', payload: {} }));
    const a2 = unwrap(outbox.enqueue({ streamKey: 'case:A', kind: 'dev.synthetic', payload: {} }));
    const b1 = unwrap(outbox.enqueue({ streamKey: 'case:B', kind: 'dev.synthetic', payload: {} }));
    const first = unwrap(outbox.takeBatch(1));
    expect(first.map((t) => t.jobId)).toEqual([a1.jobId]);
    unwrap(outbox.recordResults(first, [{ idempotencyKey: a1.idempotencyKey, status: 'rejected', reason: 'busy', retryable: true }]));
    // a1 waits for its backoff: a2 must wait too, b1 may go.
    expect(unwrap(outbox.takeBatch(10)).map((t) => t.jobId)).toEqual([b1.jobId]);
    clock.advance(60 * 60_000);
    const retry = unwrap(outbox.takeBatch(10));
    expect(retry.map((t) => t.jobId)).toEqual([a1.jobId, a2.jobId]);
    const dead = unwrap(
      outbox.recordResults(retry, [
        { idempotencyKey: a1.idempotencyKey, status: 'rejected', reason: 'invalid: bad form', retryable: false },
        { idempotencyKey: a2.idempotencyKey, status: 'rejected', reason: 'blockedByEarlier', retryable: true },
      ]),
    );
    expect(dead.map((d) => d.jobId)).toEqual([a1.jobId]);
    clock.advance(60 * 60_000);
    // The dead letter blocks its stream until a technician retries it.
    expect(unwrap(outbox.takeBatch(10))).toEqual([]);
    expect(outbox.status()).toMatchObject({ pending: 1, deadLetter: 1 });
    expect(outbox.deadLetters()[0]).toMatchObject({ jobId: a1.jobId, reason: 'invalid: bad form' });
    expect(unwrap(outbox.retryDeadLetters())).toBe(1);
    expect(unwrap(outbox.takeBatch(10)).map((t) => t.event.streamSeq)).toEqual([1, 2]);
  });

  it('returns in-flight jobs to the queue after a crash or a failed push, counting the attempt', () => {
    const { outbox, db } = stack();
    unwrap(outbox.enqueue({ streamKey: 'case:A', kind: 'dev.synthetic', payload: {} }));
    unwrap(outbox.takeBatch(10));
    expect(outbox.recoverInFlight()).toBe(1);
    expect(db.prepare('SELECT attempts, last_error FROM outbox_jobs').get()).toMatchObject({ attempts: 1, last_error: expect.stringMatching(/interrupted/) });
    expect(outbox.status()).toMatchObject({ pending: 1, inFlight: 0 });
  });

  it('keeps PII encrypted at rest: no plaintext in the .sqlite or -wal files, and purges it after retention', () => {
    const dir = tempDir('outbox');
    const clock = new ManualClock();
    const { outbox, db } = stack(dir, clock);
    const pii = { name: '张伟测试', idNumber: '42020219800101001X', address: '湖北省黄石市团城山街道杭州西路99号' };
    const job = unwrap(outbox.enqueue({ streamKey: 'case:P', kind: 'dev.synthetic', payload: { service: 'residence-permit' }, pii }));
    const files = () => fs.readdirSync(dir).filter((f) => f.startsWith('kiosk.sqlite')).map((f) => fs.readFileSync(path.join(dir, f)));
    for (const bytes of files()) {
      for (const value of Object.values(pii)) expect(bytes.includes(Buffer.from(value, 'utf8'))).toBe(false);
    }
    expect(files().some((b) => b.includes(Buffer.from('residence-permit')))).toBe(true); // metadata is in clear: the grep works
    const taken = unwrap(outbox.takeBatch(1));
    expect(taken[0]!.event.pii).toEqual(pii);
    unwrap(outbox.recordResults(taken, [{ idempotencyKey: job.idempotencyKey, status: 'accepted' }]));
    expect(unwrap(outbox.purgeAcknowledgedPii(24))).toBe(0);
    clock.advance(25 * 3_600_000);
    expect(unwrap(outbox.purgeAcknowledgedPii(24))).toBe(1);
    const row = db.prepare('SELECT pii_cipher, pii_purged_at, payload_json, state FROM outbox_jobs').get() as Record<string, unknown>;
    expect(row.pii_cipher).toBeNull();
    expect(row.pii_purged_at).toBeTypeOf('string');
    expect(JSON.parse(row.payload_json as string)).toEqual({ service: 'residence-permit' });
    expect(row.state).toBe('acked');
  });

  it('dead-letters a job whose sealed PII was tampered with instead of sending it without its data', () => {
    const { outbox, db } = stack();
    unwrap(outbox.enqueue({ streamKey: 'case:T', kind: 'dev.synthetic', payload: {}, pii: { name: '李四' } }));
    const sealed = db.prepare('SELECT pii_cipher FROM outbox_jobs').pluck().get() as Buffer;
    sealed[sealed.length - 1] = sealed[sealed.length - 1]! ^ 0xff;
    db.prepare('UPDATE outbox_jobs SET pii_cipher = ?').run(sealed);
    expect(unwrap(outbox.takeBatch(10))).toEqual([]);
    expect(outbox.deadLetters()[0]!.reason).toMatch(/failed authentication/);
  });
});
