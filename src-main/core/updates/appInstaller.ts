// The shell's side of app updates as the core sees it (ADR 0016, ADR 0020): the steps an installer
// executes on the core's word, and its answers about a download. Electron's installer relays them
// over the core channel; the browser shell's versioned installer runs in the core itself.
import type { AppRefusalReason } from '../../../src-common/wire/appUpdateEvents';
import type { Keyring } from '../fleet/keyring';
import type { AppShellPort } from './AppUpdater';

/** What the shell answers about a download (the Electron main's `appUpdateDownloaded` / `appUpdateDownloadFailed`). */
export interface AppInstallerAnswers {
  downloaded(version: string, installerPath: string): void;
  downloadFailed(version: string, reason: AppRefusalReason | 'downloadFailed', detail: string): void;
}

/** What the core lends an installer that checks downloads itself (the browser shell's tarball signature). */
export interface InstallerContext {
  readonly keyring: () => Keyring;
}

/** A shell that can install releases: it executes the core's steps and answers downloads. */
export interface AppInstaller extends AppShellPort {
  connect(answers: AppInstallerAnswers, context: InstallerContext): void;
}
