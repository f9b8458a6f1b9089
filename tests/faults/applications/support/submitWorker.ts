// A kiosk core in its own process for the kill -9 tests: reads a card through the simulator and
// submits applications one after another, printing `submitted <caseNumber>` after each answer,
// until killed. Usage: node submitWorker.mjs <dataDir> <count>
import { ApiClient, type ClientSocket } from '../../../../src-common/api/client';
import { applicationsModule } from '../../../../src-main/core/applications/applicationsModule';
import { createInMemorySocket } from '../../../../src-main/core/api/inMemorySocket';
import { catalogModule } from '../../../../src-main/core/catalog/catalogModule';
import { createKioskCore } from '../../../../src-main/core/createKioskCore';
import { devicesModule } from '../../../../src-main/core/devices/devicesModule';
import { printingModule } from '../../../../src-main/core/printing/printingModule';
import { storageModule } from '../../../../src-main/core/storage/storageModule';
import { alertsModule } from '../../../../src-main/core/alerts/alertsModule';
import { platformModule } from '../../../../src-main/core/sync/platformModule';
import { syncModule } from '../../../../src-main/core/sync/syncModule';

const [dataDir, countText] = process.argv.slice(2);
const core = await createKioskCore({ dataDir: dataDir!, profile: 'test', modules: [devicesModule, storageModule, catalogModule, printingModule, applicationsModule, alertsModule, platformModule, syncModule], logger: { logDir: false } });
const client = new ApiClient(() => createInMemorySocket(core.router) as ClientSocket);
await client.whenOpen();
while (core.context.deviceStatuses.get('id-reader')?.state !== 'online' || core.context.deviceStatuses.get('receipt-printer')?.state !== 'online') await new Promise((r) => setTimeout(r, 10));
await client.call('Session.Start', { language: 'zh-CN', elderlyMode: false });
await client.call('Simulator.InsertCard', { fixture: 'resident-wang' });
const read = await client.call('IdCard.WaitForCard', { timeoutSeconds: 10 });
if (!read.ok) throw new Error(`card not read: ${read.error.description}`);
process.stdout.write('ready\n');
for (let i = 0; i < Number(countText); i++) {
  const result = await client.call('Application.Submit', {
    kind: 'item',
    id: 'no-criminal-record-certificate',
    answers: { applicantPhone: '13800138000', reason: '入职单位要求开具证明' },
    materials: [],
    signature: { mimeType: 'image/png', base64: Buffer.alloc(3000, i).toString('base64') },
    consentAt: new Date().toISOString(),
    idempotencyKey: `kill9-${process.pid}-${i}`,
  });
  if (!result.ok) throw new Error(`submit refused: ${result.error.code} ${result.error.description}`);
  process.stdout.write(`submitted ${result.value.caseNumber} ${result.value.receipt.outcome}\n`);
}
process.stdout.write('done\n');
await core.stop();
process.exit(0);
