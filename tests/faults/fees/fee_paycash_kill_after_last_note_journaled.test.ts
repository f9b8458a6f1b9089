// kill -9 after the last note of a cash payment is journaled, before the cash-in ended: the
// journal holds the whole amount. The reboot completes the payment (record + job + receipt)
// instead of sending the citizen to a counter for a refund of a fee they paid.
import { afterEach, expect, it } from 'vitest';
import { NOTICE_50 } from './support/feeCrashPoints';
import { cashInKnownStateProblems, createFeeCrashRig, type FeeCrashRig } from './support/feeCrashRig';

let rig: FeeCrashRig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

it('records the payment of a fully journaled cash-in that never ended', async () => {
  rig = await createFeeCrashRig('last-note-journaled');
  const { simulator } = rig.acceptor;
  for (const fen of [2000, 2000, 1000]) simulator.insert(fen);
  const run = await rig.crashAt('cash.lastNoteJournaled', { kind: 'cash', noticeNumber: NOTICE_50 });
  expect(run.signal, run.stderr).toBe('SIGKILL');

  const core = await rig.reboot();
  const state = rig.state(core);
  expect(cashInKnownStateProblems(state, simulator.deviceReport.stackedValueFen)).toEqual([]);
  const txnId = state.journal[0]!.txnId;
  expect(state.journal.at(-1)!.body).toMatchObject({ kind: 'reconciled', resolution: 'ok', paidFen: 5000 });
  expect(state.records).toEqual([expect.objectContaining({ payment_id: `CASH-${txnId}`, amount_fen: 5000, cash_txn_id: txnId })]);
  expect(state.jobs('payment.recorded')).toHaveLength(1);
  await rig.receiptWith(core, '缴费凭证', `CASH-${txnId}`);
}, 120_000);
