// kill -9 the moment a cash-in for a payment notice has ended `paid`, before its payment record
// is written. The money is in the cash box; after the reboot the payment must stand: the record
// with its `payment.recorded` job (the same payment id the receipt would carry), the notice paid
// at the platform, the receipt printed — not money without a record or a claim.
import { afterEach, expect, it } from 'vitest';
import { NOTICE_50 } from './support/feeCrashPoints';
import { cashInKnownStateProblems, createFeeCrashRig, type FeeCrashRig } from './support/feeCrashRig';

let rig: FeeCrashRig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

it('completes the payment record at boot when the kiosk died between paid and its record', async () => {
  rig = await createFeeCrashRig('paid-before-record');
  for (const fen of [2000, 2000, 1000]) rig.acceptor.simulator.insert(fen);
  const run = await rig.crashAt('cash.paidBeforeRecord', { kind: 'cash', noticeNumber: NOTICE_50 });
  expect(run.signal, run.stderr).toBe('SIGKILL');
  expect(run.events('noteStacked').map((e) => e.remainingFen)).toEqual([3000, 1000, 0]);

  const core = await rig.reboot();
  const state = rig.state(core);
  expect(cashInKnownStateProblems(state, rig.acceptor.simulator.deviceReport.stackedValueFen)).toEqual([]);
  const txnId = state.journal[0]!.txnId;
  expect(state.records).toEqual([expect.objectContaining({ payment_id: `CASH-${txnId}`, method: 'cash', amount_fen: 5000, cash_txn_id: txnId })]);
  expect(state.journal.some((e) => e.body.kind === 'claimCreated')).toBe(false);
  // The citizen who waits by the restarted kiosk gets the payment receipt.
  expect(await rig.receiptWith(core, '缴费凭证', `CASH-${txnId}`)).toMatch(/实收金额 50\.00元/);
  // The platform learns of it once, and marks the notice paid by this payment.
  expect(await rig.flush(core)).toBe(true);
  expect(await rig.platformEvents('payment.recorded')).toEqual([expect.objectContaining({ paymentId: `CASH-${txnId}`, amountFen: 5000 })]);
  const notice = await rig.admin('GET', `/admin/payments/notices/${NOTICE_50}`);
  expect(notice.notice.status).toBe('paid');
}, 120_000);
