// A note jams between escrow and the cash box: its fate is unknown, so the cash-in stops, the
// status shows the jam, and an `unknown` claim (with an alert) is filed for a person to settle.
import { afterEach, expect, it } from 'vitest';
import { unwrap } from '../../../src-common/result';
import { createInProcessRig, type InProcessRig } from './cashHarness';

let rig: InProcessRig | undefined;
afterEach(async () => rig?.close());

it('files an unknown claim for a jammed note and shows the jam', async () => {
  rig = await createInProcessRig('jam');
  const problems: string[] = [];
  const txn = unwrap(await rig.service.startCashIn({ dueFen: 5000, listener: { onDeviceProblem: (p) => problems.push(p.problem) } }));
  rig.served.simulator.jamNextNote();
  rig.served.simulator.insert(2000);
  const outcome = await txn.done;
  expect(problems).toContain('jam');
  expect(outcome.status).toBe('failed');
  expect(outcome.paidFen).toBe(0);
  expect(outcome.claim).toMatchObject({ kind: 'unknown' });
  expect(rig.statuses.some((s) => s.detail.kind === 'cashAcceptor' && s.detail.jammed && s.state === 'hardwareError')).toBe(true);
  const claims = rig.journal.entries().filter((e) => e.body.kind === 'claimCreated');
  expect(claims).toHaveLength(1);
}, 30_000);
