// A technician's visit end to end (docs/technicians.md): a citizen pays a notice in cash (notes
// into the cash box), then the technician enters diagnostics mode, runs every device's self-test
// and does 清机 on screen. The receipt printer is `budayang simulate receipt-printer` on a real
// PTY, so both printed copies of the collection report are decoded from the ESC/POS bytes and
// compared with the cash journal in the kiosk's database.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { expect, test } from '@playwright/test';
import { createPtyPair, type PtyPair } from '../support/ptyPair';
import { insertNote, typeKeys } from './support/journey';
import { ROOT, screenshot, startKiosk, type RunningKiosk } from './support/kiosk';

const NOTICE_50_YUAN = '42020026112600012345';
let kiosk: RunningKiosk;
let pty: PtyPair;
let printer: ChildProcess;
let printed = '';

test.beforeEach(async () => {
  pty = await createPtyPair('technician-e2e');
  printer = spawn(process.execPath, [path.join(ROOT, 'bin', 'budayang.mjs'), 'simulate', 'receipt-printer', '--port', pty.devicePath], { stdio: ['ignore', 'pipe', 'pipe'] });
  printed = '';
  printer.stdout!.on('data', (d: Buffer) => (printed += d.toString()));
  await new Promise<void>((resolve) => printer.stderr!.on('data', (d: Buffer) => d.toString().includes('simulating') && resolve()));
  // The demo profile with its receipt printer on the PTY instead of in-process.
  const demo = JSON.parse(fs.readFileSync(path.join(ROOT, 'kiosk-config', 'profiles', 'demo.json'), 'utf8')) as { devices: Array<{ id: string; transport: unknown }> };
  for (const d of demo.devices) if (d.id === 'receipt-printer') d.transport = { kind: 'serial', path: pty.hostPath, baudRate: 115200 };
  const profile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'budayang-tech-profile-')), 'technician.json');
  fs.writeFileSync(profile, JSON.stringify(demo));
  kiosk = await startKiosk({ profile });
});

test.afterEach(async () => {
  await kiosk.stop();
  printer.kill('SIGTERM');
  await pty.close();
});

/** Reports decoded from the printer's output: the lines from each 清机报告 title to its cut. */
function collectionReports(): string[][] {
  const reports: string[][] = [];
  let current: string[] | undefined;
  for (const line of printed.split('\n')) {
    if (line.includes('清机报告')) reports.push((current = []));
    if (current) current.push(line);
    if (line.includes('cut')) current = undefined;
  }
  return reports;
}

test('a technician self-tests every device and collects the cash box; the printed report matches the journal', async ({ page }) => {
  // A citizen pays ¥50 in cash: 20 + 20 + 10 (the journey as tests/e2e/pay.e2e.ts walks it).
  await page.goto(kiosk.url);
  await page.getByTestId('attract-screen').click();
  await expect(page.getByTestId('service-pay')).not.toHaveAttribute('aria-disabled', 'true', { timeout: 20_000 });
  await page.getByRole('button', { name: /缴费/ }).first().click();
  await expect(page.getByTestId('pay-find')).toBeVisible();
  await typeKeys(page, NOTICE_50_YUAN);
  await page.getByRole('button', { name: '查询', exact: true }).click();
  await expect(page.getByTestId('pay-amount')).toHaveText('¥50.00');
  await page.getByTestId('pay-method-cash').click();
  await expect(page.getByTestId('pay-cash')).toBeVisible();
  await insertNote(page, 20);
  await expect(page.getByTestId('cash-paid')).toHaveText('¥20.00');
  await insertNote(page, 20);
  await expect(page.getByTestId('cash-paid')).toHaveText('¥40.00');
  await insertNote(page, 10);
  await expect(page.getByTestId('result-headline')).toHaveText('已缴纳 ¥50.00', { timeout: 15_000 });
  await page.getByTestId('result-finish').click();

  // The technician comes: hidden corner, PIN.
  await expect(page.getByTestId('maintenance-corner')).toBeVisible({ timeout: 15_000 });
  for (let i = 0; i < 5; i++) await page.getByTestId('maintenance-corner').click();
  await typeKeys(page, '246810');
  await page.getByTestId('diagnostics-enter').click();
  await expect(page.getByTestId('diagnostics')).toBeVisible();
  await expect(page.getByTestId('diag-availability')).toHaveText('开放');

  // Self-tests of every device, under a lease each.
  await page.getByTestId('diag-selftest-all').click();
  await expect(page.getByTestId('diag-selftest-all')).toBeEnabled({ timeout: 90_000 });
  for (const device of ['id-reader', 'scanner', 'bill-acceptor', 'receipt-printer', 'a4-printer', 'certificate-printer']) {
    await expect(page.getByTestId(`diag-selftest-result-${device}`)).toHaveAttribute('data-outcome', 'passed');
  }
  await expect(page.getByTestId('diag-selftest-result-receipt-printer')).toContainText('testPage · 通过');
  await expect.poll(() => printed).toContain('打印测试页');
  await screenshot(page, 'diagnostics-02-selftests');

  // 清机: the journal's notes, the physical count entered, no difference.
  await page.getByTestId('diag-tab-cash').click();
  await expect(page.getByTestId('diag-cash-journal-2000')).toHaveText('2');
  await expect(page.getByTestId('diag-cash-journal-1000')).toHaveText('1');
  await expect(page.getByTestId('diag-cash-journal-10000')).toHaveText('0');
  await page.getByTestId('diag-cash-plus-2000').click();
  await expect(page.getByTestId('diag-cash-totals')).toContainText('差额 -¥30.00');
  await page.getByTestId('diag-cash-plus-2000').click();
  await page.getByTestId('diag-cash-plus-1000').click();
  await expect(page.getByTestId('diag-cash-totals')).toContainText('账实相符');
  await screenshot(page, 'diagnostics-03-cash-count');
  await page.getByTestId('diag-cash-collect').click();
  await expect(page.getByTestId('diag-cash-report')).toContainText('存根联 printed');
  await expect(page.getByTestId('diag-cash-report')).toContainText('交款联 printed');
  // The next period starts empty.
  await expect(page.getByTestId('diag-cash-journal-2000')).toHaveText('0');
  await screenshot(page, 'diagnostics-04-cash-collected');

  // Both copies, decoded from the bytes the printer received, match the journal.
  await expect.poll(() => collectionReports().length).toBe(2);
  const db = new Database(path.join(kiosk.dataDir, 'kiosk.sqlite'), { readonly: true });
  const stacked = (db.prepare("SELECT body FROM cash_journal WHERE kind = 'noteStacked'").all() as Array<{ body: string }>).map((r) => (JSON.parse(r.body) as { valueFen: number }).valueFen);
  const collected = db.prepare("SELECT seq, hash, body FROM cash_journal WHERE kind = 'cashCollected'").get() as { seq: number; hash: string; body: string };
  db.close();
  expect(stacked.sort()).toEqual([1000, 2000, 2000]);
  const [kioskCopy, officeCopy] = collectionReports();
  expect(kioskCopy!.join('\n')).toContain('存根联');
  expect(officeCopy!.join('\n')).toContain('交款联');
  for (const report of [kioskCopy!, officeCopy!]) {
    const text = report.join('\n');
    const journalRows = [...text.matchAll(/流水 ([\d.]+)元\s+(\d+) 张/g)].map((m) => [Math.round(Number(m[1]) * 100), Number(m[2])]);
    const byDenomination = new Map<number, number>();
    for (const v of stacked) byDenomination.set(v, (byDenomination.get(v) ?? 0) + 1);
    expect(journalRows).toEqual([...byDenomination.entries()].sort(([a], [b]) => b - a));
    expect(text).toMatch(/流水合计\s+50\.00元/);
    expect(text).toMatch(/清点合计\s+50\.00元/);
    expect(text).toContain('账实相符');
    // The journal head that closed the period, as printed.
    expect(text).toContain(collected.hash.slice(0, 16));
  }
  expect((JSON.parse(collected.body) as { differenceFen: number }).differenceFen).toBe(0);

  // The log viewer: the collection's own line, found by typing on the on-screen keyboard.
  await page.getByTestId('diag-tab-logs').click();
  await page.getByTestId('diag-logs-search').click();
  await typeKeys(page, 'collected');
  await page.getByTestId('kb-done').click();
  await expect(page.getByTestId('diag-logs-lines')).toContainText('cash.collected');
  await page.getByTestId('diag-logs-level-error').click();
  await expect(page.getByTestId('diag-logs-count')).toContainText('共 0 条');
  await page.getByTestId('diag-logs-level-info').click();
  await expect(page.getByTestId('diag-logs-lines')).toContainText('cash.collected');
  await screenshot(page, 'diagnostics-05-logs');

  await page.getByTestId('diag-exit').click();
  await expect(page.getByTestId('attract-screen')).toBeVisible();
});
