// The platform schema as numbered migrations, applied in order, each exactly once, under one
// PostgreSQL advisory lock so that two instances starting together cannot both apply one. A
// database written by a newer platform (a migration we do not know) is refused, never touched.
// Dialect notes (openGauss, KingbaseES) are in docs/platform.md and docs/adr/0005-platform-on-postgresql.md.
import { FLEET_MIGRATIONS } from '../fleet/fleetMigrations';
import { DIAGNOSTICS_MIGRATIONS } from '../diagnostics/diagnosticsMigrations';
import { HELP_MIGRATIONS } from '../help/helpMigrations';
import { SEEDED_NOTICES } from '../paymentsSeed';
import { sqlStep, type Migration } from './migration';
import { CONSOLE_MIGRATIONS } from './consoleMigrations';
import { OPS_MIGRATIONS } from './opsMigrations';
import type { SqlDatabase } from './sqlDatabase';

export type { Migration } from './migration';

/** `pg_advisory_xact_lock` key of schema changes (and partition maintenance): ASCII "BDYM". */
export const SCHEMA_LOCK_KEY = 0x4244594d;

const sql = sqlStep;

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'kiosks, provisioning, nonces, rate limits, events, commands, configs',
    apply: sql(`
      CREATE TABLE kiosks (
        id TEXT PRIMARY KEY,
        kiosk_code TEXT NOT NULL,
        public_key TEXT NOT NULL UNIQUE,
        app_version TEXT NOT NULL,
        created_at TIMESTAMPTZ NOT NULL);
      -- Keyset paging of the kiosk list (fleet console: 10,000s of rows).
      CREATE INDEX kiosks_by_created ON kiosks (created_at, id);

      -- The latest heartbeat per kiosk: one row updated in place, apart from the identity row (and
      -- without a foreign key to it) so the hot heartbeat path never waits on the row lock that
      -- serialises a kiosk's event pushes.
      CREATE TABLE kiosk_status (
        kiosk_id TEXT PRIMARY KEY,
        last_heartbeat_at TIMESTAMPTZ NOT NULL,
        last_heartbeat JSONB NOT NULL);
      -- Offline detection scans by age (next wave: 3 missed heartbeats).
      CREATE INDEX kiosk_status_by_heartbeat ON kiosk_status (last_heartbeat_at);

      CREATE TABLE provisioning_codes (
        code TEXT PRIMARY KEY,
        created_at TIMESTAMPTZ NOT NULL,
        expires_at TIMESTAMPTZ NOT NULL,
        used_at TIMESTAMPTZ,
        kiosk_id TEXT);
      CREATE INDEX provisioning_codes_by_expiry ON provisioning_codes (expires_at);

      -- Nonces of signed requests, kept until they could no longer pass the clock check.
      CREATE TABLE request_nonces (
        kiosk_id TEXT NOT NULL,
        nonce TEXT NOT NULL,
        expires_at TIMESTAMPTZ NOT NULL,
        PRIMARY KEY (kiosk_id, nonce));
      CREATE INDEX request_nonces_by_expiry ON request_nonces (expires_at);

      -- Fixed-window counters shared by every instance (e.g. provisioning attempts per address).
      CREATE TABLE rate_limits (
        bucket TEXT NOT NULL,
        window_start TIMESTAMPTZ NOT NULL,
        hits INTEGER NOT NULL,
        PRIMARY KEY (bucket, window_start));
      CREATE INDEX rate_limits_by_window ON rate_limits (window_start);

      -- Arrival order of events across the fleet: the paging cursor of every event list.
      CREATE SEQUENCE events_seq;

      -- Idempotency and per-stream order. Kept apart from the partitioned events because a unique
      -- constraint on a partitioned table must include the partition key (received_at), which
      -- would let the same key in again next month.
      CREATE TABLE event_keys (
        kiosk_id TEXT NOT NULL,
        idempotency_key TEXT NOT NULL,
        stream_key TEXT NOT NULL,
        stream_seq INTEGER NOT NULL,
        seq BIGINT NOT NULL,
        received_at TIMESTAMPTZ NOT NULL,
        PRIMARY KEY (kiosk_id, idempotency_key),
        UNIQUE (kiosk_id, stream_key, stream_seq));
      CREATE INDEX event_keys_by_received ON event_keys (received_at);

      -- The last accepted seq of each stream: the database, not a process, decides what is next.
      CREATE TABLE stream_heads (
        kiosk_id TEXT NOT NULL,
        stream_key TEXT NOT NULL,
        last_seq INTEGER NOT NULL,
        PRIMARY KEY (kiosk_id, stream_key));

      -- Event bodies, one partition per month of arrival (platform clock), dropped whole by the
      -- retention policy. The DEFAULT partition only catches rows no month partition covers yet.
      CREATE TABLE events (
        seq BIGINT NOT NULL,
        received_at TIMESTAMPTZ NOT NULL,
        kiosk_id TEXT NOT NULL,
        idempotency_key TEXT NOT NULL,
        stream_key TEXT NOT NULL,
        stream_seq INTEGER NOT NULL,
        kind TEXT NOT NULL,
        occurred_at TIMESTAMPTZ NOT NULL,
        payload JSONB NOT NULL,
        pii JSONB,
        PRIMARY KEY (seq, received_at)
      ) PARTITION BY RANGE (received_at);
      CREATE INDEX events_by_kiosk ON events (kiosk_id, seq);
      CREATE INDEX events_by_kind ON events (kind, seq);
      CREATE INDEX events_by_stream ON events (kiosk_id, stream_key, stream_seq);
      CREATE TABLE events_default PARTITION OF events DEFAULT;

      CREATE TABLE commands (
        id TEXT PRIMARY KEY,
        kiosk_id TEXT NOT NULL REFERENCES kiosks (id),
        kind TEXT NOT NULL,
        created_at TIMESTAMPTZ NOT NULL,
        delivered_at TIMESTAMPTZ,
        outcome TEXT,
        detail TEXT);
      CREATE INDEX commands_undelivered ON commands (kiosk_id, created_at) WHERE delivered_at IS NULL;

      CREATE TABLE configs (
        version INTEGER PRIMARY KEY,
        config_id TEXT NOT NULL,
        body TEXT NOT NULL,
        signature TEXT NOT NULL,
        published_at TIMESTAMPTZ NOT NULL);
    `),
  },
  {
    version: 2,
    name: 'reference data: cases, proofs, certificates and their prints, catalog',
    apply: async (tx) => {
      await tx.exec(`
        CREATE TABLE cases (
          case_number TEXT PRIMARY KEY,
          status TEXT NOT NULL,
          service_name TEXT NOT NULL,
          updated_at TIMESTAMPTZ NOT NULL,
          note TEXT);
        CREATE TABLE proofs (
          proof_id TEXT PRIMARY KEY,
          kind TEXT NOT NULL,
          title TEXT NOT NULL,
          fields JSONB NOT NULL,
          issued_at TIMESTAMPTZ NOT NULL);
        CREATE TABLE certificates (
          certificate_number TEXT PRIMARY KEY,
          kind TEXT NOT NULL,
          holder_name_masked TEXT NOT NULL,
          fields JSONB NOT NULL,
          print_quota INTEGER NOT NULL CHECK (print_quota >= 0));
        -- One row per confirmed print (a certificate.printed event): counted against the quota,
        -- once per event however often the kiosk retries, and kept when event partitions expire.
        CREATE TABLE certificate_prints (
          kiosk_id TEXT NOT NULL,
          idempotency_key TEXT NOT NULL,
          certificate_number TEXT NOT NULL,
          printed_at TIMESTAMPTZ NOT NULL,
          PRIMARY KEY (kiosk_id, idempotency_key));
        CREATE INDEX certificate_prints_by_number ON certificate_prints (certificate_number);
        CREATE TABLE catalog (
          id INTEGER PRIMARY KEY CHECK (id = 1),
          version TEXT NOT NULL,
          body TEXT NOT NULL);
      `);
      const at = '2026-11-20T02:00:00.000Z';
      const cases: ReadonlyArray<readonly [string, string, string, string | null]> = [
        ['DEMO01-20261120-0001', 'inReview', '居住证办理 Residence permit', null],
        ['DEMO01-20261119-0007', 'readyForPickup', '营业执照变更 Business licence change', '请到3号窗口或自助机领取'],
        ['DEMO01-20261118-0003', 'rejected', '灵活就业登记 Flexible employment registration', '材料不全：缺少劳动合同'],
      ];
      for (const [number, status, name, note] of cases) {
        await tx.execute('INSERT INTO cases (case_number, status, service_name, updated_at, note) VALUES ($1, $2, $3, $4, $5)', [number, status, name, at, note]);
      }
      await tx.execute('INSERT INTO proofs (proof_id, kind, title, fields, issued_at) VALUES ($1, $2, $3, $4, $5), ($6, $7, $8, $9, $10)', [
        'P-SOCIAL-0001', 'socialInsurance', '社会保险参保证明', JSON.stringify({ insuredSince: '2015-03', months: '128', region: '420200' }), at,
        'P-HOUSING-0001', 'housingFund', '住房公积金缴存证明', JSON.stringify({ depositSince: '2018-07', monthlyFen: '86000' }), at,
      ]);
      await tx.execute('INSERT INTO certificates (certificate_number, kind, holder_name_masked, fields, print_quota) VALUES ($1, $2, $3, $4, $5), ($6, $7, $8, $9, $10)', [
        'C-BL-420200-0001', 'businessLicence', '黄*明', JSON.stringify({ enterprise: '黄石市示例商贸有限公司', creditCode: '91420200MA0000000X' }), 2,
        'C-RP-420200-0002', 'residencePermit', '李*', JSON.stringify({ validUntil: '2029-11-19' }), 1,
      ]);
      const catalog = { services: [{ id: 'residence-permit', name: { zh: '居住证办理', en: 'Residence permit' } }, { id: 'social-proof', name: { zh: '社保参保证明', en: 'Social insurance proof' } }] };
      await tx.execute('INSERT INTO catalog (id, version, body) VALUES (1, $1, $2)', ['catalog-1', JSON.stringify(catalog)]);
    },
  },
  {
    version: 3,
    name: 'payments: notices, QR orders, settlements, conflicts',
    apply: async (tx) => {
      await tx.exec(`
        CREATE TABLE payment_notices (
          notice_number TEXT PRIMARY KEY,
          item_zh TEXT NOT NULL, item_en TEXT NOT NULL, payee_zh TEXT NOT NULL, payee_en TEXT NOT NULL,
          payer_masked TEXT NOT NULL,
          amount_fen BIGINT NOT NULL CHECK (amount_fen > 0),
          issued_at TIMESTAMPTZ NOT NULL);
        CREATE TABLE payment_orders (
          order_id TEXT PRIMARY KEY,
          kiosk_id TEXT NOT NULL,
          payable_key TEXT NOT NULL,
          payable JSONB NOT NULL,
          mode TEXT NOT NULL,
          amount_fen BIGINT NOT NULL,
          subject TEXT NOT NULL,
          status TEXT NOT NULL,
          qr_content TEXT,
          expires_at TIMESTAMPTZ NOT NULL,
          channel TEXT,
          paid_at TIMESTAMPTZ,
          failure_reason TEXT,
          plan TEXT,
          queries INTEGER NOT NULL DEFAULT 0,
          paying_queries INTEGER NOT NULL DEFAULT 0,
          micropays INTEGER NOT NULL DEFAULT 0,
          created_at TIMESTAMPTZ NOT NULL,
          updated_at TIMESTAMPTZ NOT NULL);
        CREATE INDEX payment_orders_by_payable ON payment_orders (payable_key);
        CREATE TABLE payment_settlements (
          payment_id TEXT PRIMARY KEY,
          payable_key TEXT NOT NULL,
          notice_number TEXT,
          amount_fen BIGINT NOT NULL,
          method TEXT NOT NULL,
          order_id TEXT,
          kiosk_id TEXT,
          source TEXT NOT NULL,
          settled_at TIMESTAMPTZ NOT NULL,
          reversed_at TIMESTAMPTZ);
        -- A payable is paid at most once: one live (unreversed) settlement per payable, enforced by
        -- the database whichever instance settles.
        CREATE UNIQUE INDEX payment_settlements_one_live ON payment_settlements (payable_key) WHERE reversed_at IS NULL;
        CREATE TABLE payment_conflicts (
          payment_id TEXT PRIMARY KEY,
          payable_key TEXT NOT NULL,
          amount_fen BIGINT NOT NULL,
          kiosk_id TEXT,
          reason TEXT NOT NULL,
          detected_at TIMESTAMPTZ NOT NULL);
      `);
      const issuedAt = '2026-11-26T01:00:00.000Z';
      for (const n of SEEDED_NOTICES) {
        await tx.execute('INSERT INTO payment_notices VALUES ($1, $2, $3, $4, $5, $6, $7, $8)', [n.noticeNumber, n.itemZh, n.itemEn, n.payeeZh, n.payeeEn, n.payerMasked, n.amountFen, issuedAt]);
        if (n.paid) {
          await tx.execute("INSERT INTO payment_settlements (payment_id, payable_key, notice_number, amount_fen, method, source, settled_at) VALUES ($1, $2, $3, $4, 'counter', 'seed', $5)", [
            `SEED-${n.noticeNumber}`,
            `notice:${n.noticeNumber}`,
            n.noticeNumber,
            n.amountFen,
            issuedAt,
          ]);
        }
      }
    },
  },
  // 10–19: the fleet console (accounts, sessions, API tokens, audit log, kiosk tags)
  ...CONSOLE_MIGRATIONS,
  // 20–29: cases, monitoring, cash journal replicas (storage/opsMigrations.ts)
  ...OPS_MIGRATIONS,
  ...FLEET_MIGRATIONS, // 30–39: signed bundles and commands, kiosk tags, desired and reported state, rollouts
  ...HELP_MIGRATIONS, // 40–49: anonymous struggle counts (#16 item 15)
  ...DIAGNOSTICS_MIGRATIONS, // 50–59: diagnostics bundles uploaded by kiosks (docs/technicians.md)
];

export const LATEST_SCHEMA_VERSION = Math.max(...MIGRATIONS.map((m) => m.version));

/** What migrate() did. */
export interface MigrationOutcome {
  readonly from: number;
  readonly to: number;
}

/**
 * Brings the schema up to date in one transaction under the schema lock: a second instance
 * starting at the same moment waits, then finds nothing left to do. Throws on a newer schema.
 */
export async function migrate(db: SqlDatabase, migrations: readonly Migration[] = MIGRATIONS, now = new Date()): Promise<MigrationOutcome> {
  const latest = Math.max(...migrations.map((m) => m.version));
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [SCHEMA_LOCK_KEY]);
    await tx.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL)');
    const applied = new Set((await tx.query<{ version: number }>('SELECT version FROM schema_migrations')).map((r) => r.version));
    const from = applied.size === 0 ? 0 : Math.max(...applied);
    if (from > latest) throw new Error(`the platform database is at schema version ${from}, newer than this platform (${latest}): refusing to touch it; run the newer platform`);
    for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
      if (applied.has(migration.version)) continue;
      await migration.apply(tx);
      await tx.execute('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [migration.version, migration.name, now]);
    }
    return { from, to: latest };
  });
}
