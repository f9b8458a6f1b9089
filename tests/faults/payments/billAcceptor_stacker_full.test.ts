// The cash box fills mid-transaction: acceptance stops, the status says stacker full, and what was
// already stacked becomes a refund claim.
import { afterEach, expect, it } from 'vitest';
import { unwrap } from '../../../src-common/result';
import { createInProcessRig, waitFor, type InProcessRig } from './cashHarness';

let rig: InProcessRig | undefined;
afterEach(async () => rig?.close());

it('stops the cash-in and files a refund claim for the stacked amount', async () => {
  rig = await createInProcessRig('stacker-full');
  const problems: string[] = [];
  const stacked: number[] = [];
  const txn = unwrap(await rig.service.startCashIn({ dueFen: 5000, listener: { onDeviceProblem: (p) => problems.push(p.problem), onStacked: (n) => stacked.push(n.paidFen) } }));
  rig.served.simulator.insert(1000);
  await waitFor(() => stacked.length === 1, 10_000, 'first note');
  rig.served.simulator.setStackerFull(true);
  const outcome = await txn.done;
  expect(problems).toContain('stackerFull');
  expect(outcome).toMatchObject({ status: 'failed', paidFen: 1000, claim: { kind: 'refund', amountFen: 1000 } });
  expect(rig.statuses.at(-1)).toMatchObject({ state: 'userError', detail: { stacker: 'full' } });
  expect(rig.served.simulator.isEnabled).toBe(false);
  expect(rig.journal.verify().ok).toBe(true);
}, 30_000);
