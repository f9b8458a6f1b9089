// The app update's durable state (docs/shell-and-server.md, "Updates"): the installers kept so a
// watchdog or a technician can go back, the release on trial after an install (boots counted,
// health baseline), versions that failed (never offered again: a fix is a new version), and the
// results waiting for the outbox. Pure transitions here; AppUpdateStore writes them atomically.
import { z } from 'zod';
import { AppUpdateResultPayload, type AppRefusalReason, type AppRollbackReason } from '../../../src-common/wire/appUpdateEvents';
import { HealthBaseline } from '../fleet/fleetState';

export const KeptInstaller = z.object({
  version: z.string(),
  /** Absolute path of the installer file, kept under the data directory's updates/installers/. */
  path: z.string(),
  keptAt: z.string(),
});
export type KeptInstaller = z.infer<typeof KeptInstaller>;

/** A release installed and on probation until the health gate passes. */
export const AppTrial = z.object({
  version: z.string(),
  fromVersion: z.string(),
  /** Boots of the app under `version`, counted before the core's modules start. */
  boots: z.number().int().nonnegative(),
  maxBoots: z.number().int().positive(),
  gateSeconds: z.number().int().positive(),
  baseline: HealthBaseline,
  installedAt: z.string(),
});
export type AppTrial = z.infer<typeof AppTrial>;

export const AppUpdateState = z.object({
  /** Newest last; at most MAX_KEPT_INSTALLERS. */
  installers: z.array(KeptInstaller),
  trial: AppTrial.nullable(),
  /** Versions rolled back or refused here: never offered to the shell again. */
  failedVersions: z.array(z.string()),
  /** Results not yet in the outbox (written here first, so a crash cannot lose one). */
  unreported: z.array(AppUpdateResultPayload),
  lastResult: AppUpdateResultPayload.nullable(),
});
export type AppUpdateState = z.infer<typeof AppUpdateState>;

/** The installer of the running version and of the one before: enough to go back one version. */
export const MAX_KEPT_INSTALLERS = 3;

export function initialAppUpdateState(): AppUpdateState {
  return { installers: [], trial: null, failedVersions: [], unreported: [], lastResult: null };
}

/** When and under which id a result is recorded. */
export interface ResultStamp {
  readonly at: string;
  readonly resultId: string;
}

function withResult(state: AppUpdateState, result: AppUpdateResultPayload): AppUpdateState {
  const failed = result.outcome === 'applied' || state.failedVersions.includes(result.version) ? state.failedVersions : [...state.failedVersions, result.version];
  return { ...state, failedVersions: failed, unreported: [...state.unreported, result], lastResult: result };
}

/** A downloaded installer is kept; the oldest beyond the limit are forgotten (the caller deletes their files). */
export function keepInstaller(state: AppUpdateState, installer: KeptInstaller): { readonly state: AppUpdateState; readonly dropped: readonly KeptInstaller[] } {
  const others = state.installers.filter((i) => i.version !== installer.version);
  const all = [...others, installer];
  const dropped = all.slice(0, Math.max(0, all.length - MAX_KEPT_INSTALLERS));
  return { state: { ...state, installers: all.slice(dropped.length) }, dropped };
}

export function installerOf(state: AppUpdateState, version: string): KeptInstaller | undefined {
  return state.installers.find((i) => i.version === version);
}

/** Recorded right before the shell is told to install: the next boots are counted against it. */
export function beginTrial(state: AppUpdateState, trial: Omit<AppTrial, 'boots'>): AppUpdateState {
  return { ...state, trial: { ...trial, boots: 0 } };
}

export function recordRefusal(state: AppUpdateState, version: string, runningVersion: string, reason: AppRefusalReason, detail: string, stamp: ResultStamp): AppUpdateState {
  return withResult(state, { resultId: stamp.resultId, outcome: 'refused', reason, version, previousVersion: runningVersion, detail, at: stamp.at });
}

/** What a boot finds about the trial. */
export type BootVerdict =
  // no release on trial
  | { readonly kind: 'none' }
  // the new version runs, within its allowed boots: run the health gate
  | { readonly kind: 'gate'; readonly trial: AppTrial }
  // too many boots under the new version: go back (with the kept installer, if any)
  | { readonly kind: 'rollBack'; readonly reason: AppRollbackReason; readonly installer: KeptInstaller | undefined }
  // the previous version runs again: the install did not take, or was undone; the trial is closed
  | { readonly kind: 'closed'; readonly reason: AppRollbackReason };

/** Counts one boot of `runningVersion`. Called once per core start, before anything else. */
export function countAppBoot(state: AppUpdateState, runningVersion: string, stamp: ResultStamp): { readonly state: AppUpdateState; readonly verdict: BootVerdict } {
  const trial = state.trial;
  if (!trial) return { state, verdict: { kind: 'none' } };
  if (runningVersion !== trial.version) {
    // The old version (or another) runs: whatever undid the install, the release failed here.
    const last = state.lastResult;
    const rolledBackBefore = last?.outcome === 'rolledBack' && last.version === trial.version;
    const reason: AppRollbackReason = last?.outcome === 'rolledBack' && last.version === trial.version ? last.reason : 'installFailed';
    const closed = { ...state, trial: null };
    const next = rolledBackBefore ? closed : withResult(closed, { resultId: stamp.resultId, outcome: 'rolledBack', reason, version: trial.version, previousVersion: trial.fromVersion, detail: `after the install ${runningVersion} runs, not ${trial.version}`, at: stamp.at });
    return { state: next, verdict: { kind: 'closed', reason } };
  }
  const boots = trial.boots + 1;
  const last = state.lastResult;
  if (last?.outcome === 'rolledBack' && last.version === trial.version) {
    // Already failed (gate or crash loop) and still running: the way back did not happen yet; try again.
    return { state: { ...state, trial: { ...trial, boots } }, verdict: { kind: 'rollBack', reason: last.reason, installer: installerOf(state, trial.fromVersion) } };
  }
  if (boots > trial.maxBoots) {
    const next = withResult({ ...state, trial: { ...trial, boots } }, { resultId: stamp.resultId, outcome: 'rolledBack', reason: 'crashLoop', version: trial.version, previousVersion: trial.fromVersion, detail: `boot ${boots} under ${trial.version} (at most ${trial.maxBoots} allowed)`, at: stamp.at });
    return { state: next, verdict: { kind: 'rollBack', reason: 'crashLoop', installer: installerOf(state, trial.fromVersion) } };
  }
  const next = { ...state, trial: { ...trial, boots } };
  return { state: next, verdict: { kind: 'gate', trial: next.trial } };
}

/**
 * The browser shell's launcher switched back from `version` after a crash loop (before this core
 * could count a boot of it): recorded as `crashLoop`, once; the next boot count closes the trial.
 */
export function recordWatchdogRollback(state: AppUpdateState, version: string, detail: string, stamp: ResultStamp): AppUpdateState {
  const trial = state.trial;
  if (!trial || trial.version !== version) return state;
  const last = state.lastResult;
  if (last?.outcome === 'rolledBack' && last.version === version) return state;
  return withResult(state, { resultId: stamp.resultId, outcome: 'rolledBack', reason: 'crashLoop', version, previousVersion: trial.fromVersion, detail, at: stamp.at });
}

/** The health gate passed: the release is the running version for good. */
export function commitAppTrial(state: AppUpdateState, detail: string, stamp: ResultStamp): AppUpdateState {
  const trial = state.trial;
  if (!trial) return state;
  return withResult({ ...state, trial: null }, { resultId: stamp.resultId, outcome: 'applied', version: trial.version, previousVersion: trial.fromVersion, detail, at: stamp.at });
}

/**
 * The health gate failed: the result is recorded now (the trial stays open until the previous
 * version boots, which closes it without a second result).
 */
export function failAppTrial(state: AppUpdateState, detail: string, stamp: ResultStamp): { readonly state: AppUpdateState; readonly installer: KeptInstaller | undefined } {
  const trial = state.trial;
  if (!trial) return { state, installer: undefined };
  const next = withResult(state, { resultId: stamp.resultId, outcome: 'rolledBack', reason: 'healthGate', version: trial.version, previousVersion: trial.fromVersion, detail, at: stamp.at });
  return { state: next, installer: installerOf(state, trial.fromVersion) };
}

/** The results handed to the outbox are forgotten here. */
export function markReported(state: AppUpdateState, resultIds: readonly string[]): AppUpdateState {
  return { ...state, unreported: state.unreported.filter((r) => !resultIds.includes(r.resultId)) };
}

/** Whether a release may be offered to the shell: not the running one, not one that failed here. */
export function mayOffer(state: AppUpdateState, version: string, runningVersion: string): boolean {
  return version !== runningVersion && !state.failedVersions.includes(version) && state.trial === null;
}
