// The cash domain in-process, for CLI commands when no core runs on the data directory: the kiosk
// database (taking its one-writer lock) with the cash journal and outbox, and a serial acceptor.
import type { Logger } from '../../../src-common/logging';
import { err, ok, type Result } from '../../../src-common/result';
import { openSyncStack } from '../sync/openSyncStack';
import { serialBillAcceptor } from './billAcceptorLinks';
import { CashJournal } from './cashJournal';
import type { CashCheckpoint } from './CashInTransaction';
import { CashService } from './CashService';
import { outboxWriterFor } from './claims';
import { outboxJournalReplicator } from './journalReplication';
import { ApplicationStore } from '../applications/ApplicationStore';
import { CashPaymentSettler } from './fees/cashPaymentSettler';
import { PaymentRecords } from './fees/PaymentRecords';

export interface CashStack {
  readonly service: CashService;
  close(): Promise<void>;
}

export function openCashStack(options: {
  readonly dataDir: string;
  readonly portPath: string;
  readonly log: Logger;
  readonly encrypted?: boolean;
  readonly deviceId?: string;
  readonly onCheckpoint?: (point: CashCheckpoint) => void;
}): Result<CashStack, string> {
  const stack = openSyncStack({ dataDir: options.dataDir, log: options.log });
  if (!stack.ok) return err(stack.error);
  const journal = CashJournal.fromDatabase(stack.value.db, { replicate: outboxJournalReplicator(stack.value.outbox, stack.value.db) });
  if (!journal.ok) {
    stack.value.close();
    return err(journal.error.message);
  }
  const deviceId = options.deviceId ?? 'bill-acceptor';
  const acceptor = serialBillAcceptor(options.portPath, { deviceId, log: options.log, ...(options.encrypted ? { encrypted: true } : {}) });
  const service = new CashService({
    deviceId,
    driver: acceptor,
    journal: journal.value,
    log: options.log,
    outbox: outboxWriterFor(stack.value.outbox, stack.value.db),
    ...(options.onCheckpoint ? { onCheckpoint: options.onCheckpoint } : {}),
  });
  // `cash reconcile` completes a payment a crashed core left open, as the core's own boot would.
  const applications = new ApplicationStore(stack.value.db);
  const records = new PaymentRecords(stack.value.db, stack.value.outbox, (record) => {
    if (record.payable.kind === 'case') applications.markPaid(record.payable.caseNumber, record.paidAt);
  });
  const attached = service.attachSettler(new CashPaymentSettler({ records, log: options.log }));
  if (!attached.ok) {
    stack.value.close();
    return err(attached.error);
  }
  return ok({
    service,
    close: async () => {
      await service.stop();
      stack.value.close();
    },
  });
}
