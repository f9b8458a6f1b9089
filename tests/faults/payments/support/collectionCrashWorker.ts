// A kiosk core in its own process for the 清机 crash tests: optionally first takes real cash (a
// citizen's cash-in on the simulated acceptor), then runs one collection through the technician's
// channel and SIGKILLs itself at the named step, as a power cut would.
// Usage: node collectionCrashWorker.mjs <json: { dataDir, crashPoint, collectionId, physical, seedNotesFen }>
// Prints `seeded`, `completion <json>` and `done` (when it was not killed).
import { ApiClient, type ClientSocket } from '../../../../src-common/api/client';
import { fen } from '../../../../src-common/domain/money';
import { createInMemorySocket } from '../../../../src-main/core/api/inMemorySocket';
import { createKioskCore } from '../../../../src-main/core/createKioskCore';
import { CashJournal } from '../../../../src-main/core/payments/cashJournal';
import { PrintService } from '../../../../src-main/core/printing/PrintService';
import type { ReceiptDocument } from '../../../../drivers/printer/escpos/receiptDocument';
import { COLLECTION_CRASH_MODULES, type CollectionCrashPoint } from './collectionCrashPoints';
import { crash, hook } from '../../support/crashHooks';
import { until } from '../../../support/until';

interface WorkerArgs {
  readonly dataDir: string;
  readonly crashPoint: CollectionCrashPoint;
  readonly collectionId: string;
  readonly physical: ReadonlyArray<{ denominationFen: number; count: number }>;
  /** Notes a citizen inserts before the collection (one cash-in paying their sum). */
  readonly seedNotesFen: readonly number[];
}

const args = JSON.parse(process.argv[2]!) as WorkerArgs;
const say = (line: string) => process.stdout.write(`${line}\n`);


const isCollection = (a: unknown[]) => (a[1] as { kind?: string } | undefined)?.kind === 'cashCollected';
hook(CashJournal.prototype, 'append', {
  before: (a) => {
    if (args.crashPoint === 'collection.beforeJournal' && isCollection(a)) crash();
  },
  after: (a) => {
    // Inside the transaction with its outbox job: the kill lands before the commit.
    if (args.crashPoint === 'collection.journaledBeforeCommit' && isCollection(a)) crash();
  },
});
let copies = 0;
hook(PrintService.prototype, 'printReceipt', {
  before: (a) => {
    if (args.crashPoint === 'collection.committedBeforePrint' && (a[0] as ReceiptDocument).kind === 'cashCollection') crash();
  },
  after: (a) => {
    if (args.crashPoint === 'collection.firstCopyPrinted' && (a[0] as ReceiptDocument).kind === 'cashCollection' && ++copies === 1) crash();
  },
});

const core = await createKioskCore({ dataDir: args.dataDir, profile: 'test', modules: COLLECTION_CRASH_MODULES, logger: { logDir: false } });
const citizen = new ApiClient(() => createInMemorySocket(core.router) as ClientSocket);
await citizen.whenOpen();
await until(() => ['bill-acceptor', 'receipt-printer'].every((id) => core.context.deviceStatuses.get(id)?.state === 'online'), 'devices online', 20_000);
if (args.seedNotesFen.length > 0) {
  await citizen.call('Session.Start', { language: 'zh-CN', elderlyMode: false });
  const due = args.seedNotesFen.reduce((a, b) => a + b, 0);
  const paying = citizen.call('Cash.Start', { dueFen: fen(due), timeoutSeconds: 30 });
  for (const note of args.seedNotesFen) await citizen.call('Simulator.InsertNote', { valueFen: fen(note) });
  const paid = await paying;
  if (!paid.ok || paid.value.status !== 'paid') throw new Error(`seed cash-in: ${JSON.stringify(paid)}`);
  await citizen.call('Session.End', { reason: 'completed' });
  say('seeded');
}
const technician = new ApiClient(() => createInMemorySocket(core.router, 'technician') as ClientSocket);
await technician.whenOpen();
const completion = await technician.call('Cash.Collect', { collectionId: args.collectionId, technician: 'T0042', physical: args.physical.map((p) => ({ denominationFen: fen(p.denominationFen), count: p.count })) });
say(`completion ${JSON.stringify(completion)}`);
await core.stop();
say('done');
process.exit(0);
