// kill -9 after the unit stacked a note but before the journal recorded it: the reconciler finds
// the note on the device's counters and credits it exactly once (then owes it back as a claim).
import { afterEach, expect, it } from 'vitest';
import { createCashRig, journaledFen, runCli, type CashRig } from './cashHarness';

let rig: CashRig | undefined;
afterEach(async () => rig?.close());

it('credits the stacked note once from the device counters', async () => {
  rig = await createCashRig('kill-stack', ['--insert', '20']);
  const crashed = await runCli(['--data', rig.kioskData, 'devices', 'cash-in', '--port', rig.pty.hostPath, '--due', '3000', '--json'], { BUDAYANG_CASH_CRASH_POINT: 'afterStackBeforeJournal' });
  expect(crashed.signal).toBe('SIGKILL');
  expect(journaledFen(rig.journal())).toBe(0);
  const restarted = await runCli(['--data', rig.kioskData, 'cash', 'reconcile', '--port', rig.pty.hostPath, '--json']);
  expect(restarted.code).toBe(0);
  const { reconciled } = JSON.parse(restarted.stdout) as { reconciled: Array<{ resolution: string; paidFen: number; claimId?: string }> };
  expect(reconciled).toEqual([expect.objectContaining({ resolution: 'ok', paidFen: 2000 })]);
  expect(reconciled[0]!.claimId).toBeTruthy();
  const device = await rig.simulator.report();
  expect(device.report).toMatchObject({ stacked: 1, stackedValueFen: 2000 });
  const journal = rig.journal();
  expect(journaledFen(journal)).toBe(2000);
  expect(journal.filter((e) => e.body.kind === 'claimCreated').map((e) => e.body)).toEqual([expect.objectContaining({ claimKind: 'refund', amountFen: 2000 })]);
  // A second boot finds nothing open: the note is never counted twice.
  const again = await runCli(['--data', rig.kioskData, 'cash', 'reconcile', '--port', rig.pty.hostPath, '--json']);
  expect(JSON.parse(again.stdout)).toEqual({ reconciled: [] });
  expect(journaledFen(rig.journal())).toBe(2000);
  expect((await runCli(['--data', rig.kioskData, 'journal', 'verify'])).code).toBe(0);
}, 120_000);
