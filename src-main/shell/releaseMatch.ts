// The Electron shell's last check before it downloads an app update: electron-updater fetches the
// manifest itself, so what it found must be the very release the core verified (version and
// every installer's sha512), or a manifest swapped between the two fetches could install.
import { err, ok, type Result } from '../../src-common/result';

/** A release as the core verified it: its version and installer digests (from the signed manifest). */
export interface VerifiedRelease {
  readonly version: string;
  readonly files: readonly { readonly url: string; readonly sha512: string }[];
}

/** What electron-updater says it is about to download (the members of its `UpdateInfo` compared). */
export type FetchedUpdateInfo = VerifiedRelease;

export function sameRelease(verified: VerifiedRelease, fetched: FetchedUpdateInfo): Result<true, string> {
  if (fetched.version !== verified.version) return err(`electron-updater found ${fetched.version}, the signed manifest names ${verified.version}`);
  const expected = new Map(verified.files.map((f) => [f.url, f.sha512]));
  if (fetched.files.length !== expected.size) return err(`electron-updater lists ${fetched.files.length} files, the signed manifest ${expected.size}`);
  for (const file of fetched.files) {
    if (expected.get(file.url) !== file.sha512) return err(`${file.url} has another sha512 than in the signed manifest`);
  }
  return ok(true);
}
