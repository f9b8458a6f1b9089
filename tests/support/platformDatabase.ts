// Which store a platform under test uses: the embedded PGlite default, or, in the
// `platform-postgres` vitest project, its own database in the run's PostgreSQL cluster (named
// after the platform's data dir, so a platform restarted on the same dir finds its data again).
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { inject } from 'vitest';
import { createPlatformServer, type PlatformServer, type PlatformServerOptions } from '../../platform/server/createPlatformServer';
import { loadOrCreateHolderLookup } from '../../platform/server/cases/holderLookup';
import { PlatformStore, type StoredEvent } from '../../platform/server/platformStore';

/** Which store this run's platform tests use. */
export function platformStoreUnderTest(): 'embedded' | 'postgres' {
  return inject('postgresAdminUrl') ? 'postgres' : 'embedded';
}

/** A database URL for the platform keeping its data in `dataDir`, or undefined for the embedded store. */
export async function testDatabaseUrl(dataDir: string): Promise<string | undefined> {
  const adminUrl = inject('postgresAdminUrl');
  if (!adminUrl) return undefined;
  const name = `platform_${crypto.createHash('sha256').update(dataDir).digest('hex').slice(0, 24)}`;
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${name}`);
  } catch (e) {
    if ((e as { code?: string }).code !== '42P04') throw e; // duplicate_database: a restart
  } finally {
    await client.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/**
 * A fleet signing key file (0600) in `dir`, made once: what `budayang admin keygen` makes. A
 * platform on a PostgreSQL server needs one; instances of one platform share it.
 */
export function testSigningKeyFile(dir: string): string {
  const file = path.join(dir, 'fleet-signing-key.pem');
  if (!fs.existsSync(file)) {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    fs.writeFileSync(file, crypto.generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }), { mode: 0o600 });
  }
  return file;
}

/** Starts the reference platform on the store this run tests (maintenance and the offline watch only when a test asks). */
export async function startTestPlatform(options: PlatformServerOptions): Promise<PlatformServer> {
  const databaseUrl = options.databaseUrl ?? (await testDatabaseUrl(options.dataDir));
  const signingKeyFile = options.signingKeyFile ?? (databaseUrl ? testSigningKeyFile(options.dataDir) : undefined);
  return createPlatformServer({ maintenanceIntervalMs: 0, offlineWatchIntervalMs: 0, ...options, ...(databaseUrl ? { databaseUrl } : {}), ...(signingKeyFile ? { signingKeyFile } : {}) });
}

/** Every event the platform holds, in arrival order (pages through the store). */
export function platformEvents(platform: PlatformServer): Promise<StoredEvent[]> {
  return platform.store.allEvents();
}

/** Opens just the store (no HTTP server) on this run's database, with maintenance only at open. */
export async function openTestStore(dataDir: string, options: { now?: () => number } = {}): Promise<PlatformStore> {
  const url = await testDatabaseUrl(dataDir);
  return PlatformStore.open({
    location: url ? { kind: 'server', url } : { kind: 'embedded', dataDir },
    maintenanceIntervalMs: 0,
    offlineWatchIntervalMs: 0,
    holderLookup: loadOrCreateHolderLookup(dataDir),
    ...(options.now ? { now: options.now } : {}),
  });
}
