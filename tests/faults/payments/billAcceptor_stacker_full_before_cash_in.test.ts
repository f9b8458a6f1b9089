// The cash box is already full when a citizen starts to pay: the unit could not take a single
// note. The cash-in is refused at once with the reason (the capability gate shows the same), not
// started to run into its timeout with the citizen feeding notes that come back; nothing is
// journaled. Once the box is emptied, cash is taken again.
import { afterEach, expect, it } from 'vitest';
import { fen } from '../../../src-common/domain/money';
import { unwrap } from '../../../src-common/result';
import { describeCashInRefusal } from '../../../src-main/core/payments/CashInTransaction';
import { createInProcessRig, waitFor, type InProcessRig } from './cashHarness';

let rig: InProcessRig | undefined;
afterEach(async () => rig?.close());

it('refuses a cash-in while the stacker is full, and takes cash again once it is emptied', async () => {
  rig = await createInProcessRig('stacker-full-before');
  rig.served.simulator.setStackerFull(true);
  await waitFor(() => rig!.statuses.at(-1)?.detail.kind === 'cashAcceptor' && rig!.statuses.at(-1)?.state === 'userError', 10_000, 'stacker full reported');
  const entriesBefore = rig.journal.entries().length;

  const refused = await rig.service.startCashIn({ dueFen: fen(2000) });
  expect(refused.ok).toBe(false);
  expect(!refused.ok && refused.error).toEqual({ kind: 'acceptorUnavailable', deviceId: expect.any(String), state: 'userError', reason: 'validator reported STACKER FULL' });
  expect(!refused.ok && describeCashInRefusal(refused.error)).toMatch(/cannot take notes: userError \(validator reported STACKER FULL\)/);
  expect(rig.journal.entries()).toHaveLength(entriesBefore);
  expect(rig.service.activeTransaction).toBeUndefined();

  // A technician empties the box (清机): the unit stops reporting STACKER FULL.
  rig.served.simulator.setStackerFull(false);
  await waitFor(() => rig!.statuses.at(-1)?.state === 'online', 10_000, 'acceptor online again');
  const txn = unwrap(await rig.service.startCashIn({ dueFen: fen(2000) }));
  rig.served.simulator.insert(2000);
  expect(await txn.done).toMatchObject({ status: 'paid', paidFen: 2000 });
}, 30_000);
