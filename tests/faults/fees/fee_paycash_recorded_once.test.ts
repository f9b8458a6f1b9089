// Fault: the payment record's push is retried over and over (lost answers, re-sends, a retry
// storm). A notice paid in cash is recorded once on the kiosk, in one transaction with its outbox
// job, and marked paid at the platform exactly once; the payment receipt prints and decodes.
import { afterEach, describe, expect, it } from 'vitest';
import type { WireEvent } from '../../../src-common/wire/wire';
import { NOTICE_50, startFeesRig, until, type FeesRig } from '../../integration/fees/support/feesHarness';
import { CashServiceId } from '../../../src-main/core/payments/CashService';
import { PlatformClientId } from '../../../src-main/core/sync/PlatformClient';

let rig: FeesRig | undefined;
afterEach(async () => {
  await rig?.stop();
  rig = undefined;
});

describe('Fee.PayCash for a notice', () => {
  it('pays 50.00 in notes, records once, prints the receipt, and survives a retry storm of the record', async () => {
    rig = await startFeesRig();
    const r = rig;
    const payable = { kind: 'notice', noticeNumber: NOTICE_50 };
    const run = r.client.start('Fee.PayCash', { payable, timeoutSeconds: 60 });
    await until(() => r.core.service(CashServiceId)!.activeTransaction !== undefined, 5000, 'cash-in started');
    // Lose every push answer while the record is queued (the platform stores, the kiosk hears nothing).
    await r.setPlatformDown(true);
    for (const note of [2000, 2000, 1000]) r.insertNote(note);
    const done = await run.done;
    expect(done.completionCode).toBe('success');
    expect(done.payload.cash).toMatchObject({ status: 'paid', dueFen: 5000, paidFen: 5000 });
    expect(done.payload.receipt).toEqual({ outcome: 'printed' });
    expect(run.events.filter((e) => e.event === 'noteStacked').map((e) => e.payload.remainingFen)).toEqual([3000, 1000, 0]);

    // One record, its job in the outbox (committed together).
    const records = r.kioskRows('SELECT payment_id, method, amount_fen, cash_txn_id FROM payment_records');
    expect(records).toEqual([{ payment_id: `CASH-${done.payload.cash.txnId}`, method: 'cash', amount_fen: 5000, cash_txn_id: done.payload.cash.txnId }]);
    const job = r.kioskRows("SELECT idempotency_key, state FROM outbox_jobs WHERE kind = 'payment.recorded'");
    expect(job).toHaveLength(1);

    // The receipt, decoded from the printer simulator's bytes.
    const receipt = r.receiptLines().at(-1)!.join('\n');
    expect(receipt).toMatch(/缴费凭证/);
    expect(receipt).toMatch(/不动产登记费/);
    expect(receipt).toMatch(/现金/);
    expect(receipt).toMatch(/投入金额.*50\.00元/);
    expect(receipt).toMatch(/实收金额 50\.00元/);
    expect(receipt).toContain(`/payments/CASH-${done.payload.cash.txnId}`);

    // Several pushes while answers are lost; then the network returns.
    for (let i = 0; i < 3; i++) await r.client.call('Queue.Flush');
    await r.setPlatformDown(false);
    await r.client.call('Queue.Flush');
    await until(() => r.kioskRows("SELECT state FROM outbox_jobs WHERE kind = 'payment.recorded'")[0].state === 'acked', 5000, 'record acknowledged');

    // Retry storm: the very same event pushed 30 times at once.
    const stored = (await r.platform.store.allEvents()).find((e) => e.kind === 'payment.recorded')!;
    const wire: WireEvent = { idempotencyKey: stored.idempotencyKey, streamKey: stored.streamKey, streamSeq: stored.streamSeq, kind: stored.kind, occurredAt: stored.occurredAt, payload: stored.payload };
    const platform = r.core.service(PlatformClientId)!;
    const storm = await Promise.all(Array.from({ length: 30 }, () => platform.pushEvents([wire])));
    expect(storm.every((s) => s.ok && s.value.results[0]!.status === 'duplicate')).toBe(true);

    expect((await r.platformEvents('payment.recorded'))).toHaveLength(1);
    const notice = (await r.admin('GET', `/admin/payments/notices/${NOTICE_50}`)).json;
    expect(notice.notice.status).toBe('paid');
    expect(notice.settlements).toEqual([expect.objectContaining({ paymentId: `CASH-${done.payload.cash.txnId}`, method: 'cash', source: 'kioskRecord', reversedAt: null })]);
    expect((await r.admin('GET', '/admin/payments/settlements')).json.conflicts).toEqual([]);
    // Paid: neither cash nor QR may take money for it again.
    expect((await r.client.call('Fee.PayCash', { payable, timeoutSeconds: 60 })).completionCode).toBe('sequenceError');
    expect((await r.client.call('Qr.PayByPaymentCode', { payable, timeoutSeconds: 30 })).completionCode).toBe('sequenceError');
  });
});
