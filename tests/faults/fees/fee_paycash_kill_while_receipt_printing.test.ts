// kill -9 while the payment receipt is printing (its job journaled `printing`, no outcome). After
// the reboot the job is `unknown` and is never printed again by surprise (a reprint needs a new
// job id); the payment stands as recorded with its job.
import { afterEach, expect, it } from 'vitest';
import { NOTICE_50 } from './support/feeCrashPoints';
import { cashInKnownStateProblems, createFeeCrashRig, type FeeCrashRig } from './support/feeCrashRig';
import { PrintServiceId } from '../../../src-main/core/printing/PrintService';

let rig: FeeCrashRig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

it('closes the interrupted receipt job as unknown and keeps the payment recorded', async () => {
  rig = await createFeeCrashRig('receipt-printing');
  const { simulator } = rig.acceptor;
  for (const fen of [2000, 2000, 1000]) simulator.insert(fen);
  const run = await rig.crashAt('receipt.printing', { kind: 'cash', noticeNumber: NOTICE_50 });
  expect(run.signal, run.stderr).toBe('SIGKILL');

  const core = await rig.reboot();
  const state = rig.state(core);
  expect(cashInKnownStateProblems(state, simulator.deviceReport.stackedValueFen)).toEqual([]);
  const paymentId = `CASH-${state.journal[0]!.txnId}`;
  expect(state.records).toEqual([expect.objectContaining({ payment_id: paymentId, amount_fen: 5000 })]);
  expect(state.printJobs).toEqual([expect.objectContaining({ jobId: `payment:${paymentId}`, document: 'payment', state: 'unknown' })]);
  // The same job id is refused: the receipt may have come out before the power went.
  const again = await core.service(PrintServiceId)!.printReceipt({ kind: 'payment', blocks: [{ kind: 'text', text: 'x' }] }, { jobId: `payment:${paymentId}` });
  expect(again).toMatchObject({ state: 'failed', reason: expect.stringContaining('already unknown') });
  expect(rig.state(core).receipts).toEqual([]);
}, 120_000);
