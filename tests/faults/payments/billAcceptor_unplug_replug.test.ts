// The acceptor's cable is pulled mid-transaction: the UI hears about it, the status goes offline,
// the driver reconnects after replug, and the cash-in carries on to the full amount.
import { afterEach, expect, it } from 'vitest';
import { unwrap } from '../../../src-common/result';
import { createInProcessRig, waitFor, type InProcessRig } from './cashHarness';

let rig: InProcessRig | undefined;
afterEach(async () => rig?.close());

it('survives an unplug mid-transaction without losing the stacked note', async () => {
  rig = await createInProcessRig('unplug');
  const problems: string[] = [];
  const stacked: number[] = [];
  const txn = unwrap(await rig.service.startCashIn({ dueFen: 3000, listener: { onDeviceProblem: (p) => problems.push(p.problem), onStacked: (n) => stacked.push(n.paidFen) } }));
  rig.served.simulator.insert(1000);
  await waitFor(() => stacked.length === 1, 10_000, 'first note');
  await rig.pty.unplug();
  await waitFor(() => problems.includes('disconnected'), 15_000, 'disconnect noticed');
  expect(rig.statuses.at(-1)?.state).toBe('offline');
  await rig.pty.replug();
  await waitFor(() => rig!.statuses.at(-1)?.state === 'online', 20_000, 'reconnect');
  await waitFor(() => rig!.served.simulator.isEnabled, 10_000, 're-enable');
  rig.served.simulator.insert(2000);
  const outcome = await txn.done;
  expect(outcome).toMatchObject({ status: 'paid', paidFen: 3000 });
  expect(stacked).toEqual([1000, 3000]);
  expect(rig.served.simulator.deviceReport.stackedValueFen).toBe(3000);
  expect(rig.journal.verify().ok).toBe(true);
}, 60_000);
