// App updates as a core module (docs/shell-and-server.md, "Updates"; ADR 0016): creates the
// AppUpdater over the fleet (the release the rollout names, the keyring, the safe point and
// maintenance windows), the platform's release folders, a durable state file and the outbox, and
// the shell's installer. Under Electron the shell installs; the browser shell started by its
// launcher installs into its versioned install root (ADR 0020, versionedInstaller.ts); a browser
// shell without one refuses a release named for it as `unsupportedInstall` and reports it — the
// rollout sees the failure instead of waiting for a kiosk that never updates.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { APP_UPDATE_RESULT_KIND, APP_UPDATE_STREAM_KEY } from '../../../src-common/wire/appUpdateEvents';
import { err, ok, type Result } from '../../../src-common/result';
import { defineModule, type CoreModule, type ModuleContext } from '../composition/CoreModule';
import { serviceId, type Resolved } from '../composition/serviceId';
import { writeFileAtomic } from '../fleet/atomicFile';
import { FleetServiceId, SafePointId } from '../fleet/fleetServices';
import { watchHealthGate, type HealthReading } from '../fleet/healthGate';
import { inMaintenanceWindow } from '../fleet/openingHours';
import { realTimers, type SafePointTimers } from '../fleet/SafePoint';
import { KioskIdentityId, OutboxId } from '../storage/storageServices';
import { APP_VERSION } from '../version';
import { AppUpdateState, initialAppUpdateState, installerOf } from './appUpdateState';
import type { AppInstaller, AppInstallerAnswers } from './appInstaller';
import { AppUpdater } from './AppUpdater';
import { manifestFileName } from './releaseManifest';
import type { VersionedInstaller } from './versionedInstaller';

export type { AppInstaller, AppInstallerAnswers, InstallerContext } from './appInstaller';

export interface AppUpdateModuleOptions {
  /** The shell's installer (Electron, or the browser shell's versioned install); absent = a browser shell without an install root, which refuses releases. */
  readonly installer?: AppInstaller | VersionedInstaller;
  /** The update manifest this kiosk reads (default: electron-builder's for this platform; the browser shell's `latest-browser-shell.yml`). */
  readonly manifestFile?: string;
  /** The version this core runs (tests start "old" cores); default APP_VERSION. */
  readonly runningVersion?: string;
  /** How often the updater looks for a release and a safe point (ms). */
  readonly pollMs?: number;
  readonly timers?: SafePointTimers;
  readonly fetch?: typeof fetch;
}

/** Boots allowed under a new version before it rolls back by itself, and the gate's time after the restart. */
const APP_GATE = { maxBoots: 3, gateSeconds: 60 } as const;

const STATE_FILE = path.join('updates', 'app-update.json');

/** The app updater, for tests and the technician's view. */
export const AppUpdaterId = serviceId<AppUpdater>('appUpdater');

const required = { fleet: FleetServiceId, safePoint: SafePointId, outbox: OutboxId, identity: KioskIdentityId };
type AppUpdateDeps = Resolved<typeof required>;

export function createAppUpdateModule(options: AppUpdateModuleOptions = {}): CoreModule {
  return defineModule({
    name: 'appUpdates',
    requires: required,
    provides: { appUpdater: AppUpdaterId },
    start: (ctx, deps) => startAppUpdates(ctx, deps, options),
  });
}

export const appUpdateModule: CoreModule = createAppUpdateModule();

/** The browser shell's answer to every offer: it cannot install, and says so (reported as a refusal). */
export function browserShellInstaller(): AppInstaller {
  let answers: AppInstallerAnswers | undefined;
  const refuse = (version: string) =>
    queueMicrotask(() => answers?.downloadFailed(version, 'unsupportedInstall', 'this kiosk runs the browser shell without an install root (site config `installRoot`, started by `budayang launch`), so it cannot install app releases by itself; a technician installs the release'));
  return {
    connect: (a) => void (answers = a),
    download: (release) => refuse(release.version),
    install: (version) => refuse(version),
    rollBack: () => undefined,
  };
}

function readState(file: string): { readonly state: AppUpdateState; readonly problem?: string } {
  if (!fs.existsSync(file)) return { state: initialAppUpdateState() };
  try {
    const parsed = AppUpdateState.safeParse(JSON.parse(fs.readFileSync(file, 'utf8')));
    if (parsed.success) return { state: parsed.data };
    return { state: initialAppUpdateState(), problem: `unreadable app update state, started afresh: ${parsed.error.issues[0]?.message ?? 'invalid'}` };
  } catch (e) {
    return { state: initialAppUpdateState(), problem: `unreadable app update state, started afresh: ${(e as Error).message}` };
  }
}

function startAppUpdates(ctx: ModuleContext, deps: AppUpdateDeps, options: AppUpdateModuleOptions): { appUpdater: AppUpdater } {
  const { fleet, safePoint, outbox, identity } = deps;
  const log = ctx.log.child('appUpdates');
  const timers = options.timers ?? realTimers;
  const pollMs = options.pollMs ?? 5_000;
  const fetchImpl = options.fetch ?? fetch;
  const stateFile = path.join(ctx.dataDir, STATE_FILE);
  fs.mkdirSync(path.dirname(stateFile), { recursive: true });
  const initial = readState(stateFile);
  if (initial.problem) log.error('appUpdate.state_reset', { detail: initial.problem });
  let state = initial.state;
  const installer = options.installer ?? browserShellInstaller();
  if (!options.installer) log.info('appUpdate.no_installer', { detail: 'browser shell without an install root: releases named for this kiosk are refused as unsupportedInstall' });
  const versioned = options.installer && 'runningInstall' in options.installer ? options.installer : undefined;

  const health = (): HealthReading => {
    const current = ctx.capabilities.current();
    return { services: current.services, platformOnline: current.capabilities.some((c) => c.capability === 'platformOnline' && c.available) };
  };
  const fetchFile = async (url: string): Promise<Result<Uint8Array | undefined, string>> => {
    try {
      const response = await fetchImpl(url, { signal: AbortSignal.timeout(30_000) });
      if (response.status === 404) return ok(undefined);
      if (!response.ok) return err(`${url} answered ${response.status}`);
      return ok(new Uint8Array(await response.arrayBuffer()));
    } catch (e) {
      return err(`${url}: ${(e as Error).message}`);
    }
  };

  const updater = new AppUpdater({
    runningVersion: options.runningVersion ?? APP_VERSION,
    manifestFile: options.manifestFile ?? manifestFileName(process.platform, process.arch),
    feedUrl: (version) => {
      const platformUrl = identity.registration()?.platformUrl;
      return platformUrl === undefined ? undefined : new URL(`/v1/releases/${encodeURIComponent(version)}/`, platformUrl).toString();
    },
    fetchFile,
    keyring: () => fleet.keyring(),
    desiredVersion: () => fleet.desiredAppVersion(),
    safePoint,
    inMaintenanceWindow: () => inMaintenanceWindow(ctx.config.maintenanceWindows, fleet.now()),
    shell: installer,
    store: {
      read: () => state,
      write: (next) => {
        writeFileAtomic(stateFile, JSON.stringify(next));
        state = next;
      },
    },
    report: (results) => {
      for (const result of results) {
        const enqueued = outbox.enqueue({ streamKey: APP_UPDATE_STREAM_KEY, kind: APP_UPDATE_RESULT_KIND, payload: result });
        // Kept in the state file and tried again on the next pass: a result is never dropped.
        if (!enqueued.ok) throw new Error(`app update result ${result.resultId} not queued: ${enqueued.error.kind}`);
      }
    },
    baseline: () => {
      const reading = health();
      return { availableServices: reading.services.filter((s) => s.available).map((s) => s.service), platformOnline: reading.platformOnline };
    },
    gate: APP_GATE,
    now: () => new Date(fleet.now()),
    newResultId: () => `app-${crypto.randomUUID()}`,
    log: (event, detail) => log.info(event, { detail }),
  });
  // The shell answers on its own schedule (a microtask, an IPC message): a failure to queue the
  // result is logged, and the result, still in the state file, is queued on the next pass.
  const guarded = (what: string, step: () => void) => {
    try {
      step();
    } catch (e) {
      log.error('appUpdate.answer_error', { detail: what, error: e });
    }
  };
  installer.connect(
    {
      downloaded: (version, installerPath) => guarded(`downloaded ${version}`, () => updater.downloaded(version, installerPath)),
      downloadFailed: (version, reason, detail) => guarded(`download of ${version} failed`, () => updater.downloadFailed(version, reason, detail)),
    },
    { keyring: () => fleet.keyring() },
  );

  // The browser shell keeps the running version's folder: the way back from the next release.
  const running = versioned?.runningInstall();
  if (running && !installerOf(state, running.version)) updater.keep(running);
  // Boots of a version on trial are counted before anything else; the gate then watches health.
  // A crash loop the launcher already undid (this core never got to count it) is recorded first.
  const lifetime = new AbortController();
  const undone = state.trial ? versioned?.launcherRollback(state.trial.version) : undefined;
  const booted = updater.boot(undone ? { version: undone.version, detail: undone.detail } : undefined);
  if (undone) versioned?.rollbackReported(undone.version);
  if (booted.gate && state.trial) {
    const trial = state.trial;
    void watchHealthGate({ baseline: trial.baseline, enabled: ctx.config.services, read: health, deadlineMs: fleet.now() + trial.gateSeconds * 1000, now: () => fleet.now(), pollMs: Math.min(pollMs, 1_000), timers, signal: lifetime.signal }).then((verdict) => {
      if (!lifetime.signal.aborted) guarded('the health gate', () => updater.gateDecided(verdict));
    });
  }

  let stopped = false;
  let loopTimer: unknown;
  let ticking: Promise<void> | undefined;
  const tick = () => {
    ticking ??= updater
      .tick()
      .catch((e: unknown) => log.error('appUpdate.loop_error', { error: e }))
      .finally(() => {
        ticking = undefined;
      });
    return ticking;
  };
  const schedule = () => {
    if (stopped) return;
    loopTimer = timers.setTimeout(() => void tick().then(schedule), pollMs);
  };
  schedule();
  ctx.onStop(async () => {
    stopped = true;
    lifetime.abort();
    timers.clearTimeout(loopTimer);
    await ticking;
  });
  return { appUpdater: updater };
}
