// The steps of a 清机 at which the crash tests kill the core, and the modules its core runs.
import type { CoreModule } from '../../../../src-main/core/composition/CoreModule';
import { alertsModule } from '../../../../src-main/core/alerts/alertsModule';
import { devicesModule } from '../../../../src-main/core/devices/devicesModule';
import { diagnosticsModule } from '../../../../src-main/core/diagnostics/diagnosticsModule';
import { cashModule } from '../../../../src-main/core/payments/cashModule';
import { printingModule } from '../../../../src-main/core/printing/printingModule';
import { storageModule } from '../../../../src-main/core/storage/storageModule';

export type CollectionCrashPoint =
  | 'collection.beforeJournal' // counted and compared, the entry not yet written
  | 'collection.journaledBeforeCommit' // the entry appended inside its transaction, with its outbox job, not committed
  | 'collection.committedBeforePrint' // the entry and its job committed, no report printed
  | 'collection.firstCopyPrinted' // the kiosk's copy printed, the office copy not
  | 'none';

export const COLLECTION_CRASH_MODULES: readonly CoreModule[] = [devicesModule, storageModule, alertsModule, printingModule, cashModule, diagnosticsModule];
