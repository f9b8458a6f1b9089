// electron-builder's update manifests (`latest.yml`, `latest-linux.yml`, `latest-linux-arm64.yml`)
// read as data: the version and the sha512 of each installer. A kiosk parses the manifest whose
// detached signature verified and hands its version and installer digests to the shell, which
// installs only what electron-updater fetched if it is that very release (shell/releaseMatch.ts).
import yaml from 'js-yaml';
import { z } from 'zod';
import { err, ok, type Result } from '../../../src-common/result';

const Sha512Base64 = z.string().regex(/^[A-Za-z0-9+/]{86}==$/, 'a sha512 in base64');

export const ReleaseManifest = z.object({
  version: z.string().regex(/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/, 'a semantic version'),
  files: z.array(z.object({ url: z.string().min(1), sha512: Sha512Base64, size: z.number().int().positive().optional() }).passthrough()).min(1),
  path: z.string().optional(),
  sha512: Sha512Base64.optional(),
  releaseDate: z.string().optional(),
}).passthrough();
export type ReleaseManifest = z.infer<typeof ReleaseManifest>;

/** The manifest electron-builder writes for a platform and architecture (the generic provider's names). */
export function manifestFileName(platform: NodeJS.Platform, arch: string): string {
  if (platform === 'win32') return 'latest.yml';
  if (platform === 'darwin') return 'latest-mac.yml';
  return arch === 'x64' ? 'latest-linux.yml' : `latest-linux-${arch}.yml`;
}

export function parseReleaseManifest(text: string): Result<ReleaseManifest, string> {
  let raw: unknown;
  try {
    // The core schema: no custom tags, nothing executable.
    raw = yaml.load(text, { schema: yaml.CORE_SCHEMA });
  } catch (e) {
    return err(`not YAML: ${(e as Error).message.split('\n')[0]}`);
  }
  const parsed = ReleaseManifest.safeParse(raw);
  return parsed.success ? ok(parsed.data) : err(parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; '));
}
