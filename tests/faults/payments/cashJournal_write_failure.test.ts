// The journal cannot record a stacked note (an injected SQLite failure): acceptance stops at once,
// the acceptor is disabled, the UI is told, and the stacked amount is still owed back as a claim.
import { afterEach, expect, it, vi } from 'vitest';
import { unwrap } from '../../../src-common/result';
import { SspSimulator } from '../../../drivers/billAcceptor/ssp/SspSimulator';
import { createInProcessRig, waitFor, type InProcessRig } from './cashHarness';

let rig: InProcessRig | undefined;
afterEach(async () => {
  vi.restoreAllMocks();
  await rig?.close();
});

it('disables the acceptor and fails the cash-in when a journal write fails', async () => {
  // Counts the unit's POLLs: "the note is not taken" is proven over polls, not over a sleep.
  const polls = vi.spyOn(SspSimulator.prototype as unknown as { poll: () => unknown }, 'poll');
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
  // A second note is not taken: the unit stays disabled through the next polls of the driver.
  rig.served.simulator.insert(1000);
  const pollsAtInsert = polls.mock.calls.length;
  await waitFor(() => polls.mock.calls.length >= pollsAtInsert + 5, 10_000, 'five more polls of the disabled unit');
  expect(rig.served.simulator.deviceReport.stacked).toBe(1);
  expect(rig.served.simulator.queuedNotes).toBe(1);
  expect(rig.journal.verify().ok).toBe(true);
}, 30_000);
