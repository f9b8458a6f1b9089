// The fleet's platform schema, migrations 30–39 (docs/fleet.md): signed bundles kept in the
// database (every instance serves the same bytes), signed remote commands delivered in every
// heartbeat answer until the kiosk acknowledges receipt, the device twin (desired vs reported
// versions), groups (named selectors over the kiosk tags of migration 11), and rollouts in rings.
import { sqlStep, type Migration } from '../storage/migration';

export const FLEET_MIGRATIONS: readonly Migration[] = [
  {
    version: 30,
    name: 'fleet: signed bundles; signed commands delivered until acknowledged; the first config format retired',
    apply: sqlStep(`
      -- One row per published bundle; the exact JSON text is served, so its hash is the ETag.
      CREATE TABLE fleet_bundles (
        kind TEXT NOT NULL,
        version BIGINT NOT NULL,
        bundle TEXT NOT NULL,
        key_id TEXT NOT NULL,
        sha256 TEXT NOT NULL,
        published_at TIMESTAMPTZ NOT NULL,
        PRIMARY KEY (kind, version));

      -- The signed command as delivered (JSON text), its expiry, and the kiosk's receipt and result.
      ALTER TABLE commands ADD COLUMN signed TEXT;
      ALTER TABLE commands ADD COLUMN expires_at TIMESTAMPTZ;
      ALTER TABLE commands ADD COLUMN urgent BOOLEAN NOT NULL DEFAULT FALSE;
      ALTER TABLE commands ADD COLUMN acked_at TIMESTAMPTZ;
      ALTER TABLE commands ADD COLUMN finished_at TIMESTAMPTZ;
      -- Commands of the first format were unsigned; no kiosk of this version would run one.
      UPDATE commands SET expires_at = created_at, acked_at = COALESCE(delivered_at, created_at) WHERE signed IS NULL;
      DROP INDEX commands_undelivered;
      -- The first config format (one platform-signed config for every kiosk) is retired.
      DROP TABLE configs;
      CREATE INDEX commands_unacknowledged ON commands (kiosk_id, created_at) WHERE acked_at IS NULL;
    `),
  },
  {
    version: 31,
    name: 'fleet: the device twin; groups over kiosk tags; rollouts in rings; the unsigned catalog retired',
    apply: sqlStep(`
      -- A kiosk's tags are the console's columns on kiosks (migration 11: region_code, level,
      -- site_kind, site_name, hardware): an operator sets them, and a kiosk fills the ones still
      -- empty from its site profile. Rollout targets and groups select by the same columns.
      CREATE INDEX kiosks_by_level ON kiosks (level, site_kind);

      -- The device twin, one row per kiosk: the version of each kind it should run (set by a
      -- rollout) and the one it runs, with the last result. Written by every heartbeat. The app
      -- version it runs is kiosk_status.reported_app_version (migration 11).
      CREATE TABLE kiosk_twins (
        kiosk_id TEXT PRIMARY KEY,
        config_desired BIGINT,
        config_desired_by TEXT,
        config_reported BIGINT,
        config_result JSONB,
        catalog_desired BIGINT,
        catalog_desired_by TEXT,
        catalog_reported BIGINT,
        catalog_result JSONB,
        reported_at TIMESTAMPTZ);

      -- Named selectors ("villages": level village).
      CREATE TABLE fleet_groups (
        name TEXT PRIMARY KEY,
        selector JSONB NOT NULL,
        updated_at TIMESTAMPTZ NOT NULL);

      CREATE TABLE rollouts (
        id TEXT PRIMARY KEY,
        kind TEXT NOT NULL,
        version BIGINT NOT NULL,
        target JSONB NOT NULL,
        -- kiosks per ring, decided at creation (empty rings dropped)
        ring_sizes JSONB NOT NULL,
        soak_seconds INTEGER NOT NULL,
        failure_percent DOUBLE PRECISION NOT NULL,
        min_kiosks INTEGER NOT NULL,
        offline_after_seconds INTEGER NOT NULL,
        state TEXT NOT NULL,
        reason TEXT,
        current_ring INTEGER NOT NULL,
        -- when every kiosk of the current ring had reported (or was offline): its soak starts
        ring_settled_at TIMESTAMPTZ,
        note TEXT,
        created_at TIMESTAMPTZ NOT NULL,
        updated_at TIMESTAMPTZ NOT NULL);
      -- One active rollout per kind: desired versions then only ever go up.
      CREATE UNIQUE INDEX rollouts_one_active_per_kind ON rollouts (kind) WHERE state IN ('running', 'paused');
      CREATE INDEX rollouts_by_created ON rollouts (created_at, id);

      -- The targets of a rollout, each with its ring and what became of it there.
      CREATE TABLE rollout_kiosks (
        rollout_id TEXT NOT NULL,
        kiosk_id TEXT NOT NULL,
        ring INTEGER NOT NULL,
        -- waiting (ring not started) · told (desired set) · applied · failed · skipped (stopped before told)
        state TEXT NOT NULL DEFAULT 'waiting',
        -- the kiosk's desired version before this rollout told it, restored if the rollout stops first
        previous_desired BIGINT,
        detail TEXT,
        updated_at TIMESTAMPTZ NOT NULL,
        PRIMARY KEY (rollout_id, kiosk_id));
      CREATE INDEX rollout_kiosks_by_ring ON rollout_kiosks (rollout_id, ring, state);
      CREATE INDEX rollout_kiosks_by_kiosk ON rollout_kiosks (kiosk_id);

      -- The console's command list, newest first across the fleet.
      CREATE INDEX commands_by_created ON commands (created_at, id);

      -- /v1/catalog now serves the signed catalog bundle a kiosk should run.
      DROP TABLE catalog;
    `),
  },
  {
    version: 32,
    name: 'fleet: app releases (files served per release folder) rolled out like bundles; the twin gets the app kind',
    apply: sqlStep(`
      -- A release is published once its update manifests and their detached signatures are
      -- uploaded; its number orders releases and is what an app rollout's version names.
      CREATE TABLE fleet_app_releases (
        app_version TEXT PRIMARY KEY,
        release BIGINT UNIQUE,
        published_at TIMESTAMPTZ,
        created_at TIMESTAMPTZ NOT NULL);

      -- The release folder's files (manifests, .sig files, installers), served to electron-updater's
      -- generic provider at /v1/releases/{app_version}/{name}. Kiosks verify them, not the platform.
      CREATE TABLE fleet_release_files (
        app_version TEXT NOT NULL,
        name TEXT NOT NULL,
        bytes BYTEA NOT NULL,
        sha256 TEXT NOT NULL,
        size BIGINT NOT NULL,
        uploaded_at TIMESTAMPTZ NOT NULL,
        PRIMARY KEY (app_version, name));

      -- The twin's app columns: desired is a release number (set by an app rollout); reported is
      -- the release of the last applied result (the version string the kiosk runs stays in
      -- kiosk_status.reported_app_version).
      ALTER TABLE kiosk_twins ADD COLUMN app_desired BIGINT;
      ALTER TABLE kiosk_twins ADD COLUMN app_desired_by TEXT;
      ALTER TABLE kiosk_twins ADD COLUMN app_reported BIGINT;
      ALTER TABLE kiosk_twins ADD COLUMN app_result JSONB;
    `),
  },
];
