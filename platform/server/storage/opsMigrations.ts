// Migrations 20–29 (the ops range: cases, monitoring, cash journal replicas), appended to the
// platform's list in migrations.ts. Same rules as every migration there: numbered, applied once,
// never edited once released.
import { sqlStep as sql, type Migration } from './migration';

export const OPS_MIGRATIONS: readonly Migration[] = [
  {
    version: 20,
    name: 'case lifecycle: cases from kiosk submissions, audited transitions, holder lookup by keyed hash, case certificates',
    apply: sql(`
      ALTER TABLE cases ADD COLUMN service_id TEXT;
      ALTER TABLE cases ADD COLUMN service_zh TEXT;
      ALTER TABLE cases ADD COLUMN service_en TEXT;
      ALTER TABLE cases ADD COLUMN kiosk_id TEXT;
      ALTER TABLE cases ADD COLUMN fee_fen BIGINT NOT NULL DEFAULT 0;
      -- HMAC-SHA256 of the holder's ID number under the platform's lookup key: finds a holder's
      -- cases without keeping the number (docs/platform.md "Cases").
      ALTER TABLE cases ADD COLUMN holder_key TEXT;
      ALTER TABLE cases ADD COLUMN holder_name_masked TEXT;
      ALTER TABLE cases ADD COLUMN submitted_at TIMESTAMPTZ;
      ALTER TABLE cases ADD COLUMN created_at TIMESTAMPTZ;
      ALTER TABLE cases ADD COLUMN certificate_number TEXT;
      ALTER TABLE cases ADD COLUMN revision INTEGER NOT NULL DEFAULT 0;
      UPDATE cases SET created_at = updated_at,
        service_zh = split_part(service_name, ' ', 1),
        service_en = CASE WHEN position(' ' IN service_name) > 0 THEN substr(service_name, position(' ' IN service_name) + 1) ELSE service_name END;
      ALTER TABLE cases ALTER COLUMN created_at SET NOT NULL;
      -- Keyset paging of the back office's lists, whole or by status or kiosk.
      CREATE INDEX cases_by_created ON cases (created_at, case_number);
      CREATE INDEX cases_by_status ON cases (status, created_at, case_number);
      CREATE INDEX cases_by_kiosk ON cases (kiosk_id, created_at, case_number);
      CREATE INDEX cases_by_holder ON cases (holder_key, created_at) WHERE holder_key IS NOT NULL;

      -- Every move of a case: who, when, from what to what (the back office's audit trail).
      CREATE TABLE case_transitions (
        case_number TEXT NOT NULL,
        seq INTEGER NOT NULL,
        from_status TEXT,
        to_status TEXT NOT NULL,
        actor TEXT NOT NULL,
        at TIMESTAMPTZ NOT NULL,
        note TEXT,
        PRIMARY KEY (case_number, seq));

      ALTER TABLE certificates ADD COLUMN case_number TEXT;
      ALTER TABLE certificates ADD COLUMN holder_key TEXT;
      ALTER TABLE certificates ADD COLUMN title TEXT;
      CREATE INDEX certificates_by_holder ON certificates (holder_key) WHERE holder_key IS NOT NULL;

      -- Facts every instance must agree on, e.g. the fingerprint of the holder lookup key.
      CREATE TABLE platform_settings (
        name TEXT PRIMARY KEY,
        value TEXT NOT NULL);
    `),
  },
  {
    version: 21,
    name: 'monitoring: alerts with their audit trail, heartbeat conditions, offline watch, cash boxes',
    apply: sql(`
      CREATE SEQUENCE alerts_seq;
      CREATE TABLE alerts (
        id BIGINT PRIMARY KEY,
        kiosk_id TEXT NOT NULL,
        code TEXT NOT NULL,
        subject TEXT NOT NULL,
        severity TEXT NOT NULL,
        source TEXT NOT NULL,
        detail JSONB NOT NULL,
        raised_at TIMESTAMPTZ NOT NULL,
        last_seen_at TIMESTAMPTZ NOT NULL,
        occurrences INTEGER NOT NULL,
        acknowledged_at TIMESTAMPTZ,
        acknowledged_by TEXT,
        cleared_at TIMESTAMPTZ,
        cleared_by TEXT);
      -- At most one open alert per kiosk, code and subject: a repeated raise updates it.
      CREATE UNIQUE INDEX alerts_one_open ON alerts (kiosk_id, code, subject) WHERE cleared_at IS NULL;
      -- The inbox (open alerts, newest first) and a kiosk's alerts.
      CREATE INDEX alerts_open ON alerts (id) WHERE cleared_at IS NULL;
      CREATE INDEX alerts_by_kiosk ON alerts (kiosk_id, id);

      CREATE TABLE alert_history (
        alert_id BIGINT NOT NULL,
        seq INTEGER NOT NULL,
        at TIMESTAMPTZ NOT NULL,
        action TEXT NOT NULL,
        actor TEXT NOT NULL,
        note TEXT,
        PRIMARY KEY (alert_id, seq));

      -- What the last heartbeat showed, condition key → first seen (platform clock), so a
      -- condition that must last (device offline for N minutes) is timed, and only a change of
      -- the set touches the alerts table. offline_since: set by the offline watch, cleared by the
      -- next heartbeat.
      ALTER TABLE kiosk_status ADD COLUMN conditions JSONB NOT NULL DEFAULT '{}';
      -- The condition keys that have an open alert (changed only with the alerts, in one transaction).
      ALTER TABLE kiosk_status ADD COLUMN alerted JSONB NOT NULL DEFAULT '[]';
      ALTER TABLE kiosk_status ADD COLUMN offline_since TIMESTAMPTZ;
      -- The offline watch scans only kiosks not yet marked offline, oldest heartbeat first.
      DROP INDEX kiosk_status_by_heartbeat;
      CREATE INDEX kiosk_status_online_by_heartbeat ON kiosk_status (last_heartbeat_at) WHERE offline_since IS NULL;

      -- Notes in each bill acceptor's box since its last collection, counted from the replicated
      -- cash journal (noteStacked entries).
      CREATE TABLE cash_boxes (
        kiosk_id TEXT NOT NULL,
        device_id TEXT NOT NULL,
        notes INTEGER NOT NULL,
        amount_fen BIGINT NOT NULL,
        since TIMESTAMPTZ NOT NULL,
        PRIMARY KEY (kiosk_id, device_id));
    `),
  },
  {
    version: 22,
    name: 'cash journal replicas: entries, verified chain heads, conflicting copies',
    apply: sql(`
      -- The last entry of each kiosk's replicated journal: the next one must chain onto it.
      CREATE TABLE cash_journal_heads (
        kiosk_id TEXT PRIMARY KEY,
        head_seq INTEGER NOT NULL,
        head_hash TEXT NOT NULL,
        -- 1, or the first seq received when replication began on an older journal.
        anchored_at_seq INTEGER NOT NULL,
        -- The first entry that did not verify (null while the chain holds).
        broken_at_seq INTEGER,
        updated_at TIMESTAMPTZ NOT NULL);
      -- Financial evidence: kept when event partitions expire. at is the kiosk's exact text (it is hashed).
      CREATE TABLE cash_journal_entries (
        kiosk_id TEXT NOT NULL,
        seq INTEGER NOT NULL,
        at TEXT NOT NULL,
        txn_id TEXT NOT NULL,
        kind TEXT NOT NULL,
        body JSONB NOT NULL,
        prev_hash TEXT NOT NULL,
        hash TEXT NOT NULL,
        verified BOOLEAN NOT NULL,
        received_at TIMESTAMPTZ NOT NULL,
        PRIMARY KEY (kiosk_id, seq));
      CREATE INDEX cash_journal_entries_by_txn ON cash_journal_entries (kiosk_id, txn_id);
      -- A second, different copy of an entry already held (the kiosk's journal was rewritten).
      CREATE TABLE cash_journal_conflicts (
        kiosk_id TEXT NOT NULL,
        idempotency_key TEXT NOT NULL,
        seq INTEGER NOT NULL,
        at TEXT NOT NULL,
        txn_id TEXT NOT NULL,
        body JSONB NOT NULL,
        prev_hash TEXT NOT NULL,
        hash TEXT NOT NULL,
        reason TEXT NOT NULL,
        received_at TIMESTAMPTZ NOT NULL,
        PRIMARY KEY (kiosk_id, idempotency_key));
    `),
  },
];
