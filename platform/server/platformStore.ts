// The reference platform's storage: one PostgreSQL schema reached through either driver (PGlite
// embedded in this process, or a PostgreSQL server shared by N stateless instances), migrated on
// open, with hourly maintenance (month partitions, retention, expiry). The stores below hold
// every query; routes never write SQL of their own.
import crypto from 'node:crypto';
import path from 'node:path';
import type { HolderLookup } from './cases/holderLookup';
import { BundleStore } from './fleet/bundleStore';
import { CommandStore } from './fleet/commandStore';
import { FleetKioskStore } from './fleet/fleetKioskStore';
import { fleetProjector } from './fleet/fleetProjection';
import { ReleaseStore } from './fleet/releaseStore';
import { StruggleStore } from './help/struggleStore';
import { RolloutStore } from './fleet/rolloutStore';
import { monitoringPolicy, type MonitoringPolicy } from './monitoring/alertRules';
import { PaymentsLedger } from './paymentsLedger';
import { AccountStore } from './store/accountStore';
import { AlertStore } from './store/alertStore';
import { AuditStore } from './store/auditStore';
import { CaseStore } from './store/caseStore';
import { CashJournalReplica } from './store/cashJournalReplica';
import { EventStore, type StoredEvent } from './store/eventStore';
import { FleetStore } from './store/fleetStore';
import { HeartbeatStore, type OfflineWatchReport } from './store/heartbeatStore';
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
  /**
   * The keyed hash of ID numbers (cases/holderLookup.ts); its fingerprint must match the
   * database's. Absent for tools that never store or look up a case (the accounts CLI): the
   * store then refuses to hash an ID number rather than use a key of its own.
   */
  readonly holderLookup?: HolderLookup;
  /** Alert thresholds (monitoring/alertRules.ts); the defaults follow the kiosk config's. */
  readonly monitoring?: Partial<MonitoringPolicy>;
  /** Run the offline watch this often; 0 = never by itself (tests call `watchOffline()`); default the policy's. */
  readonly offlineWatchIntervalMs?: number;
}

/** The lookup of a store opened without the key: any use is a programming error, said plainly. */
const WITHOUT_HOLDER_LOOKUP: HolderLookup = {
  holderKey: () => {
    throw new Error('this platform store was opened without the holder lookup key: it cannot store or find cases by ID number');
  },
  keyId: 'none',
};

/** The `platform_settings` row holding the holder lookup key's fingerprint. */
const HOLDER_LOOKUP_KEY_ID = 'holderLookupKeyId';

/**
 * Records the key's fingerprint on first use, and refuses an instance whose key differs: it would
 * write cases that no other instance finds by ID card, silently.
 */
async function claimHolderLookupKey(db: SqlDatabase, lookup: HolderLookup): Promise<void> {
  await db.execute('INSERT INTO platform_settings (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING', [HOLDER_LOOKUP_KEY_ID, lookup.keyId]);
  const [row] = await db.query<{ value: string }>('SELECT value FROM platform_settings WHERE name = $1', [HOLDER_LOOKUP_KEY_ID]);
  if (row?.value !== lookup.keyId) {
    throw new Error(
      `this instance's holder lookup key (fingerprint ${lookup.keyId}) is not the one this database was first used with (${row?.value ?? 'none'}): every instance sharing a database needs the same key (holder-lookup.key in its data directory, or $BUDAYANG_HOLDER_LOOKUP_KEY)`,
    );
  }
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
  readonly cases: CaseStore;
  readonly alerts: AlertStore;
  readonly heartbeats: HeartbeatStore;
  readonly cashJournals: CashJournalReplica;
  readonly monitoring: MonitoringPolicy;
  /** Signed config and catalog bundles (docs/fleet.md). */
  readonly bundles: BundleStore;
  /** App releases: files served per release folder, rolled out by number (docs/fleet.md, ADR 0016). */
  readonly releases: ReleaseStore;
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
  /** Anonymous per-step struggle counts (#16 item 15). */
  readonly struggles: StruggleStore;
  private readonly timers: NodeJS.Timeout[] = [];

  private constructor(
    readonly db: SqlDatabase,
    private readonly now: () => number,
    private readonly retention: RetentionPolicy,
    holderLookup: HolderLookup,
    monitoring: MonitoringPolicy,
  ) {
    this.monitoring = monitoring;
    this.kiosks = new KioskStore(db, now);
    this.reference = new ReferenceStore(db);
    this.payments = new PaymentsLedger(db, now);
    this.accounts = new AccountStore(db);
    this.audit = new AuditStore(db);
    this.fleet = new FleetStore(db);
    this.bundles = new BundleStore(db);
    this.commands = new CommandStore(db);
    this.fleetKiosks = new FleetKioskStore(db);
    this.releases = new ReleaseStore(db);
    this.rollouts = new RolloutStore(db, this.fleetKiosks, this.bundles, this.releases);
    this.cases = new CaseStore(db, holderLookup);
    this.alerts = new AlertStore(db);
    this.struggles = new StruggleStore(db);
    this.heartbeats = new HeartbeatStore(db, this.alerts, monitoring, now());
    this.cashJournals = new CashJournalReplica(db, this.alerts, monitoring);
    // Domain projections, in this order, in the transaction that stores a push: a print is
    // counted before the case it picks up moves; journal entries before the alerts of events.
    this.events = new EventStore(db, [
      (tx, kioskId, accepted) => this.payments.projectRecordedPayments(tx, kioskId, accepted),
      projectCertificatePrints,
      fleetProjector({ commands: this.commands, kiosks: this.fleetKiosks, rollouts: this.rollouts, releases: this.releases }),
      this.cases.projectSubmissions,
      this.cases.projectPickups,
      this.cashJournals.projectEntries,
      this.alerts.projectEvents,
      this.struggles.projectCounts,
    ]);
  }

  /** Opens the database, applies pending migrations and runs one maintenance pass. */
  static async open(options: PlatformStoreOptions): Promise<PlatformStore> {
    const db = await openDatabase(options.location);
    try {
      await migrate(db);
      if (options.holderLookup) await claimHolderLookupKey(db, options.holderLookup);
      const policy = monitoringPolicy(options.monitoring);
      const store = new PlatformStore(db, options.now ?? (() => Date.now()), options.retention ?? DEFAULT_RETENTION, options.holderLookup ?? WITHOUT_HOLDER_LOOKUP, policy);
      await store.maintain();
      store.every(options.maintenanceIntervalMs ?? 3_600_000, () => store.maintain());
      store.every(options.offlineWatchIntervalMs ?? policy.offlineCheckEveryMs, () => store.watchOffline());
      return store;
    } catch (e) {
      await db.close();
      throw e;
    }
  }

  /** Runs `job` every `ms` (0: never); a failed run is tried again at the next tick. */
  private every(ms: number, job: () => Promise<unknown>): void {
    if (ms <= 0) return;
    const timer = setInterval(() => void job().catch(() => undefined), ms);
    timer.unref();
    this.timers.push(timer);
  }

  /** One pass of the offline watch now (kiosks that missed their heartbeats). */
  watchOffline(): Promise<OfflineWatchReport> {
    return this.heartbeats.watchOffline(new Date(this.now()));
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
    for (const timer of this.timers.splice(0)) clearInterval(timer);
    await this.db.close();
  }
}
