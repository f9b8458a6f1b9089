// The technician's outbox view in a real core: a record the platform refused is a dead letter
// listed with its kind, attempts, error code and age — never its payload or PII — and can be
// retried alone; the network detail measures a fresh round trip to the (embedded) platform.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ApiConnection } from '../../../src-main/core/api/ApiRouter';
import { createKioskCore, type KioskCore } from '../../../src-main/core/createKioskCore';
import { alertsModule } from '../../../src-main/core/alerts/alertsModule';
import { storageModule } from '../../../src-main/core/storage/storageModule';
import { OutboxId } from '../../../src-main/core/storage/storageServices';
import { platformModule } from '../../../src-main/core/sync/platformModule';
import { syncModule } from '../../../src-main/core/sync/syncModule';
import { deadLetterCode } from '../../../src-main/core/sync/queueApi';
import { unwrap } from '../../../src-common/result';
import { until } from '../../support/until';

let core: KioskCore | undefined;
afterEach(async () => {
  await core?.stop();
  core = undefined;
});

async function call(c: KioskCore, name: string, payload: unknown = {}): Promise<{ completionCode: string; payload: Record<string, unknown> }> {
  const sent: Array<{ type: string; completionCode: string; payload: Record<string, unknown> }> = [];
  const connection: ApiConnection = { id: `t-${Math.random()}`, send: (m) => sent.push(m as (typeof sent)[number]) };
  c.router.attach(connection);
  await c.router.dispatch(connection, name, 'r1', payload);
  c.router.detach(connection.id);
  return sent.find((m) => m.type === 'completion')!;
}

describe('dead letters and network on the technician screen', () => {
  it('lists a refused record without its payload and retries it alone', async () => {
    // No platform provisioned (test profile): the engine stays idle and the outbox is driven here
    // through its own take/record API, answering as the platform does for a stream conflict.
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'budayang-dead-'));
    core = await createKioskCore({ dataDir, profile: 'test', modules: [storageModule, alertsModule, platformModule, syncModule], logger: { logDir: false } });
    const outbox = core.service(OutboxId)!;
    const refuse = () => {
      const taken = unwrap(outbox.takeBatch(10));
      unwrap(outbox.recordResults(taken, taken.map((t) => ({ idempotencyKey: t.event.idempotencyKey, status: 'rejected' as const, reason: 'outOfOrder: stream dev:refused is past seq 1 (at 4) under another key', retryable: false }))));
    };
    unwrap(outbox.enqueue({ streamKey: 'dev:refused', kind: 'dev.synthetic', payload: { note: '王建国 11010519491231002X' }, pii: { phone: '13800138000' } }));
    refuse();
    expect(outbox.status().deadLetter).toBe(1);

    const listed = await call(core, 'Technician.DeadLetters', { limit: 10 });
    expect(listed.completionCode).toBe('success');
    const letters = listed.payload.deadLetters as Array<Record<string, unknown>>;
    expect(listed.payload.total).toBe(1);
    expect(letters).toHaveLength(1);
    expect(letters[0]).toMatchObject({ kind: 'dev.synthetic', streamKey: 'dev:refused', attempts: 1, lastErrorCode: 'outOfOrder' });
    expect(letters[0]!.ageSeconds).toBeGreaterThanOrEqual(0);
    // Metadata only: neither the payload nor the PII nor the platform's message reach the screen.
    const shown = JSON.stringify(listed.payload);
    for (const secret of ['王建国', '11010519491231002X', '13800138000', 'past seq']) expect(shown).not.toContain(secret);

    const id = letters[0]!.id as number;
    expect((await call(core, 'Technician.RetryDeadLetter', { id: id + 1000 })).payload).toEqual({ revived: 0 });
    expect((await call(core, 'Technician.RetryDeadLetter', { id })).payload).toEqual({ revived: 1 });
    expect(outbox.status()).toMatchObject({ deadLetter: 0, pending: 1 });
    // Refused again, it is a dead letter again — after its second attempt.
    refuse();
    const again = await call(core, 'Technician.DeadLetters', {});
    expect((again.payload.deadLetters as Array<Record<string, unknown>>)[0]).toMatchObject({ id, attempts: 2 });

    const network = await call(core, 'Technician.Network');
    expect(network.payload).toMatchObject({ platformUrl: null, platformOnline: false, roundTripMs: null, deadLetter: 1 });
  });

  it('measures a fresh round trip to the platform and says the last sync', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'budayang-net-'));
    core = await createKioskCore({ dataDir, profile: 'demo', modules: [storageModule, alertsModule, platformModule, syncModule], logger: { logDir: false } });
    const outbox = core.service(OutboxId)!;
    unwrap(outbox.enqueue({ streamKey: 'dev:net', kind: 'dev.synthetic', payload: { n: 1 }, pii: {} }));
    await until(() => outbox.status().acknowledged >= 1, 'the record synced', 20_000);
    const network = await call(core, 'Technician.Network');
    expect(network.completionCode).toBe('success');
    expect(network.payload).toMatchObject({ platformOnline: true, lastErrorCode: null, deadLetter: 0 });
    expect(network.payload.platformUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+/);
    expect(network.payload.roundTripMs).toBeGreaterThan(0);
    expect(network.payload.lastSyncAt).toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  it('turns a dead letter reason into a code and keeps the rest of the text off the screen', () => {
    expect(deadLetterCode('invalid: unknown event kind dev.x')).toBe('invalid');
    expect(deadLetterCode('tooLarge: the event is 9000000 bytes')).toBe('tooLarge');
    expect(deadLetterCode('local: sealed payload unreadable')).toBe('local');
    expect(deadLetterCode('王建国 was refused')).toBe('rejected');
    expect(deadLetterCode(null)).toBeNull();
  });
});
