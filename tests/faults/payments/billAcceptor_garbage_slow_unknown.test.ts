// Line noise, slow replies and a unit that does not know the optional commands (GET COUNTERS):
// the cash-in still completes exactly.
import { afterEach, expect, it } from 'vitest';
import { unwrap } from '../../../src-common/result';
import { SspCommand } from '../../../drivers/billAcceptor/ssp/commands';
import { createInProcessRig, type InProcessRig } from './cashHarness';

let rig: InProcessRig | undefined;
afterEach(async () => rig?.close());

it('completes through garbage bytes, 300 ms replies and unknown optional commands', async () => {
  rig = await createInProcessRig('garbage');
  const sim = rig.served.simulator;
  sim.setUnknownCommands([SspCommand.getCounters, SspCommand.getSerialNumber]);
  sim.setReplyDelay(300);
  const noise = setInterval(() => sim.injectGarbage(7), 150);
  try {
    const txn = unwrap(await rig.service.startCashIn({ dueFen: 1500 }));
    sim.insert(1000);
    sim.insert(500);
    const outcome = await txn.done;
    expect(outcome).toMatchObject({ status: 'paid', paidFen: 1500 });
    expect(sim.deviceReport.stackedValueFen).toBe(1500);
    const started = rig.journal.entries().find((e) => e.body.kind === 'txnStarted');
    expect(started?.body).toMatchObject({ stackedCounterAtStart: null });
  } finally {
    clearInterval(noise);
  }
}, 60_000);
