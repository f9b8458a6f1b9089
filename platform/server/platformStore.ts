// The reference platform's storage: one PostgreSQL schema reached through either driver (PGlite
// embedded in this process, or a PostgreSQL server shared by N stateless instances), migrated on
// open, with hourly maintenance (month partitions, retention, expiry). The stores below hold
// every query; routes never write SQL of their own.
import crypto from 'node:crypto';
import path from 'node:path';
import { BundleStore } from './fleet/bundleStore';
import { CommandStore } from './fleet/commandStore';
import { FleetKioskStore } from './fleet/fleetKioskStore';
import { fleetProjector } from './fleet/fleetProjection';
import { RolloutStore } from './fleet/rolloutStore';
import { PaymentsLedger } from './paymentsLedger';
import { AccountStore } from './store/accountStore';
import { AuditStore } from './store/auditStore';
import { EventStore, type StoredEvent } from './store/eventStore';
import { FleetStore } from './store/fleetStore';
import { KioskStore } from './store/kioskStore';
import { projectCertificatePrints, ReferenceStore } from './store/referenceStore';
import { DEFAULT_RETENTION, runMaintenance, type MaintenanceReport, type RetentionPolicy } from './storage/maintenance';
import { migrate, MIGRATIONS } from './storage/migrations';
import { openPgliteDatabase } from './storage/pgliteDatabase';
import { openPostgresDatabase } from './storage/postgresDatabase';
import type { SqlDatabase } from './storage/sqlDatabase';

export type { StoredEvent } from './store/eventStore';
export type { StoreOutcome } from './store/eventBatch';
export type { KioskRow } from './store/kioskStore';

/** Where the platform keeps its data. */
export type PlatformDatabaseLocation =
  // PGlite in `<dataDir>/pglite`: no server needed (demo, `npm start`, most tests)
  | { readonly kind: 'embedded'; readonly dataDir: string }
  // a PostgreSQL server: `postgres://user:password@host:port/database`
  | { readonly kind: 'server'; readonly url: string };

export interface PlatformStoreOptions {
  readonly location: PlatformDatabaseLocation;
  /** The platform's clock (tests move it to exercise expiry and retention). */
  readonly now?: () => number;
  readonly retention?: RetentionPolicy;
  /** Run maintenance this often; 0 = only at open (tests call `maintain()` themselves). */
  readonly maintenanceIntervalMs?: number;
}

/** New embedded databases start from a cached copy with the schema already migrated. */
const MIGRATED_TEMPLATE = {
  key: `schema:${crypto
    .createHash('sha256')
    .update(MIGRATIONS.map((m) => `${m.version}|${m.name}|${m.apply.toString()}`).join('\n'))
    .digest('hex')}`,
  prepare: async (db: SqlDatabase) => {
    await migrate(db);
  },
};

export async function openDatabase(location: PlatformDatabaseLocation): Promise<SqlDatabase> {
  switch (location.kind) {
    case 'embedded':
      return openPgliteDatabase(path.join(location.dataDir, 'pglite'), MIGRATED_TEMPLATE);
    case 'server':
      return openPostgresDatabase({ url: location.url });
    default: {
      const never: never = location;
      throw new Error(`unknown database location ${JSON.stringify(never)}`);
    }
  }
}

export class PlatformStore {
  readonly kiosks: KioskStore;
  readonly events: EventStore;
  readonly reference: ReferenceStore;
  readonly payments: PaymentsLedger;
  /** Signed config and catalog bundles (docs/fleet.md). */
  readonly bundles: BundleStore;
  /** Signed remote commands, delivered until acknowledged. */
  readonly commands: CommandStore;
  /** Kiosk attributes, tags, groups and the twin (desired vs reported versions). */
  readonly fleetKiosks: FleetKioskStore;
  /** Rollouts in rings with abort criteria. */
  readonly rollouts: RolloutStore;
  /** Admin accounts, console sessions and API tokens. */
  readonly accounts: AccountStore;
  readonly audit: AuditStore;
  /** The fleet console's reads (liveness counts, filtered kiosk list) and kiosk tags. */
  readonly fleet: FleetStore;
  private timer: NodeJS.Timeout | undefined;

  private constructor(
    readonly db: SqlDatabase,
    private readonly now: () => number,
    private readonly retention: RetentionPolicy,
  ) {
    this.kiosks = new KioskStore(db);
    this.reference = new ReferenceStore(db);
    this.payments = new PaymentsLedger(db, now);
    this.accounts = new AccountStore(db);
    this.audit = new AuditStore(db);
    this.fleet = new FleetStore(db);
    this.bundles = new BundleStore(db);
    this.commands = new CommandStore(db);
    this.fleetKiosks = new FleetKioskStore(db);
    this.rollouts = new RolloutStore(db, this.fleetKiosks, this.bundles);
    this.events = new EventStore(db, [
      (tx, kioskId, accepted) => this.payments.projectRecordedPayments(tx, kioskId, accepted),
      projectCertificatePrints,
      fleetProjector({ commands: this.commands, kiosks: this.fleetKiosks, rollouts: this.rollouts }),
    ]);
  }

  /** Opens the database, applies pending migrations and runs one maintenance pass. */
  static async open(options: PlatformStoreOptions): Promise<PlatformStore> {
    const db = await openDatabase(options.location);
    try {
      await migrate(db);
      const store = new PlatformStore(db, options.now ?? (() => Date.now()), options.retention ?? DEFAULT_RETENTION);
      await store.maintain();
      const every = options.maintenanceIntervalMs ?? 3_600_000;
      if (every > 0) {
        store.timer = setInterval(() => void store.maintain().catch(() => undefined), every);
        store.timer.unref();
      }
      return store;
    } catch (e) {
      await db.close();
      throw e;
    }
  }

  /** One maintenance pass now (partitions ahead, retention, expiry). */
  maintain(): Promise<MaintenanceReport> {
    return runMaintenance(this.db, new Date(this.now()), this.retention);
  }

  /** Every stored event, paging through the store (tests and small tools only). */
  async allEvents(kioskId?: string): Promise<StoredEvent[]> {
    const all: StoredEvent[] = [];
    for (;;) {
      const page = await this.events.list({ ...(kioskId ? { kioskId } : {}), afterSeq: all.at(-1)?.seq ?? 0, limit: 1000 });
      all.push(...page);
      if (page.length < 1000) return all;
    }
  }

  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.db.close();
  }
}
