// App releases at the platform (docs/fleet.md, "App releases"; ADR 0016): a release folder per app
// version holding electron-builder's update manifests, their detached `.sig` files and the
// installers, served to electron-updater's generic provider. Uploading files delivers nothing;
// publishing gives the release its number, and only an `app` rollout naming that number tells
// kiosks to install it. The platform checks the folder is complete, not that it is trustworthy:
// each kiosk verifies the manifest's signature with its pinned keyring before it downloads.
import crypto from 'node:crypto';
import yaml from 'js-yaml';
import { isoOf, isoOrNull, type SqlDatabase, type SqlExecutor } from '../storage/sqlDatabase';

/** A semantic version as electron-builder writes it (`1.4.0`, `1.4.0-rc.1`). */
export const APP_VERSION_PATTERN = /^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/;
/** A file of a release folder (no path separators). */
export const RELEASE_FILE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$/;
/** electron-builder's update manifests: `latest.yml`, `latest-linux.yml`, `latest-linux-arm64.yml`… */
const MANIFEST_PATTERN = /^latest(-[a-z0-9]+)*\.yml$/;

export interface AppRelease {
  readonly appVersion: string;
  /** Its number once published (an `app` rollout's version); null while files are still uploaded. */
  readonly release: number | null;
  readonly files: readonly { readonly name: string; readonly size: number; readonly sha256: string }[];
  readonly publishedAt: string | null;
}

/** Why a file was not stored or a release not published. */
export type ReleaseRefusal =
  // the release is published: its files never change (kiosks verified these bytes)
  | { readonly kind: 'releasePublished'; readonly message: string }
  // no file was uploaded under this version
  | { readonly kind: 'unknownRelease'; readonly message: string }
  // a manifest, its signature or an installer it names is missing, or it names another version
  | { readonly kind: 'incompleteRelease'; readonly message: string };

export class ReleaseStore {
  constructor(private readonly db: SqlDatabase) {}

  /** Stores (or replaces) one file of an unpublished release. */
  async putFile(appVersion: string, name: string, bytes: Uint8Array, now: Date): Promise<{ readonly stored: { name: string; size: number; sha256: string } } | { readonly refused: ReleaseRefusal }> {
    const sha256 = crypto.createHash('sha256').update(bytes).digest('hex');
    const at = now.toISOString();
    return this.db.transaction(async (tx) => {
      await tx.execute('INSERT INTO fleet_app_releases (app_version, created_at) VALUES ($1, $2) ON CONFLICT (app_version) DO NOTHING', [appVersion, at]);
      const [row] = await tx.query<{ release: number | null }>('SELECT release FROM fleet_app_releases WHERE app_version = $1 FOR UPDATE', [appVersion]);
      if (row && row.release !== null) return { refused: { kind: 'releasePublished' as const, message: `release ${appVersion} is published (number ${Number(row.release)}); its files never change — publish a new version` } };
      await tx.execute(
        `INSERT INTO fleet_release_files (app_version, name, bytes, sha256, size, uploaded_at) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (app_version, name) DO UPDATE SET bytes = EXCLUDED.bytes, sha256 = EXCLUDED.sha256, size = EXCLUDED.size, uploaded_at = EXCLUDED.uploaded_at`,
        [appVersion, name, Buffer.from(bytes), sha256, bytes.byteLength, at],
      );
      return { stored: { name, size: bytes.byteLength, sha256 } };
    });
  }

  /**
   * Publishes a release whose folder is complete: at least one update manifest, each with its
   * `.sig`, naming this version, and every installer it names uploaded. The release gets the next
   * number, so releases published later always roll out "higher".
   */
  async publish(appVersion: string, now: Date): Promise<{ readonly published: AppRelease } | { readonly refused: ReleaseRefusal }> {
    const outcome = await this.db.transaction(async (tx): Promise<{ refused: ReleaseRefusal } | { ok: true }> => {
      // Release numbers are handed out one at a time, across instances.
      await tx.query('SELECT pg_advisory_xact_lock($1, $2)', [RELEASE_PUBLISH_LOCK, 1]);
      const [row] = await tx.query<{ release: number | null }>('SELECT release FROM fleet_app_releases WHERE app_version = $1 FOR UPDATE', [appVersion]);
      if (!row) return { refused: { kind: 'unknownRelease', message: `no file was uploaded for ${appVersion} (PUT /admin/releases/${appVersion}/files/{name} first)` } };
      if (row.release !== null) return { refused: { kind: 'releasePublished', message: `release ${appVersion} is published already (number ${Number(row.release)})` } };
      const names = new Set((await tx.query<{ name: string }>('SELECT name FROM fleet_release_files WHERE app_version = $1', [appVersion])).map((r) => r.name));
      const manifests = [...names].filter((n) => MANIFEST_PATTERN.test(n));
      if (manifests.length === 0) return { refused: { kind: 'incompleteRelease', message: 'no update manifest (latest*.yml) was uploaded' } };
      for (const manifest of manifests) {
        if (!names.has(`${manifest}.sig`)) return { refused: { kind: 'incompleteRelease', message: `${manifest} has no detached signature ${manifest}.sig (budayang admin sign-release)` } };
        const [file] = await tx.query<{ bytes: Uint8Array }>('SELECT bytes FROM fleet_release_files WHERE app_version = $1 AND name = $2', [appVersion, manifest]);
        const problem = manifestProblem(manifest, Buffer.from(file!.bytes).toString('utf8'), appVersion, names);
        if (problem) return { refused: { kind: 'incompleteRelease', message: `${manifest}: ${problem}` } };
      }
      const [highest] = await tx.query<{ release: number | null }>('SELECT MAX(release) AS release FROM fleet_app_releases');
      const next = (highest?.release === null || highest?.release === undefined ? 0 : Number(highest.release)) + 1;
      await tx.execute('UPDATE fleet_app_releases SET release = $2, published_at = $3 WHERE app_version = $1', [appVersion, next, now.toISOString()]);
      return { ok: true };
    });
    if ('refused' in outcome) return outcome;
    return { published: (await this.release(appVersion))! };
  }

  async release(appVersion: string): Promise<AppRelease | undefined> {
    const [row] = await this.db.query('SELECT app_version, release, published_at FROM fleet_app_releases WHERE app_version = $1', [appVersion]);
    if (!row) return undefined;
    const files = await this.db.query('SELECT name, size, sha256 FROM fleet_release_files WHERE app_version = $1 ORDER BY name', [appVersion]);
    return {
      appVersion: row.app_version as string,
      release: row.release === null ? null : Number(row.release),
      files: files.map((f) => ({ name: f.name as string, size: Number(f.size), sha256: f.sha256 as string })),
      publishedAt: isoOrNull(row.published_at),
    };
  }

  /** The app version of a published release number. */
  async appVersionOf(release: number): Promise<string | undefined> {
    const [row] = await this.db.query<{ app_version: string }>('SELECT app_version FROM fleet_app_releases WHERE release = $1', [release]);
    return row?.app_version;
  }

  /** The number of a published release (inside `executor`'s transaction), if it is published. */
  async releaseOf(executor: SqlExecutor, appVersion: string): Promise<number | undefined> {
    const [row] = await executor.query<{ release: number | null }>('SELECT release FROM fleet_app_releases WHERE app_version = $1', [appVersion]);
    return row?.release === null || row?.release === undefined ? undefined : Number(row.release);
  }

  /** The releases, newest first (without their files). */
  async list(limit = 100): Promise<Array<{ appVersion: string; release: number | null; publishedAt: string | null; createdAt: string }>> {
    const rows = await this.db.query('SELECT app_version, release, published_at, created_at FROM fleet_app_releases ORDER BY created_at DESC, app_version LIMIT $1', [Math.min(500, Math.max(1, limit))]);
    return rows.map((r) => ({ appVersion: r.app_version as string, release: r.release === null ? null : Number(r.release), publishedAt: isoOrNull(r.published_at), createdAt: isoOf(r.created_at) }));
  }

  /** One file of a published release (unpublished folders are not served). */
  async file(appVersion: string, name: string): Promise<{ readonly bytes: Buffer; readonly sha256: string } | undefined> {
    const [row] = await this.db.query<{ bytes: Uint8Array; sha256: string }>(
      'SELECT f.bytes, f.sha256 FROM fleet_release_files f JOIN fleet_app_releases r ON r.app_version = f.app_version WHERE f.app_version = $1 AND f.name = $2 AND r.release IS NOT NULL',
      [appVersion, name],
    );
    return row ? { bytes: Buffer.from(row.bytes), sha256: row.sha256 } : undefined;
  }
}

/** What is wrong with a manifest of the release folder, if anything (the kiosk checks it again after its signature). */
function manifestProblem(manifestName: string, text: string, appVersion: string, names: ReadonlySet<string>): string | undefined {
  let raw: unknown;
  try {
    raw = yaml.load(text, { schema: yaml.CORE_SCHEMA });
  } catch (e) {
    return `not YAML: ${(e as Error).message.split('\n')[0]}`;
  }
  if (typeof raw !== 'object' || raw === null) return 'not an update manifest';
  const manifest = raw as { version?: unknown; files?: unknown };
  if (manifest.version !== appVersion) return `names version ${String(manifest.version)}, not ${appVersion}`;
  if (!Array.isArray(manifest.files) || manifest.files.length === 0) return 'names no installer (files)';
  for (const file of manifest.files as Array<{ url?: unknown }>) {
    if (typeof file.url !== 'string' || !names.has(file.url)) return `names ${String(file.url)}, which was not uploaded to the release folder`;
    // The browser shell checks its tarball's own signature too (ADR 0020): a folder without it would be refused by every kiosk.
    if (manifestName === BROWSER_SHELL_MANIFEST && !names.has(`${file.url}.sig`)) return `names ${file.url}, whose detached signature ${file.url}.sig was not uploaded (npm run release writes it)`;
  }
  return undefined;
}

/** The browser shell's update manifest (a tarball and its own `.sig`; docs/release.md). */
const BROWSER_SHELL_MANIFEST = 'latest-browser-shell.yml';

/** `pg_advisory_xact_lock` first key of release publication: ASCII "BDYA". */
const RELEASE_PUBLISH_LOCK = 0x42445941;
