// The done-criterion over a real PTY: `budayang simulate bill-acceptor --insert 20,20,10` on one
// end, `budayang devices cash-in --due 3000 --json` on the other; then `budayang journal verify`,
// which must also catch a tampered entry.
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, expect, it } from 'vitest';
import { createCashRig, runCli, type CashRig } from '../../faults/payments/cashHarness';

let rig: CashRig | undefined;
afterEach(async () => rig?.close());

it.each([[false], [true]])('pays 30 yuan from 20, 20, 10, returning the second 20 (eSSP=%s)', async (encrypted) => {
  rig = await createCashRig(encrypted ? 'cli-essp' : 'cli-plain', ['--insert', '20,20,10', ...(encrypted ? ['--encrypted'] : [])]);
  const run = await runCli(['--data', rig.kioskData, 'devices', 'cash-in', '--port', rig.pty.hostPath, '--due', '3000', '--json', ...(encrypted ? ['--encrypted'] : [])]);
  expect(run.code, run.stderr).toBe(0);
  const result = JSON.parse(run.stdout) as { status: string; dueFen: number; paidFen: number; notes: Array<{ valueFen: number }>; rejected: Array<{ valueFen: number }> };
  expect(result).toMatchObject({ status: 'paid', dueFen: 3000, paidFen: 3000, notes: [{ valueFen: 2000 }, { valueFen: 1000 }], rejected: [{ valueFen: 2000 }] });
  const device = await rig.simulator.report();
  expect(device.report.stackedValueFen).toBe(3000);
  const verify = await runCli(['--data', rig.kioskData, 'journal', 'verify', '--json']);
  expect(verify.code).toBe(0);
  expect(JSON.parse(verify.stdout)).toMatchObject({ ok: true });
}, 90_000);

it('journal verify exits non-zero and names the entry when the chain is broken', async () => {
  rig = await createCashRig('cli-tamper', ['--insert', '10']);
  const run = await runCli(['--data', rig.kioskData, 'devices', 'cash-in', '--port', rig.pty.hostPath, '--due', '1000', '--json']);
  expect(run.code, run.stderr).toBe(0);
  // Someone with file access rewrites a stacked note's value (dropping the append-only trigger first).
  const db = new Database(path.join(rig.kioskData, 'kiosk.sqlite'));
  db.exec('DROP TRIGGER cash_journal_no_update');
  const seq = db.prepare("SELECT seq FROM cash_journal WHERE kind = 'noteStacked'").pluck().get() as number;
  db.prepare("UPDATE cash_journal SET body = replace(body, '1000', '100') WHERE seq = ?").run(seq);
  db.close();
  const verify = await runCli(['--data', rig.kioskData, 'journal', 'verify', '--json']);
  expect(verify.code).toBe(1);
  expect(JSON.parse(verify.stdout)).toMatchObject({ ok: false, seq });
}, 90_000);
