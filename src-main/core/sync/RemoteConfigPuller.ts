// Pulls the signed remote config (GET /v1/config with ETag), verifies it against the admin key
// pinned at provisioning, and stores versions that go up. Applying a stored bundle (stage, swap,
// health check, roll back) belongs to the config domain, which reads `remote_config`.
import type Database from 'better-sqlite3';
import { err, ok, type Result } from '../../../src-common/result';
import { verifyEd25519, type KioskIdentity } from '../identity/KioskIdentity';
import { describeFailure, type PlatformClient } from './PlatformClient';

export class RemoteConfigPuller {
  constructor(
    private readonly db: Database.Database,
    private readonly client: PlatformClient,
    private readonly identity: KioskIdentity,
  ) {}

  /** Newest verified bundle stored, if any. */
  latest(): { version: number; configId: string; body: string } | undefined {
    return this.db.prepare('SELECT version, config_id AS configId, body FROM remote_config ORDER BY version DESC LIMIT 1').get() as
      | { version: number; configId: string; body: string }
      | undefined;
  }

  async pull(): Promise<Result<string, string>> {
    const registration = this.identity.registration();
    if (!registration) return err('not provisioned');
    const etag = this.db.prepare('SELECT etag FROM remote_config ORDER BY version DESC LIMIT 1').pluck().get() as string | null | undefined;
    const answer = await this.client.pullConfig(etag ?? undefined);
    if (!answer.ok) return err(describeFailure(answer.error));
    if (!answer.value) return ok('unchanged');
    const { config, etag: newEtag } = answer.value;
    if (!verifyEd25519(registration.adminPublicKey, config.body, config.signature)) return err(`config ${config.configId} v${config.version}: signature does not verify with the pinned admin key; refused`);
    const current = this.latest();
    if (current && config.version <= current.version) return err(`config v${config.version} is not newer than v${current.version}; refused`);
    this.db
      .prepare('INSERT INTO remote_config (version, config_id, body, signature, etag, received_at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(config.version, config.configId, config.body, config.signature, newEtag, new Date().toISOString());
    return ok(`stored v${config.version}`);
  }
}
