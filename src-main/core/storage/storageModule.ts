// The storage domain of the core: opens the database (with the one-writer lock), the PII cipher,
// the outbox and the kiosk identity, so every domain can write business rows with their outbox
// jobs. Uses the key provider a shell supplies, else the 0600 key file.
import { defineModule } from '../composition/CoreModule';
import { openSyncStack } from '../sync/openSyncStack';
import { KeyProviderId, KioskDatabaseId, KioskIdentityId, OutboxId } from './storageServices';

export const storageModule = defineModule({
  name: 'storage',
  optional: { keyProvider: KeyProviderId },
  provides: { db: KioskDatabaseId, outbox: OutboxId, identity: KioskIdentityId },
  start(ctx, { keyProvider }) {
    const opened = openSyncStack({ dataDir: ctx.dataDir, log: ctx.log, ...(keyProvider ? { keyProvider } : {}) });
    if (!opened.ok) throw new Error(opened.error);
    const stack = opened.value;
    ctx.onStop(() => stack.close());
    return { db: stack.db, outbox: stack.outbox, identity: stack.identity };
  },
});
