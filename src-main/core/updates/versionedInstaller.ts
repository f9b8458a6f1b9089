// The browser shell's installer as the core drives it (docs/shell-and-server.md, "Browser-shell
// updates"; ADR 0020): downloads the release tarball the signed manifest names, checks its sha512
// (from the signed manifest) and its own detached signature (fleet keyring) before anything is
// written under the install root, unpacks it into `versions/<version>/`, and on the core's word
// switches `current` and asks for a restart (the launcher then starts the new version). A tarball
// that fails a check is refused — reported as the rollout's failure — and nothing is switched.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { AppRefusalReason } from '../../../src-common/wire/appUpdateEvents';
import { writeFileAtomic } from '../fleet/atomicFile';
import type { Keyring } from '../fleet/keyring';
import type { AppInstaller, AppInstallerAnswers, InstallerContext } from './appInstaller';
import type { KeptInstaller } from './appUpdateState';
import type { OfferedRelease } from './AppUpdater';
import { verifyReleaseFile } from './releaseSignature';
import { currentVersion, forgetRollback, markHealthy, readInstallState, switchBack, switchToRelease, unpackRelease, versionDir, type LauncherRollback } from './versionedInstall';

/** The manifest a browser-shell release carries beside its tarball (electron-builder's `latest*.yml` shape). */
export const BROWSER_SHELL_MANIFEST = 'latest-browser-shell.yml';

export interface VersionedInstallerOptions {
  /** The install root (`versions/`, `current`, `install.json`). */
  readonly root: string;
  /** Stops the core so the shell exits and the launcher starts `current` (the core's EXIT_RESTART). */
  readonly requestRestart: (reason: string) => void;
  readonly fetch?: typeof fetch;
  readonly now?: () => Date;
  readonly log: (event: string, detail: string) => void;
}

/** The browser shell's installer with what the module needs beside the shell port. */
export interface VersionedInstaller extends AppInstaller {
  /** The running version's folder, kept as the way back from the next release. */
  runningInstall(): KeptInstaller | undefined;
  /** The launcher's crash-loop rollback of `version`, if it did one the core has not reported. */
  launcherRollback(version: string): LauncherRollback | undefined;
  /** The rollback is in the core's durable state: the install root forgets it. */
  rollbackReported(version: string): void;
}

export function versionedInstaller(options: VersionedInstallerOptions): VersionedInstaller {
  const fetchImpl = options.fetch ?? fetch;
  const now = options.now ?? (() => new Date());
  let answers: AppInstallerAnswers | undefined;
  let keyring: (() => Keyring) | undefined;
  let busy: string | undefined;

  const fetchBytes = async (url: string): Promise<{ kind: 'bytes'; bytes: Buffer } | { kind: 'missing' } | { kind: 'failed'; detail: string }> => {
    try {
      const response = await fetchImpl(url, { signal: AbortSignal.timeout(30 * 60_000) });
      if (response.status === 404) return { kind: 'missing' };
      if (!response.ok) return { kind: 'failed', detail: `${url} answered ${response.status}` };
      return { kind: 'bytes', bytes: Buffer.from(await response.arrayBuffer()) };
    } catch (e) {
      return { kind: 'failed', detail: `${url}: ${(e as Error).message}` };
    }
  };

  const fetchVerifyUnpack = async (release: OfferedRelease): Promise<{ ok: true; dir: string } | { ok: false; reason: AppRefusalReason | 'downloadFailed'; detail: string }> => {
    const file = release.files[0]!;
    const name = path.basename(file.url);
    if (release.files.length !== 1 || !name.endsWith('.tar.gz')) return { ok: false, reason: 'invalidManifest', detail: `a browser-shell manifest names one .tar.gz, not ${release.files.map((f) => f.url).join(', ')}` };
    const url = new URL(file.url, release.feedUrl).toString();
    const [tarball, signature] = await Promise.all([fetchBytes(url), fetchBytes(`${url}.sig`)]);
    if (tarball.kind === 'failed') return { ok: false, reason: 'downloadFailed', detail: tarball.detail };
    if (signature.kind === 'failed') return { ok: false, reason: 'downloadFailed', detail: signature.detail };
    if (tarball.kind === 'missing') return { ok: false, reason: 'downloadFailed', detail: `${url} is not served` };
    // The whole body arrived (fetch fails on a short read): a digest that differs is not a network fault.
    const sha512 = crypto.createHash('sha512').update(tarball.bytes).digest('base64');
    if (sha512 !== file.sha512) return { ok: false, reason: 'digestMismatch', detail: `${name} has sha512 ${sha512.slice(0, 16)}…, the signed manifest names ${file.sha512.slice(0, 16)}…` };
    const verified = verifyReleaseFile(name, tarball.bytes, signature.kind === 'bytes' ? signature.bytes.toString('utf8') : undefined, keyring!());
    if (!verified.ok) return { ok: false, reason: verified.error.code, detail: `${name}: ${verified.error.detail}` };
    try {
      const downloads = path.join(options.root, 'downloads');
      fs.mkdirSync(downloads, { recursive: true, mode: 0o755 });
      const kept = path.join(downloads, name);
      writeFileAtomic(kept, tarball.bytes, { mode: 0o644 });
      try {
        return { ok: true, dir: unpackRelease(options.root, release.version, kept) };
      } finally {
        fs.rmSync(kept, { force: true });
      }
    } catch (e) {
      // A full disk or a failed unpack: nothing was switched; offered again on a later pass.
      return { ok: false, reason: 'downloadFailed', detail: `unpacking ${name}: ${(e as Error).message}` };
    }
  };

  return {
    connect(a: AppInstallerAnswers, context: InstallerContext) {
      answers = a;
      keyring = context.keyring;
    },
    download(release) {
      if (busy !== undefined) return;
      busy = release.version;
      options.log('browserShell.download', release.version);
      void fetchVerifyUnpack(release)
        .then((outcome) => {
          if (outcome.ok) answers?.downloaded(release.version, outcome.dir);
          else answers?.downloadFailed(release.version, outcome.reason, outcome.detail);
        })
        .finally(() => {
          busy = undefined;
        });
    },
    install(version) {
      try {
        switchToRelease(options.root, version, now());
        options.log('browserShell.switched', `current → ${version}; restarting into it`);
      } catch (e) {
        // Restarted all the same: the previous version boots, and the core reports the install as
        // `rolledBack: installFailed` — the rollout learns it instead of waiting for a stuck kiosk.
        options.log('browserShell.switchFailed', `${version}: ${(e as Error).message}`);
      }
      options.requestRestart(`app release ${version} installed`);
    },
    rollBack(kept) {
      switchBack(options.root, kept.version);
      options.log('browserShell.switchedBack', `current → ${kept.version}; restarting into it`);
      options.requestRestart(`back to app release ${kept.version}`);
    },
    committed(version) {
      const { pruned } = markHealthy(options.root, version);
      if (pruned.length > 0) options.log('browserShell.pruned', pruned.join(', '));
    },
    runningInstall() {
      const version = currentVersion(options.root);
      return version === undefined ? undefined : { version, path: versionDir(options.root, version), keptAt: now().toISOString() };
    },
    launcherRollback(version) {
      return readInstallState(options.root).rolledBack.find((r) => r.version === version);
    },
    rollbackReported(version) {
      forgetRollback(options.root, version);
    },
  };
}
