// Diagnostics mode as a core module: technician accounts and the site PIN, the lockout counted in
// the kiosk database (when the storage module runs), the maintenance lock-out of citizen sessions,
// the control channel's limits, and the audit of every technician action (diagnosticsApi.ts).
import { defineModule } from '../composition/CoreModule';
import { CashJournalId } from '../payments/CashService';
import { KioskDatabaseId, OutboxId } from '../storage/storageServices';
import { registerDiagnosticsApi } from './diagnosticsApi';
import { TechnicianDeskId } from './technicianDesk';
import { databaseLockout, memoryLockout } from './TechnicianLockout';

export const diagnosticsModule = defineModule({
  name: 'diagnostics',
  optional: { db: KioskDatabaseId, outbox: OutboxId, journal: CashJournalId },
  provides: { desk: TechnicianDeskId },
  start(ctx, { db, outbox, journal }) {
    const desk = registerDiagnosticsApi(ctx, { lockout: db ? databaseLockout(db) : memoryLockout(), ...(outbox ? { outbox } : {}), ...(journal ? { journal } : {}) });
    return { desk };
  },
});
