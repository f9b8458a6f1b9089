// The kiosk's side of app updates (docs/shell-and-server.md, "Updates"; ADR 0016). The core
// decides, the shell executes: the core fetches the update manifest of its channel and its
// detached signature from the platform, verifies it with the fleet keyring, offers the release to
// the shell only when the fleet's rollout names that version for this kiosk, waits for the safe
// point inside a maintenance window before telling the shell to install, counts the boots of the
// new version and runs the health gate after the restart, and reports every outcome through the
// outbox. Everything outside (HTTP, the shell, the outbox, the clock) is a port, so this is
// unit-tested without Electron, a platform or a restart.
import type { AppRefusalReason, AppUpdateResultPayload } from '../../../src-common/wire/appUpdateEvents';
import type { Result } from '../../../src-common/result';
import type { HealthBaseline } from '../fleet/fleetState';
import type { Keyring } from '../fleet/keyring';
import type { SafePointQuery, SafePointState } from '../fleet/SafePoint';
import { type AppUpdateState, beginTrial, commitAppTrial, countAppBoot, failAppTrial, keepInstaller, type KeptInstaller, markReported, mayOffer, recordRefusal, recordWatchdogRollback, type ResultStamp } from './appUpdateState';
import { parseReleaseManifest } from './releaseManifest';
import { verifyReleaseFile } from './releaseSignature';

/** A release the shell may download: what electron-updater must find (version, installer digests). */
export interface OfferedRelease {
  readonly version: string;
  readonly files: readonly { readonly url: string; readonly sha512: string }[];
  /** The generic provider's folder (the channel's URL, ending in `/`). */
  readonly feedUrl: string;
}

/** What the core asks of the shell (messages over the core channel under Electron). */
export interface AppShellPort {
  download(release: OfferedRelease): void;
  install(version: string): void;
  rollBack(installer: KeptInstaller): void;
  /** The release passed the health gate (the browser shell ends its trial and prunes old versions). */
  committed?(version: string): void;
}

export interface AppUpdaterDeps {
  readonly runningVersion: string;
  /** `latest-linux.yml`, `latest.yml`… (manifestFileName). */
  readonly manifestFile: string;
  /** The release folder of a version on the platform (`…/v1/releases/1.4.0/`, ending in `/`); undefined = this kiosk has no platform. */
  readonly feedUrl: (version: string) => string | undefined;
  /** GET of a file: its bytes, undefined for 404, or why it failed. */
  readonly fetchFile: (url: string) => Promise<Result<Uint8Array | undefined, string>>;
  readonly keyring: () => Keyring;
  /** The app version the fleet's rollout names for this kiosk; undefined = none (nothing installs). */
  readonly desiredVersion: () => string | undefined;
  readonly safePoint: { check(query?: SafePointQuery): SafePointState };
  readonly inMaintenanceWindow: () => boolean;
  readonly shell: AppShellPort;
  readonly store: { read(): AppUpdateState; write(state: AppUpdateState): void };
  /** Puts results in the outbox (one transaction); they are forgotten here only afterwards. */
  readonly report: (results: readonly AppUpdateResultPayload[]) => void;
  /** What is healthy now (the baseline the gate expects back after the restart). */
  readonly baseline: () => HealthBaseline;
  readonly gate: { readonly maxBoots: number; readonly gateSeconds: number };
  /** A download the shell has not answered within this long is offered again (default 3 h). */
  readonly downloadTimeoutMs?: number;
  readonly now: () => Date;
  readonly newResultId: () => string;
  readonly log: (event: string, detail: string) => void;
}

/** A slow village line downloads ~150 MB in well under this; a shell that never answers is asked again. */
export const DEFAULT_DOWNLOAD_TIMEOUT_MS = 3 * 3600_000;

/** Where the current release is in this process's life (the durable part is AppUpdateState). */
export type AppUpdatePhase =
  // nothing offered
  | { readonly kind: 'idle' }
  // offered to the shell at `since` (ms), which downloads it
  | { readonly kind: 'downloading'; readonly version: string; readonly since: number }
  // downloaded and kept: waiting for a safe point in a maintenance window
  | { readonly kind: 'downloaded'; readonly version: string }
  // the shell was told to install; the app is about to restart
  | { readonly kind: 'installing'; readonly version: string };

export class AppUpdater {
  private phase: AppUpdatePhase = { kind: 'idle' };
  /** The manifest version last seen that is not the desired one (logged once). */
  private waitingNote = '';

  constructor(private readonly deps: AppUpdaterDeps) {}

  current(): AppUpdatePhase {
    return this.phase;
  }

  private stamp(): ResultStamp {
    return { at: this.deps.now().toISOString(), resultId: this.deps.newResultId() };
  }

  private update(change: (state: AppUpdateState) => AppUpdateState): AppUpdateState {
    const next = change(this.deps.store.read());
    this.deps.store.write(next);
    return next;
  }

  /** Results written to the state reach the outbox, then leave the state. */
  flushResults(): void {
    const pending = this.deps.store.read().unreported;
    if (pending.length === 0) return;
    this.deps.report(pending);
    this.update((s) => markReported(s, pending.map((r) => r.resultId)));
  }

  /**
   * At each core start, before the modules: counts a boot of the version on trial. Returns the
   * trial when the health gate must run; rolls back by itself after too many boots.
   */
  boot(watchdog?: { readonly version: string; readonly detail: string }): { readonly gate: boolean } {
    // The launcher already went back (a crash loop before this core could count): recorded first, so the boot below closes the trial.
    if (watchdog) this.update((s) => recordWatchdogRollback(s, watchdog.version, watchdog.detail, this.stamp()));
    const counted = countAppBoot(this.deps.store.read(), this.deps.runningVersion, this.stamp());
    this.deps.store.write(counted.state);
    const verdict = counted.verdict;
    switch (verdict.kind) {
      case 'none':
        return { gate: false };
      case 'gate':
        this.deps.log('appUpdate.trialBoot', `${verdict.trial.version} boot ${verdict.trial.boots} of ${verdict.trial.maxBoots}`);
        return { gate: true };
      case 'rollBack':
        this.goBack(verdict.installer, verdict.reason);
        return { gate: false };
      case 'closed':
        this.deps.log('appUpdate.trialClosed', `the previous version runs again (${verdict.reason})`);
        return { gate: false };
      default: {
        const never: never = verdict;
        return never;
      }
    }
  }

  /** The health gate's verdict after the restart. */
  gateDecided(verdict: { readonly healthy: true } | { readonly healthy: false; readonly failing: readonly string[] }): void {
    if (verdict.healthy) {
      this.update((s) => commitAppTrial(s, `healthy within the gate after ${s.trial?.boots ?? 0} boot(s)`, this.stamp()));
      this.deps.log('appUpdate.applied', this.deps.runningVersion);
      this.deps.shell.committed?.(this.deps.runningVersion);
      // The result goes to the outbox now, not at the next pass: the rollout is waiting for it.
      this.flushResults();
      return;
    }
    let installer: KeptInstaller | undefined;
    this.update((s) => {
      const failed = failAppTrial(s, `health gate failed: ${verdict.failing.join('; ')}`, this.stamp());
      installer = failed.installer;
      return failed.state;
    });
    this.flushResults();
    this.goBack(installer, 'healthGate');
  }

  private goBack(installer: KeptInstaller | undefined, reason: string): void {
    if (!installer) {
      // Nothing kept (the running version was installed by hand): a technician reinstalls; the result says so.
      this.deps.log('appUpdate.noInstallerToGoBack', `${reason}: no kept installer of the previous version; a technician must reinstall it`);
      return;
    }
    this.deps.log('appUpdate.rollBack', `${reason}: installing ${installer.version} again from ${installer.path}`);
    this.deps.shell.rollBack(installer);
  }

  /** One pass: report, then fetch/verify/offer, or install at the safe point. */
  async tick(): Promise<void> {
    this.flushResults();
    const state = this.deps.store.read();
    if (state.trial) return;
    const desired = this.deps.desiredVersion();
    if (this.phase.kind === 'downloading' && this.deps.now().getTime() - this.phase.since > (this.deps.downloadTimeoutMs ?? DEFAULT_DOWNLOAD_TIMEOUT_MS)) {
      // The shell never answered (it crashed mid-download, or has no updater): offer it again.
      this.deps.log('appUpdate.downloadTimedOut', this.phase.version);
      this.phase = { kind: 'idle' };
    }
    if (this.phase.kind === 'idle') {
      const feedUrl = desired === undefined ? undefined : this.deps.feedUrl(desired);
      if (desired === undefined || !mayOffer(state, desired, this.deps.runningVersion) || feedUrl === undefined) return;
      await this.offer(desired, feedUrl);
      return;
    }
    if (this.phase.kind === 'downloaded') {
      // A rollout cancelled or aborted meanwhile: the fleet no longer names it, so it does not install.
      if (desired !== this.phase.version) {
        this.deps.log('appUpdate.notDesired', `${this.phase.version} is no longer this kiosk's desired version`);
        this.phase = { kind: 'idle' };
        return;
      }
      const safe = this.deps.safePoint.check({ inMaintenanceWindow: this.deps.inMaintenanceWindow });
      if (!safe.safe) return;
      const version = this.phase.version;
      this.update((s) => beginTrial(s, { version, fromVersion: this.deps.runningVersion, maxBoots: this.deps.gate.maxBoots, gateSeconds: this.deps.gate.gateSeconds, baseline: this.deps.baseline(), installedAt: this.deps.now().toISOString() }));
      this.phase = { kind: 'installing', version };
      this.deps.log('appUpdate.install', version);
      this.deps.shell.install(version);
    }
  }

  private async offer(desired: string, feedUrl: string): Promise<void> {
    const file = this.deps.manifestFile;
    const [manifest, signature] = await Promise.all([this.deps.fetchFile(`${feedUrl}${file}`), this.deps.fetchFile(`${feedUrl}${file}.sig`)]);
    if (!manifest.ok || !signature.ok) {
      this.deps.log('appUpdate.fetchFailed', !manifest.ok ? manifest.error : signature.ok ? '' : signature.error);
      return;
    }
    if (manifest.value === undefined) return;
    const verified = verifyReleaseFile(file, manifest.value, signature.value === undefined ? undefined : Buffer.from(signature.value).toString('utf8'), this.deps.keyring());
    if (!verified.ok) {
      this.refuse(desired, verified.error.code, verified.error.detail);
      return;
    }
    const parsed = parseReleaseManifest(Buffer.from(manifest.value).toString('utf8'));
    if (!parsed.ok) {
      this.refuse(desired, 'invalidManifest', parsed.error);
      return;
    }
    if (parsed.value.version !== desired) {
      // The channel does not carry the desired version (yet): nothing to do, nothing failed.
      const note = `${feedUrl}${file} names ${parsed.value.version}, the fleet wants ${desired}`;
      if (note !== this.waitingNote) this.deps.log('appUpdate.waiting', note);
      this.waitingNote = note;
      return;
    }
    this.phase = { kind: 'downloading', version: desired, since: this.deps.now().getTime() };
    this.deps.log('appUpdate.download', `${desired} (signed by ${verified.value.keyId})`);
    this.deps.shell.download({ version: desired, files: parsed.value.files.map((f) => ({ url: f.url, sha512: f.sha512 })), feedUrl });
  }

  private refuse(version: string, reason: Parameters<typeof recordRefusal>[3], detail: string): void {
    this.deps.log('appUpdate.refused', `${version}: ${reason}: ${detail}`);
    this.update((s) => recordRefusal(s, version, this.deps.runningVersion, reason, detail, this.stamp()));
    this.flushResults();
  }

  /** Keeps an installer the shell already has (the browser shell's running version folder). */
  keep(installer: KeptInstaller): void {
    this.update((s) => keepInstaller(s, installer).state);
  }

  /** The shell downloaded the offered release (electron-updater checked its sha512) and kept the installer. */
  downloaded(version: string, installerPath: string): void {
    if (this.phase.kind !== 'downloading' || this.phase.version !== version) return;
    this.update((s) => keepInstaller(s, { version, path: installerPath, keptAt: this.deps.now().toISOString() }).state);
    this.phase = { kind: 'downloaded', version };
  }

  /**
   * The shell could not download it (tried again later), or refuses it: another release than the
   * signed one, an install that cannot update unattended, a tarball whose digest or signature fails.
   */
  downloadFailed(version: string, reason: AppRefusalReason | 'downloadFailed', detail: string): void {
    if (this.phase.kind !== 'downloading' || this.phase.version !== version) return;
    this.phase = { kind: 'idle' };
    if (reason === 'downloadFailed') {
      // A network failure is not the release's fault: it is offered again on a later pass.
      this.deps.log('appUpdate.downloadFailed', `${version}: ${detail}`);
      return;
    }
    this.refuse(version, reason, detail);
  }
}
