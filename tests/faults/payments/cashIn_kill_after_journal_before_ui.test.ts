// kill -9 after the journal recorded a stacked note but before the screen showed it: the journal
// and the device agree, the reconciler says ok, and the amount is owed back once.
import { afterEach, expect, it } from 'vitest';
import { createCashRig, journaledFen, runCli, type CashRig } from './cashHarness';

let rig: CashRig | undefined;
afterEach(async () => rig?.close());

it('keeps the journaled note, counted once, and files a refund claim for it', async () => {
  rig = await createCashRig('kill-ui', ['--insert', '20']);
  const crashed = await runCli(['--data', rig.kioskData, 'devices', 'cash-in', '--port', rig.pty.hostPath, '--due', '3000'], { BUDAYANG_CASH_CRASH_POINT: 'afterJournalBeforeUi' });
  expect(crashed.signal).toBe('SIGKILL');
  expect(crashed.stdout).not.toContain('stacked ¥20.00');
  expect(journaledFen(rig.journal())).toBe(2000);
  const restarted = await runCli(['--data', rig.kioskData, 'cash', 'reconcile', '--port', rig.pty.hostPath, '--json']);
  const { reconciled } = JSON.parse(restarted.stdout) as { reconciled: Array<{ resolution: string; paidFen: number; claimId?: string }> };
  expect(reconciled).toEqual([expect.objectContaining({ resolution: 'ok', paidFen: 2000 })]);
  const device = await rig.simulator.report();
  expect(device.report.stackedValueFen).toBe(2000);
  const journal = rig.journal();
  expect(journal.filter((e) => e.body.kind === 'noteStacked')).toHaveLength(1);
  expect(journaledFen(journal)).toBe(device.report.stackedValueFen);
  expect((await runCli(['--data', rig.kioskData, 'journal', 'verify'])).code).toBe(0);
}, 120_000);
