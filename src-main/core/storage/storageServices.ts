// The storage domain's services as the composition root names them: the kiosk database, the
// outbox every record is written with, the kiosk identity that signs platform requests, and the
// key provider the storage module uses when a shell supplies one (Electron safeStorage).
import type Database from 'better-sqlite3';
import { serviceId } from '../composition/serviceId';
import type { KeyProvider } from '../crypto/KeyProvider';
import type { KioskIdentity } from '../identity/KioskIdentity';
import type { Outbox } from '../outbox/Outbox';

/** The one writer's connection to the kiosk database. */
export const KioskDatabaseId = serviceId<Database.Database>('db');
/** The durable outbox: records are enqueued in the same transaction as their business row. */
export const OutboxId = serviceId<Outbox>('outbox');
/** The kiosk's Ed25519 identity and its platform registration. */
export const KioskIdentityId = serviceId<KioskIdentity>('identity');
/** Replaces the 0600 key file for the PII cipher when provided (by the shell, before the core starts). */
export const KeyProviderId = serviceId<KeyProvider>('keyProvider');
