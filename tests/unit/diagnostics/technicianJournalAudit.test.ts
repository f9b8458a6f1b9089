// Technician actions in the hash-chained journal (docs/technicians.md): entering, commands, leases,
// calibration, bundles and leaving are appended beside the money entries and replicated like them;
// `journal verify` walks them, so an audit entry edited on the kiosk breaks the chain. Also: the
// account chooser gets display names, and the bundle button writes to the data dir and a USB stick.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { hashTechnicianPin } from '../../../src-main/core/diagnostics/technicianPin';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiClient } from '../../../src-common/api/client';
import { CASH_JOURNAL_ENTRY_KIND } from '../../../src-common/wire/cashJournalWire';
import { createInMemorySocket } from '../../../src-main/core/api/inMemorySocket';
import { createKioskCore, type KioskCore } from '../../../src-main/core/createKioskCore';
import { alertsModule } from '../../../src-main/core/alerts/alertsModule';
import { devicesModule } from '../../../src-main/core/devices/devicesModule';
import { diagnosticsModule } from '../../../src-main/core/diagnostics/diagnosticsModule';
import { technicianModule } from '../../../src-main/core/diagnostics/technicianModule';
import { verifyChain } from '../../../src-main/core/payments/cashJournal';
import { cashModule } from '../../../src-main/core/payments/cashModule';
import { printingModule } from '../../../src-main/core/printing/printingModule';
import { PrintServiceId } from '../../../src-main/core/printing/PrintService';
import { storageModule } from '../../../src-main/core/storage/storageModule';
import { KioskDatabaseId } from '../../../src-main/core/storage/storageServices';
import { until } from '../../support/until';

const TECHNICIANS = [
  { id: 'li-wei', name: '李伟', pinHash: hashTechnicianPin('135790'), role: 'supervisor' as const },
  { id: 'zhao-min', name: '赵敏', pinHash: hashTechnicianPin('246802'), role: 'technician' as const },
];

let dataDir: string;
let core: KioskCore | undefined;
afterEach(async () => {
  await core?.stop();
  core = undefined;
  fs.rmSync(dataDir, { recursive: true, force: true });
});

async function boot(usbExportDir?: string): Promise<ApiClient> {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'budayang-techaudit-'));
  core = await createKioskCore({
    dataDir,
    profile: 'test',
    modules: [devicesModule, storageModule, alertsModule, printingModule, cashModule, diagnosticsModule, technicianModule],
    logger: { logDir: false },
    configOverrides: { diagnostics: { maxAttempts: 3, lockoutMinutes: 15, sessionMinutes: 30, technicians: TECHNICIANS, ...(usbExportDir ? { usbExportDir } : {}) } },
  });
  const c = core;
  return new ApiClient(() => createInMemorySocket(c.router));
}

const db = () => core!.service(KioskDatabaseId)!;
function journaled(): Array<{ action: string; technicianId: string; outcome: string; method?: string; deviceId?: string }> {
  return (db().prepare("SELECT body FROM cash_journal WHERE kind = 'technicianAction' ORDER BY seq").all() as Array<{ body: string }>).map((r) => JSON.parse(r.body));
}

describe('technician audit in the journal', () => {
  it('appends each action to the hash chain, replicates it, and an edited entry fails verify', async () => {
    const screen = await boot();
    const state = await screen.call('Diagnostics.State', {});
    expect(state.ok && state.value.accountNames).toEqual([
      { id: 'li-wei', name: '李伟' },
      { id: 'zhao-min', name: '赵敏' },
    ]);
    expect((await screen.call('Diagnostics.Enter', { technicianId: 'li-wei', pin: '000000' })).ok).toBe(false);
    expect((await screen.call('Diagnostics.Enter', { technicianId: 'li-wei', pin: '135790' })).ok).toBe(true);
    const lease = await screen.call('Technician.LeaseDevice', { deviceId: 'certificate-printer', minutes: 10 });
    expect(lease.ok).toBe(true);
    const saved = await screen.call('Technician.CalibrationSave', { measuredDxMm: 0.4, measuredDyMm: -1 });
    expect(saved.ok && saved.value.calibration).toMatchObject({ dxMm: -0.4, dyMm: 1, source: 'saved', technician: 'li-wei' });
    // The certificate print path (Certificates.Print) takes its offset from here.
    expect(core!.service(PrintServiceId)!.calibrationFor('certificate-printer')).toEqual({ dxMm: -0.4, dyMm: 1 });
    expect((await screen.call('Technician.JournalVerify', {})).ok).toBe(true);
    expect((await screen.call('Diagnostics.Exit', {})).ok).toBe(true);

    expect(journaled().map((e) => `${e.technicianId}:${e.action}:${e.method ?? e.deviceId ?? ''}:${e.outcome}`)).toEqual([
      'li-wei:enter::wrongPin',
      'li-wei:enter::entered',
      'li-wei:command:Technician.LeaseDevice:requested',
      'li-wei:lease:certificate-printer:taken',
      'li-wei:command:Technician.CalibrationSave:requested',
      'li-wei:calibration:certificate-printer:saved',
      'li-wei:command:Technician.JournalVerify:requested',
      'li-wei:exit::exited',
      // Leaving diagnostics mode gave the printer back.
      'li-wei:lease:certificate-printer:technicianExited',
    ]);
    // Each entry is queued for the platform's replica in its own transaction.
    const replicated = db().prepare('SELECT COUNT(*) FROM outbox_jobs WHERE kind = ?').pluck().get(CASH_JOURNAL_ENTRY_KIND) as number;
    const total = db().prepare('SELECT COUNT(*) FROM cash_journal').pluck().get() as number;
    expect(replicated).toBe(total);

    const verified = verifyChain(db());
    expect(verified.ok && verified.value.entries).toBe(total);
    // Someone with the database drops the append-only trigger and rewrites "wrongPin" as
    // "entered" to hide a guess: the chain no longer verifies there.
    db().exec('DROP TRIGGER cash_journal_no_update');
    const tampered = db().prepare("SELECT seq FROM cash_journal WHERE kind = 'technicianAction' ORDER BY seq LIMIT 1").pluck().get() as number;
    db().prepare("UPDATE cash_journal SET body = replace(body, 'wrongPin', 'entered') WHERE seq = ?").run(tampered);
    const broken = verifyChain(db());
    expect(broken.ok ? undefined : broken.error.seq).toBe(tampered);
    screen.close();
  });

  it('refuses calibration to a plain technician (supervisor only) and says so in the journal', async () => {
    const screen = await boot();
    expect((await screen.call('Diagnostics.Enter', { technicianId: 'zhao-min', pin: '246802' })).ok).toBe(true);
    expect(await screen.call('Technician.CalibrationSave', { measuredDxMm: 1, measuredDyMm: 1 })).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    expect((await screen.call('Technician.Calibration', {})).ok && true).toBe(true);
    expect(journaled().at(-1)).toMatchObject({ technicianId: 'zhao-min', method: 'Technician.CalibrationSave', outcome: 'refused' });
    screen.close();
  });

  it('lets 清机 run under the acceptor lease its technician already holds, and keeps that lease', async () => {
    const screen = await boot();
    await until(() => core!.context.deviceStatuses.get('bill-acceptor')?.state === 'online', 'the acceptor online');
    expect((await screen.call('Diagnostics.Enter', { technicianId: 'li-wei', pin: '135790' })).ok).toBe(true);
    const lease = await screen.call('Technician.LeaseDevice', { deviceId: 'bill-acceptor', minutes: 10 });
    if (!lease.ok) throw new Error(lease.error.description);
    const collected = await screen.call('Cash.Collect', { collectionId: 'CC-held-lease-1', technician: 'li-wei', physical: [] });
    expect(collected.ok && collected.value.differenceFen).toBe(0);
    const leases = await screen.call('Technician.Leases', {});
    expect(leases.ok && leases.value.leases.map((l) => l.leaseId)).toEqual([lease.value.leaseId]);
    expect(core!.context.deviceStatuses.get('bill-acceptor')?.state).toBe('deviceBusy');
    screen.close();
  });

  it('ends diagnostics mode, and the leases taken on the screen, when the screen connection closes', async () => {
    const screen = await boot();
    expect((await screen.call('Diagnostics.Enter', { technicianId: 'li-wei', pin: '135790' })).ok).toBe(true);
    expect((await screen.call('Technician.LeaseDevice', { deviceId: 'receipt-printer', minutes: 10 })).ok).toBe(true);
    screen.close();
    await until(() => journaled().some((e) => e.action === 'exit'), 'the exit audited');
    const citizen = new ApiClient(() => createInMemorySocket(core!.router));
    // Citizens are served again at once, not after sessionMinutes.
    expect((await citizen.call('Session.Start', { language: 'zh-CN', elderlyMode: false })).ok).toBe(true);
    expect(journaled().slice(-2).map((e) => `${e.action}:${e.outcome}`)).toEqual(['exit:exited', 'lease:technicianExited']);
    citizen.close();
  });

  it('ends an idle diagnostics session at its expiry and gives its leases back, without waiting for a call', async () => {
    // Only the wall clock and intervals are faked: the expiry check is an interval, the session's end a time.
    vi.useFakeTimers({ toFake: ['Date', 'setInterval', 'clearInterval'] });
    try {
      const screen = await boot();
      expect((await screen.call('Diagnostics.Enter', { technicianId: 'li-wei', pin: '135790' })).ok).toBe(true);
      expect((await screen.call('Technician.LeaseDevice', { deviceId: 'receipt-printer', minutes: 60 })).ok).toBe(true);
      vi.setSystemTime(Date.now() + 30 * 60_000 + 1);
      vi.advanceTimersByTime(10_000);
      expect(journaled().slice(-2).map((e) => `${e.action}:${e.outcome}`)).toEqual(['exit:expired', 'lease:technicianExited']);
      screen.close();
    } finally {
      vi.useRealTimers();
    }
  });

  it('saves the bundle in the data dir and on a mounted USB stick, and says when the stick is missing', async () => {
    const usb = fs.mkdtempSync(path.join(os.tmpdir(), 'budayang-usb-'));
    try {
      const screen = await boot(usb);
      expect((await screen.call('Diagnostics.Enter', { technicianId: 'li-wei', pin: '135790' })).ok).toBe(true);
      const saved = await screen.call('Technician.SaveBundle', {});
      if (!saved.ok) throw new Error(saved.error.description);
      expect(path.dirname(saved.value.path)).toBe(path.join(dataDir, 'diagnostics'));
      expect(fs.statSync(saved.value.path).mode & 0o777).toBe(0o600);
      expect(JSON.parse(fs.readFileSync(saved.value.path, 'utf8')).format).toBe('budayang.diagnostics/1');
      expect(saved.value.usbPath).toBe(path.join(usb, path.basename(saved.value.path)));
      expect(fs.readFileSync(saved.value.usbPath!, 'utf8')).toBe(fs.readFileSync(saved.value.path, 'utf8'));
      // The stick pulled out: the bundle is still saved in the data dir, and the screen says why not on USB.
      fs.rmSync(usb, { recursive: true, force: true });
      const again = await screen.call('Technician.SaveBundle', {});
      expect(again.ok && again.value).toMatchObject({ usbPath: null, usbError: `${usb} is not mounted` });
      expect(journaled().filter((e) => e.method === 'Technician.SaveBundle')).toHaveLength(2);
      screen.close();
    } finally {
      fs.rmSync(usb, { recursive: true, force: true });
    }
  });
});
