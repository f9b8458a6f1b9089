// The journal cannot record a stacked note (an injected SQLite failure): acceptance stops at once,
// the acceptor is disabled, the UI is told, and the stacked amount is still owed back as a claim.
import { afterEach, expect, it } from 'vitest';
import { unwrap } from '../../../src-common/result';
import { createInProcessRig, waitFor, type InProcessRig } from './cashHarness';

let rig: InProcessRig | undefined;
afterEach(async () => rig?.close());

it('disables the acceptor and fails the cash-in when a journal write fails', async () => {
  rig = await createInProcessRig('journal-fail', {
    journalSetup: (journal) =>
      journal.db.exec(`CREATE TRIGGER inject_disk_failure BEFORE INSERT ON cash_journal WHEN NEW.kind = 'noteStacked'
        BEGIN SELECT RAISE(ABORT, 'disk I/O error (injected)'); END;`),
  });
  const problems: string[] = [];
  const stacked: number[] = [];
  const txn = unwrap(await rig.service.startCashIn({ dueFen: 5000, listener: { onDeviceProblem: (p) => problems.push(p.problem), onStacked: (n) => stacked.push(n.paidFen) } }));
  rig.served.simulator.insert(1000);
  const outcome = await txn.done;
  expect(problems).toContain('journalWriteFailed');
  expect(stacked).toEqual([]); // the UI never showed a total the journal does not hold
  expect(outcome).toMatchObject({ status: 'failed', paidFen: 1000, claim: { kind: 'refund', amountFen: 1000 } });
  expect(rig.served.simulator.isEnabled).toBe(false);
  // A second note is not taken: the unit stays disabled.
  rig.served.simulator.insert(1000);
  await new Promise((r) => setTimeout(r, 800));
  expect(rig.served.simulator.deviceReport.stacked).toBe(1);
  await waitFor(() => rig!.served.simulator.queuedNotes === 1, 2000, 'second note left in the slot');
  expect(rig.journal.verify().ok).toBe(true);
}, 30_000);
