// A fraud attempt (string, strimming): nothing is credited, the cash-in stops, the device status
// says fraudAttempt so the capability gate takes cash payment off the home screen.
import { afterEach, expect, it } from 'vitest';
import { unwrap } from '../../../src-common/result';
import { createInProcessRig, type InProcessRig } from './cashHarness';

let rig: InProcessRig | undefined;
afterEach(async () => rig?.close());

it('stops on a fraud attempt and credits nothing', async () => {
  rig = await createInProcessRig('fraud');
  const problems: string[] = [];
  const txn = unwrap(await rig.service.startCashIn({ dueFen: 5000, listener: { onDeviceProblem: (p) => problems.push(p.problem) } }));
  rig.served.simulator.fraudNextNote();
  rig.served.simulator.insert(5000);
  const outcome = await txn.done;
  expect(problems).toContain('fraudAttempt');
  expect(outcome).toMatchObject({ status: 'failed', paidFen: 0 });
  expect(outcome.claim).toBeUndefined();
  expect(rig.statuses.some((s) => s.state === 'fraudAttempt')).toBe(true);
  expect(rig.served.simulator.deviceReport.stacked).toBe(0);
}, 30_000);
