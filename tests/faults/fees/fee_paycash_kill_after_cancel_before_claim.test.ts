// kill -9 after a citizen canceled a cash payment with a note in the cash box: the cash-in's end
// (`canceled`) is reached but the refund claim is not yet written. The reboot must still owe the
// note back: a refund claim with its outbox job, the claim receipt and an alert.
import { afterEach, expect, it } from 'vitest';
import { NOTICE_50 } from './support/feeCrashPoints';
import { cashInKnownStateProblems, createFeeCrashRig, type FeeCrashRig } from './support/feeCrashRig';

let rig: FeeCrashRig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

it('files the refund claim the crash cut off, with receipt and alert', async () => {
  rig = await createFeeCrashRig('cancel-before-claim');
  const { simulator } = rig.acceptor;
  simulator.insert(2000);
  const run = await rig.crashAt('cash.canceledBeforeClaim', { kind: 'cashCancelAfterFirstNote', noticeNumber: NOTICE_50 });
  expect(run.signal, run.stderr).toBe('SIGKILL');
  expect(run.events('noteStacked').map((e) => e.paidFen)).toEqual([2000]);

  const core = await rig.reboot();
  const state = rig.state(core);
  expect(cashInKnownStateProblems(state, simulator.deviceReport.stackedValueFen)).toEqual([]);
  expect(state.records).toEqual([]);
  const claims = state.jobs('cash.claimCreated').map((j) => j.payload);
  expect(claims).toEqual([expect.objectContaining({ kind: 'refund', amountFen: 2000, dueFen: 5000 })]);
  expect(state.alerts).toEqual(expect.arrayContaining([expect.objectContaining({ cashAlert: 'cash.claimAfterInterruption' })]));
  await rig.receiptWith(core, '退款凭证', claims[0].claimId);
}, 120_000);
