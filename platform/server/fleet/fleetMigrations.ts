// The fleet's platform schema, migrations 30–39 (docs/fleet.md): signed bundles kept in the
// database (every instance serves the same bytes), and signed remote commands delivered in every
// heartbeat answer until the kiosk acknowledges receipt.
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
];
