// Technician identity (issue #13.6) through the real API: named accounts from config with scrypt
// PIN hashes and roles; the wrong-PIN lockout is counted in the kiosk database, so a core
// restarted on the same data directory is still locked; 清机 is refused to a plain technician;
// every attempt and command is a `technician.action` event in the outbox.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { hashTechnicianPin } from '../../../src-main/core/diagnostics/technicianPin';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiClient } from '../../../src-common/api/client';
import { createInMemorySocket } from '../../../src-main/core/api/inMemorySocket';
import { createKioskCore, type KioskCore } from '../../../src-main/core/createKioskCore';
import { diagnosticsModule } from '../../../src-main/core/diagnostics/diagnosticsModule';
import { alertsModule } from '../../../src-main/core/alerts/alertsModule';
import { cashModule } from '../../../src-main/core/payments/cashModule';
import { printingModule } from '../../../src-main/core/printing/printingModule';
import { storageModule } from '../../../src-main/core/storage/storageModule';
import { KioskDatabaseId } from '../../../src-main/core/storage/storageServices';

const TECHNICIANS = [
  { id: 'li-wei', name: '李伟', pinHash: hashTechnicianPin('135790'), role: 'technician' as const },
  { id: 'zhao-min', name: '赵敏', pinHash: hashTechnicianPin('246802'), role: 'cashCollector' as const },
];

let dataDir: string;
let core: KioskCore | undefined;
afterEach(async () => {
  await core?.stop();
  core = undefined;
  fs.rmSync(dataDir, { recursive: true, force: true });
});

async function boot(): Promise<ApiClient> {
  await core?.stop();
  core = await createKioskCore({
    dataDir,
    profile: 'test',
    modules: [storageModule, alertsModule, printingModule, cashModule, diagnosticsModule],
    logger: { logDir: false },
    configOverrides: { diagnostics: { maxAttempts: 3, lockoutMinutes: 15, sessionMinutes: 30, technicians: TECHNICIANS } },
  });
  const c = core;
  return new ApiClient(() => createInMemorySocket(c.router));
}

function auditEvents(): Array<{ action: string; technicianId: string; outcome: string; method?: string }> {
  const db = core!.service(KioskDatabaseId)!;
  return (db.prepare("SELECT payload_json AS payload FROM outbox_jobs WHERE kind = 'technician.action' ORDER BY id").all() as Array<{ payload: string }>).map((r) => JSON.parse(r.payload) as { action: string; technicianId: string; outcome: string; method?: string });
}

describe('technician accounts', () => {
  it('keeps a lockout across a restart of the core', async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'budayang-techacct-'));
    let screen = await boot();
    for (const pin of ['000000', '111111', '222222']) expect((await screen.call('Diagnostics.Enter', { technicianId: 'li-wei', pin })).ok).toBe(false);
    screen.close();
    screen = await boot();
    const right = await screen.call('Diagnostics.Enter', { technicianId: 'li-wei', pin: '135790' });
    expect(right).toMatchObject({ ok: false, error: { errorCode: 'lockedOut' } });
    // Another account is not locked by li-wei's guesses.
    expect((await screen.call('Diagnostics.Enter', { technicianId: 'zhao-min', pin: '246802' })).ok).toBe(true);
    expect(auditEvents().map((e) => `${e.technicianId}:${e.action}:${e.outcome}`)).toEqual(['li-wei:enter:wrongPin', 'li-wei:enter:wrongPin', 'li-wei:enter:lockedOut', 'li-wei:enter:lockedOut', 'zhao-min:enter:entered']);
    screen.close();
  });

  it('refuses an unknown account like a wrong PIN, and 清机 to a technician who may not collect cash', async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'budayang-techacct-'));
    const screen = await boot();
    expect(await screen.call('Diagnostics.Enter', { technicianId: 'nobody', pin: '135790' })).toMatchObject({ ok: false, error: { errorCode: 'wrongPin' } });
    expect((await screen.call('Diagnostics.Enter', { technicianId: 'li-wei', pin: '135790' })).ok).toBe(true);
    const collect = await screen.call('Cash.Collect', { collectionId: 'CC-role-test-1', physical: [] });
    expect(collect).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    expect((await screen.call('Printing.TestPage', {})).ok).toBe(true);
    expect((await screen.call('Diagnostics.Exit', {})).ok).toBe(true);
    expect(auditEvents().map((e) => `${e.technicianId}:${e.action}:${e.method ?? ''}:${e.outcome}`)).toEqual([
      'nobody:enter::wrongPin',
      'li-wei:enter::entered',
      'li-wei:command:Cash.Collect:refused',
      'li-wei:command:Printing.TestPage:requested',
      'li-wei:exit::exited',
    ]);
    screen.close();
  });
});
