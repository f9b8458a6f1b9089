// The kiosk database refuses writes (here `PRAGMA query_only`, as a read-only remount or an I/O
// error would) while a technician works: the audit entry is not written and the technician's
// reads still answer — a technician must be able to diagnose exactly this kiosk — while a write
// (saving a calibration) fails with its code; the journal's head is not left ahead of the disk, so
// when writes return the next audit entry continues the chain and `journal verify` holds.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiClient } from '../../../src-common/api/client';
import { createInMemorySocket } from '../../../src-main/core/api/inMemorySocket';
import { createKioskCore, type KioskCore } from '../../../src-main/core/createKioskCore';
import { alertsModule } from '../../../src-main/core/alerts/alertsModule';
import { devicesModule } from '../../../src-main/core/devices/devicesModule';
import { diagnosticsModule } from '../../../src-main/core/diagnostics/diagnosticsModule';
import { technicianModule } from '../../../src-main/core/diagnostics/technicianModule';
import { verifyChain } from '../../../src-main/core/payments/cashJournal';
import { cashModule } from '../../../src-main/core/payments/cashModule';
import { printingModule } from '../../../src-main/core/printing/printingModule';
import { storageModule } from '../../../src-main/core/storage/storageModule';
import { KioskDatabaseId } from '../../../src-main/core/storage/storageServices';

let core: KioskCore | undefined;
let dataDir: string;
afterEach(async () => {
  await core?.stop();
  core = undefined;
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('technician audit when the database refuses writes', () => {
  it('answers reads, refuses the write with its code, and the chain continues intact afterwards', async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'budayang-auditfault-'));
    core = await createKioskCore({ dataDir, profile: 'demo', modules: [devicesModule, storageModule, alertsModule, printingModule, cashModule, diagnosticsModule, technicianModule], logger: { logDir: false } });
    const c = core;
    const screen = new ApiClient(() => createInMemorySocket(c.router));
    const db = core.service(KioskDatabaseId)!;
    expect((await screen.call('Diagnostics.Enter', { pin: '246810' })).ok).toBe(true);
    const before = db.prepare('SELECT COUNT(*) FROM cash_journal').pluck().get() as number;

    db.pragma('query_only = ON');
    const verified = await screen.call('Technician.JournalVerify', {});
    expect(verified.ok && verified.value).toMatchObject({ intact: true, entries: before });
    const saved = await screen.call('Technician.CalibrationSave', { measuredDxMm: 1, measuredDyMm: 0 });
    expect(saved).toMatchObject({ ok: false, error: { errorCode: 'storageError' } });
    expect(db.prepare('SELECT COUNT(*) FROM cash_journal').pluck().get()).toBe(before);
    db.pragma('query_only = OFF');

    // Writes are back: the next audit entries follow the last one on disk.
    const again = await screen.call('Technician.CalibrationSave', { measuredDxMm: 1, measuredDyMm: 0 });
    expect(again.ok && again.value.calibration).toMatchObject({ dxMm: -1, dyMm: 0, source: 'saved' });
    const chain = verifyChain(db);
    expect(chain.ok).toBe(true);
    const seqs = db.prepare('SELECT seq FROM cash_journal ORDER BY seq').pluck().all() as number[];
    expect(seqs).toEqual(seqs.map((_, i) => i + 1));
    expect(seqs.length).toBe(before + 2); // the command and the saved calibration
    screen.close();
  });
});
