// The browser shell's versioned install directories (docs/shell-and-server.md, "Browser-shell
// updates"; ADR 0020): `<root>/versions/<version>/` per unpacked release, `<root>/current` a
// symlink to the one that runs, switched by renaming a temporary symlink over it (atomic), and two
// small files beside it: `install.json` (the release on trial and the one it came from, and what
// the launcher rolled back) and `boot-attempts.json` (the launcher's starts of the version on
// trial, written before each start). Every step is a rename of something complete, so a kill -9
// at any instant leaves either the old state or the new one; `recoverInstall` finishes or undoes
// what a killed step left behind. Plain fs: used by the core (unpack, switch, healthy) and by the
// launcher (`budayang launch`: count starts, roll back a crash loop).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { fsyncDirectory, writeFileAtomic } from '../fleet/atomicFile';

export const VERSIONS_DIR = 'versions';
export const CURRENT_LINK = 'current';
export const INSTALL_STATE_FILE = 'install.json';
export const BOOT_ATTEMPTS_FILE = 'boot-attempts.json';
/** Written at the root of every release; its `version` must match the folder it is unpacked into. */
export const RELEASE_INFO_NAME = 'release.json';

/** A version as a folder name: a semantic version, never a path. */
const VERSION_PATTERN = /^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/;

const RolledBack = z.object({
  version: z.string(),
  /** The version `current` points to again. */
  to: z.string(),
  reason: z.literal('crashLoop'),
  detail: z.string(),
  at: z.string(),
});
export type LauncherRollback = z.infer<typeof RolledBack>;

export const InstallState = z.object({
  /** The release switched to and not yet healthy; null = nothing on trial. */
  trial: z.object({ version: z.string(), fromVersion: z.string(), switchedAt: z.string() }).nullable(),
  /** Rollbacks the launcher did, newest last (the core reports each as `crashLoop`; at most 10 kept). */
  rolledBack: z.array(RolledBack),
});
export type InstallState = z.infer<typeof InstallState>;

const BootAttempts = z.object({ version: z.string(), starts: z.array(z.number()) });
type BootAttempts = z.infer<typeof BootAttempts>;

/** A crash loop: more than `maxStarts` starts within `windowMs` without the release reaching healthy. */
export interface CrashLoopPolicy {
  readonly maxStarts: number;
  readonly windowMs: number;
}

/** Three starts in five minutes: a core that dies at start is back on the previous version within a minute (launcher backoff). */
export const DEFAULT_CRASH_LOOP_POLICY: CrashLoopPolicy = { maxStarts: 3, windowMs: 5 * 60_000 };

/** How many version folders stay: the running one, the previous (the way back) and one more. */
export const KEEP_VERSIONS = 3;

/** Fault tests only: called after each durable step of a switch or an unpack (a kill lands between two). */
export type InstallStep = 'trialRecorded' | 'linkCreated' | 'linkSwitched' | 'attemptsReset' | 'unpacked' | 'stagedRenamed';

export interface InstallOptions {
  readonly onStep?: (step: InstallStep) => void;
}

function assertVersion(version: string): void {
  if (!VERSION_PATTERN.test(version)) throw new Error(`not a release version: ${JSON.stringify(version)}`);
}

export function versionDir(root: string, version: string): string {
  assertVersion(version);
  return path.join(root, VERSIONS_DIR, version);
}

/** The version `current` points to, or undefined when nothing is installed yet. */
export function currentVersion(root: string): string | undefined {
  try {
    return path.basename(fs.readlinkSync(path.join(root, CURRENT_LINK)));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}

export function readInstallState(root: string): InstallState {
  const file = path.join(root, INSTALL_STATE_FILE);
  if (!fs.existsSync(file)) return { trial: null, rolledBack: [] };
  const parsed = InstallState.safeParse(JSON.parse(fs.readFileSync(file, 'utf8')));
  if (!parsed.success) throw new Error(`${file} is not an install state: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  return parsed.data;
}

function writeInstallState(root: string, state: InstallState): void {
  writeFileAtomic(path.join(root, INSTALL_STATE_FILE), `${JSON.stringify(state, null, 2)}\n`, { mode: 0o644 });
}

function readAttempts(root: string): BootAttempts | undefined {
  const file = path.join(root, BOOT_ATTEMPTS_FILE);
  if (!fs.existsSync(file)) return undefined;
  const parsed = BootAttempts.safeParse(JSON.parse(fs.readFileSync(file, 'utf8')));
  // A torn or foreign file cannot happen with atomic writes; if it does, counting starts afresh.
  return parsed.success ? parsed.data : undefined;
}

function resetAttempts(root: string): void {
  fs.rmSync(path.join(root, BOOT_ATTEMPTS_FILE), { force: true });
  fsyncDirectory(root);
}

/** Points `current` at `version` by renaming a fresh symlink over it (readers see the old or the new target). */
function pointCurrentAt(root: string, version: string, options: InstallOptions): void {
  const tmp = path.join(root, `.${CURRENT_LINK}.${process.pid}.tmp`);
  fs.rmSync(tmp, { force: true });
  // Relative: the install root may be moved or mounted elsewhere.
  fs.symlinkSync(path.join(VERSIONS_DIR, version), tmp);
  options.onStep?.('linkCreated');
  fs.renameSync(tmp, path.join(root, CURRENT_LINK));
  fsyncDirectory(root);
  options.onStep?.('linkSwitched');
}

/**
 * Unpacks a verified release tarball into `versions/<version>/`: first into a staging folder, then
 * a rename, so a half-unpacked release never carries a version's name. The tarball's
 * `release.json` must name `version`. Never replaces the running version's folder.
 */
export function unpackRelease(root: string, version: string, tarball: string, options: InstallOptions = {}): string {
  const target = versionDir(root, version);
  if (currentVersion(root) === version) return target;
  const versions = path.join(root, VERSIONS_DIR);
  fs.mkdirSync(versions, { recursive: true, mode: 0o755 });
  const staging = fs.mkdtempSync(path.join(versions, `.staging-${version}-`));
  try {
    // Readable by the kiosk account when root installs it (mkdtemp makes 0700).
    fs.chmodSync(staging, 0o755);
    // GNU tar: members with `..` or an absolute path are refused by default; no owners from the archive.
    const tar = spawnSync('tar', ['-xzf', tarball, '-C', staging, '--no-same-owner', '--no-same-permissions'], { encoding: 'utf8' });
    if (tar.error) throw new Error(`tar could not run: ${tar.error.message}`);
    if (tar.status !== 0) throw new Error(`tar failed (${tar.status}): ${tar.stderr.trim().split('\n')[0] ?? ''}`);
    const info = readReleaseInfo(staging);
    if (info.version !== version) throw new Error(`the tarball's ${RELEASE_INFO_NAME} names ${info.version}, not ${version}`);
    options.onStep?.('unpacked');
    // The archive's folder time is the commit's; pruning goes by the time of unpacking.
    const now = new Date();
    fs.utimesSync(staging, now, now);
    fs.rmSync(target, { recursive: true, force: true });
    fs.renameSync(staging, target);
    fsyncDirectory(versions);
    options.onStep?.('stagedRenamed');
    return target;
  } catch (e) {
    fs.rmSync(staging, { recursive: true, force: true });
    throw e;
  }
}

/** The `release.json` of an unpacked release. */
export function readReleaseInfo(dir: string): { readonly version: string; readonly kind: string } {
  const file = path.join(dir, RELEASE_INFO_NAME);
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw new Error(`no readable ${RELEASE_INFO_NAME} in the release: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  const parsed = z.object({ version: z.string(), kind: z.string() }).passthrough().safeParse(raw);
  if (!parsed.success) throw new Error(`${RELEASE_INFO_NAME} names no version`);
  return parsed.data;
}

/** A first install (a technician, `budayang install-release`): `current` points at it, nothing is on trial. */
export function activateFirstVersion(root: string, version: string, options: InstallOptions = {}): void {
  if (!fs.existsSync(versionDir(root, version))) throw new Error(`${versionDir(root, version)} does not exist`);
  pointCurrentAt(root, version, options);
}

/**
 * Switches `current` to an unpacked release and puts it on trial: the trial is recorded first (so
 * a kill after it rolls the switch forward at the next start), then the symlink, then the boot
 * attempts are reset.
 */
export function switchToRelease(root: string, version: string, now: Date, options: InstallOptions = {}): void {
  if (!fs.existsSync(versionDir(root, version))) throw new Error(`${version} is not unpacked under ${path.join(root, VERSIONS_DIR)}`);
  const from = currentVersion(root);
  if (from === undefined) throw new Error(`nothing is installed at ${root} (no ${CURRENT_LINK}): install the first version by hand`);
  if (from === version) return;
  writeInstallState(root, { ...readInstallState(root), trial: { version, fromVersion: from, switchedAt: now.toISOString() } });
  options.onStep?.('trialRecorded');
  pointCurrentAt(root, version, options);
  resetAttempts(root);
  options.onStep?.('attemptsReset');
}

/** Goes back to `version` (the core's health gate failed): no trial, `current` at it. */
export function switchBack(root: string, version: string, options: InstallOptions = {}): void {
  if (!fs.existsSync(versionDir(root, version))) throw new Error(`${version} is not kept under ${path.join(root, VERSIONS_DIR)}`);
  writeInstallState(root, { ...readInstallState(root), trial: null });
  pointCurrentAt(root, version, options);
  resetAttempts(root);
}

/**
 * Finishes what a killed step left: temporaries removed; a trial recorded whose switch did not
 * happen is switched now (the install was decided at a safe point; no start has happened since);
 * a trial whose folder vanished is dropped. Run by the launcher before each start.
 */
export function recoverInstall(root: string): { readonly notes: readonly string[] } {
  const notes: string[] = [];
  for (const name of fs.existsSync(root) ? fs.readdirSync(root) : []) {
    if (name.startsWith('.') && name.endsWith('.tmp')) fs.rmSync(path.join(root, name), { force: true });
  }
  const versions = path.join(root, VERSIONS_DIR);
  for (const name of fs.existsSync(versions) ? fs.readdirSync(versions) : []) {
    if (!name.startsWith('.staging-')) continue;
    fs.rmSync(path.join(versions, name), { recursive: true, force: true });
    notes.push(`removed the half-unpacked ${name}`);
  }
  const state = readInstallState(root);
  const undone = state.rolledBack.at(-1);
  if (undone && currentVersion(root) === undone.version && fs.existsSync(versionDir(root, undone.to))) {
    pointCurrentAt(root, undone.to, {});
    resetAttempts(root);
    notes.push(`finished the rollback of ${undone.version} to ${undone.to}`);
  }
  const trial = state.trial;
  if (trial && currentVersion(root) !== trial.version) {
    if (currentVersion(root) === trial.fromVersion && fs.existsSync(versionDir(root, trial.version))) {
      pointCurrentAt(root, trial.version, {});
      resetAttempts(root);
      notes.push(`finished the switch to ${trial.version}`);
    } else {
      writeInstallState(root, { ...state, trial: null });
      notes.push(`dropped the trial of ${trial.version}: ${CURRENT_LINK} is ${currentVersion(root) ?? 'missing'}`);
    }
  }
  return { notes };
}

/** What the launcher starts. */
export type StartDecision =
  // start `current` (this version); `attempt` counts starts of a version on trial (0 = not on trial)
  | { readonly kind: 'start'; readonly version: string; readonly attempt: number }
  // the version on trial crash-looped: `current` is back at `to`; start that
  | { readonly kind: 'rolledBack'; readonly rollback: LauncherRollback }
  // nothing installed
  | { readonly kind: 'nothingInstalled' };

/**
 * Called by the launcher right before each start: counts the start of a version on trial (written
 * before the start, so a crash cannot lose it) and, past the policy, switches `current` back to the
 * previous version by itself and records the rollback for the core to report.
 */
export function recordStart(root: string, now: Date, policy: CrashLoopPolicy = DEFAULT_CRASH_LOOP_POLICY, options: InstallOptions = {}): StartDecision {
  const version = currentVersion(root);
  if (version === undefined) return { kind: 'nothingInstalled' };
  const state = readInstallState(root);
  const trial = state.trial;
  if (!trial || trial.version !== version) return { kind: 'start', version, attempt: 0 };
  const previous = readAttempts(root);
  const t = now.getTime();
  const starts = [...(previous?.version === version ? previous.starts : []).filter((s) => t - s < policy.windowMs), t];
  if (starts.length > policy.maxStarts && fs.existsSync(versionDir(root, trial.fromVersion))) {
    const rollback: LauncherRollback = {
      version,
      to: trial.fromVersion,
      reason: 'crashLoop',
      detail: `${starts.length - 1} starts of ${version} within ${Math.round(policy.windowMs / 1000)} s without reaching healthy; ${CURRENT_LINK} switched back to ${trial.fromVersion}`,
      at: now.toISOString(),
    };
    // Recorded first, then the link: a kill between the two leaves `current` at a version recorded
    // as rolled back, which recoverInstall switches back before the next start.
    writeInstallState(root, { trial: null, rolledBack: [...state.rolledBack, rollback].slice(-10) });
    options.onStep?.('trialRecorded');
    pointCurrentAt(root, trial.fromVersion, options);
    resetAttempts(root);
    options.onStep?.('attemptsReset');
    return { kind: 'rolledBack', rollback };
  }
  writeFileAtomic(path.join(root, BOOT_ATTEMPTS_FILE), JSON.stringify({ version, starts }), { mode: 0o644 });
  return { kind: 'start', version, attempt: starts.length };
}

/** The core's health gate passed under `version`: the trial ends, older folders are pruned. */
export function markHealthy(root: string, version: string): { readonly pruned: readonly string[] } {
  const state = readInstallState(root);
  if (state.trial?.version !== version) return { pruned: [] };
  const from = state.trial.fromVersion;
  writeInstallState(root, { ...state, trial: null });
  resetAttempts(root);
  return { pruned: pruneVersions(root, [version, from]) };
}

/**
 * Removes version folders beyond KEEP_VERSIONS, oldest first (by modification time); never the
 * current one, never those in `keep` (the previous one: the way back).
 */
export function pruneVersions(root: string, keep: readonly string[]): string[] {
  const versions = path.join(root, VERSIONS_DIR);
  if (!fs.existsSync(versions)) return [];
  const current = currentVersion(root);
  const trial = readInstallState(root).trial;
  const protectedNames = new Set([...keep, ...(current ? [current] : []), ...(trial ? [trial.version, trial.fromVersion] : [])]);
  const folders = fs
    .readdirSync(versions)
    .filter((n) => VERSION_PATTERN.test(n))
    .map((n) => ({ name: n, mtime: fs.statSync(path.join(versions, n)).mtimeMs }))
    .sort((a, b) => b.mtime - a.mtime);
  const removable = folders.filter((f) => !protectedNames.has(f.name));
  const room = Math.max(0, KEEP_VERSIONS - (folders.length - removable.length));
  const removed = removable.slice(room).map((f) => f.name);
  for (const name of removed) fs.rmSync(path.join(versions, name), { recursive: true, force: true });
  return removed;
}

/** A rollback the launcher did that the core has not reported yet is forgotten once reported. */
export function forgetRollback(root: string, version: string): void {
  const state = readInstallState(root);
  if (!state.rolledBack.some((r) => r.version === version)) return;
  writeInstallState(root, { ...state, rolledBack: state.rolledBack.filter((r) => r.version !== version) });
}
