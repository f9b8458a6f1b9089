// An app release folder as `npm run release` and electron-builder make it, for tests: an
// installer (random bytes), the update manifest naming its sha512, and the manifest's detached
// signature by a fleet key (budayang admin sign-release), uploaded to a platform and published.
import crypto from 'node:crypto';
import yaml from 'js-yaml';
import type { AdminSigningKey } from '../../src-main/core/fleet/fleetKeys';
import { signReleaseFile } from '../../src-main/core/updates/releaseSignature';

export interface ReleaseFolder {
  readonly appVersion: string;
  /** File name → bytes, as uploaded. */
  readonly files: ReadonlyMap<string, Uint8Array>;
}

/** A linux release of `appVersion`, its manifest signed by `key`; `tamper` changes the manifest after signing. */
export function makeRelease(appVersion: string, key: AdminSigningKey, options: { readonly tamper?: boolean; readonly manifest?: string } = {}): ReleaseFolder {
  const installerName = `Budayang-${appVersion}.AppImage`;
  const installer = crypto.randomBytes(4096);
  const sha512 = crypto.createHash('sha512').update(installer).digest('base64');
  const manifestName = options.manifest ?? 'latest-linux.yml';
  const manifest = Buffer.from(yaml.dump({ version: appVersion, files: [{ url: installerName, sha512, size: installer.byteLength }], path: installerName, sha512, releaseDate: '2026-12-05T00:00:00.000Z' }));
  const signature = Buffer.from(JSON.stringify(signReleaseFile(manifestName, manifest, key)));
  const served = options.tamper ? Buffer.concat([manifest, Buffer.from('# changed after signing\n')]) : manifest;
  return { appVersion, files: new Map([[installerName, installer], [manifestName, served], [`${manifestName}.sig`, signature]]) };
}

/** Uploads every file of the folder and publishes it; returns the release number. */
export async function publishRelease(platformUrl: string, adminToken: string, release: ReleaseFolder): Promise<number> {
  for (const [name, bytes] of release.files) {
    const put = await fetch(`${platformUrl}/admin/releases/${release.appVersion}/files/${name}`, { method: 'PUT', headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/octet-stream' }, body: new Uint8Array(bytes) });
    if (put.status !== 200) throw new Error(`upload of ${name} answered ${put.status}: ${await put.text()}`);
  }
  const published = await fetch(`${platformUrl}/admin/releases/${release.appVersion}/publish`, { method: 'POST', headers: { authorization: `Bearer ${adminToken}` } });
  const body = (await published.json()) as { release?: number; message?: string };
  if (published.status !== 200 || typeof body.release !== 'number') throw new Error(`publish of ${release.appVersion} answered ${published.status}: ${body.message}`);
  return body.release;
}
