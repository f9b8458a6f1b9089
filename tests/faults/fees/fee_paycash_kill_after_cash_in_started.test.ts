// kill -9 right after a cash-in for a payment notice was journaled, before the acceptor took any
// note. Nothing was taken: the reboot rolls it back with no claim and no record, the notes are
// still the citizen's, and the notice can be paid at the restarted kiosk.
import { afterEach, expect, it } from 'vitest';
import { NOTICE_50 } from './support/feeCrashPoints';
import { cashInKnownStateProblems, createFeeCrashRig, type FeeCrashRig } from './support/feeCrashRig';

let rig: FeeCrashRig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

it('rolls back a cash-in that took nothing and lets the notice be paid after the reboot', async () => {
  rig = await createFeeCrashRig('cash-started');
  const { simulator } = rig.acceptor;
  for (const fen of [2000, 2000, 1000]) simulator.insert(fen);
  const run = await rig.crashAt('cash.started', { kind: 'cash', noticeNumber: NOTICE_50 });
  expect(run.signal, run.stderr).toBe('SIGKILL');
  expect(run.events('noteStacked')).toEqual([]);

  const core = await rig.reboot();
  const state = rig.state(core);
  expect(cashInKnownStateProblems(state, simulator.deviceReport.stackedValueFen)).toEqual([]);
  expect(state.journal.map((e) => e.body.kind)).toEqual(['txnStarted', 'reconciled']);
  expect(state.journal[1]!.body).toMatchObject({ kind: 'reconciled', resolution: 'rollback', paidFen: 0 });
  expect(state.records).toEqual([]);
  expect(state.jobs('cash.claimCreated')).toEqual([]);
  expect(simulator.deviceReport.stacked).toBe(0);
  expect(simulator.queuedNotes).toBe(3);

  // A known state: the same citizen pays the notice in full at the restarted kiosk.
  const paid = await rig.asCitizen(core, (client) => client.call('Fee.PayCash', { payable: { kind: 'notice', noticeNumber: NOTICE_50 }, timeoutSeconds: 60 }));
  expect(paid.ok && paid.value.cash).toMatchObject({ status: 'paid', paidFen: 5000 });
  expect(rig.state(core).records).toEqual([expect.objectContaining({ amount_fen: 5000, method: 'cash' })]);
}, 120_000);
