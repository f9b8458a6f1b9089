// kill -9 after the last note of a cash payment reached the cash box but before its journal
// entry: the device's counters show one more note than the journal. The reboot credits it once
// and, the notice being paid in full, completes the payment record with its outbox job.
import { afterEach, expect, it } from 'vitest';
import { NOTICE_50 } from './support/feeCrashPoints';
import { cashInKnownStateProblems, createFeeCrashRig, type FeeCrashRig } from './support/feeCrashRig';

let rig: FeeCrashRig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

it('credits the unjournaled last note from the counters and records the payment', async () => {
  rig = await createFeeCrashRig('stack-before-journal');
  const { simulator } = rig.acceptor;
  for (const fen of [2000, 2000, 1000]) simulator.insert(fen);
  const run = await rig.crashAt('cash.stackedBeforeJournal', { kind: 'cash', noticeNumber: NOTICE_50 });
  expect(run.signal, run.stderr).toBe('SIGKILL');
  // The screen never showed the last note.
  expect(run.events('noteStacked').map((e) => e.paidFen)).toEqual([2000, 4000]);

  const core = await rig.reboot();
  const state = rig.state(core);
  expect(simulator.deviceReport.stackedValueFen).toBe(5000);
  expect(cashInKnownStateProblems(state, 5000)).toEqual([]);
  const txnId = state.journal[0]!.txnId;
  expect(state.journal.filter((e) => e.body.kind === 'noteStacked').map((e) => e.body)).toEqual([
    expect.objectContaining({ valueFen: 2000, source: 'credit' }),
    expect.objectContaining({ valueFen: 2000, source: 'credit' }),
    expect.objectContaining({ valueFen: 1000, paidFen: 5000, source: 'reconciled' }),
  ]);
  expect(state.records).toEqual([expect.objectContaining({ payment_id: `CASH-${txnId}`, amount_fen: 5000 })]);
  expect(state.jobs('cash.claimCreated')).toEqual([]);
  await rig.receiptWith(core, '缴费凭证', `CASH-${txnId}`);
}, 120_000);
