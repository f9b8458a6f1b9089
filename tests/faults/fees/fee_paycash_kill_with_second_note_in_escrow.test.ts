// kill -9 while the second note of a cash payment is in escrow (accepted by the write-ahead
// entry, not yet stacked). The unit hands that note back; the first note is in the cash box and
// the payment is incomplete, so the reboot files a refund claim for exactly that note, prints the
// claim receipt and alerts an operator.
import { afterEach, expect, it } from 'vitest';
import { NOTICE_50 } from './support/feeCrashPoints';
import { cashInKnownStateProblems, createFeeCrashRig, type FeeCrashRig } from './support/feeCrashRig';

let rig: FeeCrashRig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

it('returns the escrowed note and owes the stacked one back as a claim with receipt and alert', async () => {
  rig = await createFeeCrashRig('second-note-escrow');
  const { simulator } = rig.acceptor;
  for (const fen of [2000, 2000, 1000]) simulator.insert(fen);
  const run = await rig.crashAt('cash.secondNoteInEscrow', { kind: 'cash', noticeNumber: NOTICE_50 });
  expect(run.signal, run.stderr).toBe('SIGKILL');
  expect(run.events('noteStacked').map((e) => e.paidFen)).toEqual([2000]);

  const core = await rig.reboot();
  const state = rig.state(core);
  expect(cashInKnownStateProblems(state, simulator.deviceReport.stackedValueFen)).toEqual([]);
  expect(simulator.deviceReport).toMatchObject({ stacked: 1, stackedValueFen: 2000 });
  expect(state.records).toEqual([]);
  const claim = state.journal.find((e) => e.body.kind === 'claimCreated')!.body;
  expect(claim).toMatchObject({ claimKind: 'refund', amountFen: 2000 });
  const claimId = (claim as { claimId: string }).claimId;
  expect(state.jobs('cash.claimCreated').map((j) => j.payload)).toEqual([expect.objectContaining({ claimId, amountFen: 2000, dueFen: 5000 })]);
  expect(state.alerts).toEqual(expect.arrayContaining([expect.objectContaining({ cashAlert: 'cash.claimAfterInterruption' })]));
  expect(await rig.receiptWith(core, '退款凭证', claimId)).toMatch(/已投入金额\s+20\.00元/);
}, 120_000);
