// The diagnostics bundle leaves the machine, so it must hold no personal data: after every ID card
// fixture has been read, and an application with a phone number submitted for each, and a
// self-test that reads a card, the bundle (debug-level logs included) contains none of the
// fixtures' names, English names, ID or pass numbers, addresses, nor the phone numbers — while it
// does carry the logs, devices and self-tests a remote engineer needs.
import { afterEach, expect, it } from 'vitest';
import { ApiClient, type ClientSocket } from '../../../src-common/api/client';
import { unwrap } from '../../../src-common/result';
import { ID_CARD_FIXTURES } from '../../../drivers/idcard/idCardFixtures';
import type { PlatformServer } from '../../../platform/server/createPlatformServer';
import { createInMemorySocket } from '../../../src-main/core/api/inMemorySocket';
import { alertsModule } from '../../../src-main/core/alerts/alertsModule';
import { applicationsModule } from '../../../src-main/core/applications/applicationsModule';
import { catalogModule } from '../../../src-main/core/catalog/catalogModule';
import { createKioskCore, type KioskCore } from '../../../src-main/core/createKioskCore';
import { devicesModule } from '../../../src-main/core/devices/devicesModule';
import { diagnosticsModule } from '../../../src-main/core/diagnostics/diagnosticsModule';
import { technicianModule } from '../../../src-main/core/diagnostics/technicianModule';
import { printingModule } from '../../../src-main/core/printing/printingModule';
import { storageModule } from '../../../src-main/core/storage/storageModule';
import { platformModule } from '../../../src-main/core/sync/platformModule';
import { syncModule } from '../../../src-main/core/sync/syncModule';
import { criminalRecordSubmission, provisionDataDir, removeTempDirs, sessionWithCard, startPlatform, tempDir, until } from '../applications/applicationsHarness';
import path from 'node:path';

let platform: PlatformServer | undefined;
let core: KioskCore | undefined;
afterEach(async () => {
  await core?.stop();
  await platform?.close();
  core = undefined;
  platform = undefined;
  removeTempDirs();
});

/** Every personal value of every fixture card, as the card carries it. */
function fixtureValues(): string[] {
  const values = ID_CARD_FIXTURES.flatMap((f) => ['name', 'englishName', 'idNumber', 'address', 'passNumber'].map((k) => f.fields[k]).filter((v): v is string => typeof v === 'string' && v.length > 0));
  // The English name as the card stores it ("JOHNSON, EMILY ROSE") and in parts.
  const parts = ID_CARD_FIXTURES.flatMap((f) => (f.fields.englishName ?? '').split(/[ ,]+/).filter((p) => p.length >= 5));
  return [...new Set([...values, ...parts])];
}

it('holds no fixture name, ID number, address or phone number after a journey per card', { timeout: 120_000 }, async () => {
  platform = await startPlatform(tempDir('platform'));
  const dataDir = tempDir('kiosk');
  await provisionDataDir(dataDir, platform);
  core = await createKioskCore({
    dataDir,
    profile: 'test',
    modules: [devicesModule, storageModule, catalogModule, printingModule, applicationsModule, alertsModule, platformModule, syncModule, diagnosticsModule, technicianModule],
    // Debug level: the most a log can hold.
    logger: { logDir: path.join(dataDir, 'logs'), level: 'debug' },
    configOverrides: { sync: { heartbeatSeconds: 60, batchSize: 100 } },
  });
  const kiosk = core;
  const citizen = new ApiClient(() => createInMemorySocket(kiosk.router) as ClientSocket);
  await citizen.whenOpen();
  await until(() => kiosk.context.deviceStatuses.get('id-reader')?.state === 'online' && kiosk.context.deviceStatuses.get('receipt-printer')?.state === 'online', 15_000, 'devices online');

  const phones: string[] = [];
  for (const [i, fixture] of ID_CARD_FIXTURES.entries()) {
    await sessionWithCard(citizen, fixture.id);
    const phone = `1391234${String(5000 + i).padStart(4, '0')}`;
    phones.push(phone);
    // A card whose number fails its check is refused by the service: the refusal is data too.
    await citizen.call('Application.Submit', criminalRecordSubmission({ answers: { applicantPhone: phone, reason: '入职单位要求开具证明' } }));
    unwrap(await citizen.call('Session.End', { reason: 'completed' }));
  }

  // The technician's self-test reads a card too.
  const technician = new ApiClient(() => createInMemorySocket(kiosk.router, 'technician') as ClientSocket);
  await technician.whenOpen();
  unwrap(await citizen.call('Simulator.InsertCard', { fixture: 'resident-chen' }));
  const selftest = unwrap(await technician.call('Technician.SelfTest', { deviceId: 'id-reader', mediaWaitSeconds: 5, requestedBy: 'test' }));
  expect(selftest.runs[0]!.steps.find((s) => s.action === 'read')).toMatchObject({ outcome: 'passed', detail: expect.stringMatching(/resident card/) });

  const answer = unwrap(await technician.call('Technician.DiagnosticsBundle', {}));
  const text = JSON.stringify(answer.bundle);
  // It is a real bundle: logs of the journeys, every device, the self-test.
  const bundle = answer.bundle as { log: string[]; devices: unknown[]; selfTests: unknown[] };
  expect(bundle.log.length).toBeGreaterThan(30);
  expect(text).toContain('application.');
  expect(bundle.devices.length).toBeGreaterThan(1);
  expect(bundle.selfTests).toHaveLength(1);

  const hits = [...fixtureValues(), ...phones].filter((value) => text.includes(value));
  expect(hits).toEqual([]);
  technician.close();
  citizen.close();
});
