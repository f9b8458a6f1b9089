// kill -9 of the kiosk process while a note is held in escrow: the note must go back to the
// citizen, nothing is counted, and the boot reconciler rolls the cash-in back.
import { afterEach, expect, it } from 'vitest';
import { createCashRig, journaledFen, runCli, type CashRig } from './cashHarness';

let rig: CashRig | undefined;
afterEach(async () => rig?.close());

it('returns the escrowed note and rolls back after a crash in escrow', async () => {
  rig = await createCashRig('kill-escrow', ['--insert', '20', '--escrow-timeout', '2000']);
  const crashed = await runCli(['--data', rig.kioskData, 'devices', 'cash-in', '--port', rig.pty.hostPath, '--due', '3000', '--json'], { BUDAYANG_CASH_CRASH_POINT: 'afterEscrow' });
  expect(crashed.signal).toBe('SIGKILL');
  const restarted = await runCli(['--data', rig.kioskData, 'cash', 'reconcile', '--port', rig.pty.hostPath, '--json']);
  expect(restarted.code).toBe(0);
  const { reconciled } = JSON.parse(restarted.stdout) as { reconciled: Array<{ resolution: string; paidFen: number; claimId?: string }> };
  expect(reconciled).toHaveLength(1);
  expect(reconciled[0]).toMatchObject({ resolution: 'rollback', paidFen: 0 });
  expect(reconciled[0]!.claimId).toBeUndefined();
  const device = await rig.simulator.report();
  expect(device.report.stacked).toBe(0);
  expect(device.report.rejected).toBe(1);
  expect(journaledFen(rig.journal())).toBe(device.report.stackedValueFen);
  expect((await runCli(['--data', rig.kioskData, 'journal', 'verify'])).code).toBe(0);
}, 120_000);
