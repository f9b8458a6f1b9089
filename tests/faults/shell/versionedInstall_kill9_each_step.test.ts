// kill -9 of whoever is changing a versioned install (ADR 0020) right after each durable step —
// unpacking a release, switching `current` to it, the launcher's crash-loop rollback — and the
// next launcher start (recoverInstall) finds a known state and finishes the job: a release is
// either fully unpacked under its name or absent, a switch decided at the safe point completes,
// a rollback decided after a crash loop completes; never a half state, no temporaries left.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { activateFirstVersion, currentVersion, readInstallState, recordStart, recoverInstall, switchToRelease, unpackRelease, versionDir, type InstallStep } from '../../../src-main/core/updates/versionedInstall';
import { releaseTarball, removeTempRoots, tempRoot } from '../../unit/updates/support/installRoots';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '../../..');
const worker = path.join(repo, 'node_modules', '.cache', 'budayang-install-tests', `installWorker-${process.pid}.mjs`);

beforeAll(async () => {
  await build({ entryPoints: [path.join(here, 'support', 'installWorker.ts')], bundle: true, platform: 'node', format: 'esm', target: 'node20', outfile: worker, packages: 'external', logLevel: 'silent' });
});
afterAll(() => fs.rmSync(worker, { force: true }));
afterEach(removeTempRoots);

/** Runs the worker; resolves with the signal that ended it (SIGKILL: it reached the step). */
function killedAt(args: readonly string[]): Promise<NodeJS.Signals | null> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [worker, ...args], { cwd: repo, stdio: 'ignore' });
    child.once('exit', (_code, signal) => resolve(signal));
  });
}

function rootOn(version: string): string {
  const root = tempRoot();
  unpackRelease(root, version, releaseTarball(version));
  activateFirstVersion(root, version);
  return root;
}

const noTemporaries = (root: string) => [...fs.readdirSync(root), ...fs.readdirSync(path.join(root, 'versions'))].filter((n) => n.endsWith('.tmp') || n.startsWith('.staging-'));

describe('kill -9 while a versioned install changes', () => {
  it.each<InstallStep>(['unpacked', 'stagedRenamed'])('unpacking, killed after %s: the release is complete under its name or absent', async (step) => {
    const root = rootOn('1.0.0');
    expect(await killedAt([root, 'unpack', '1.1.0', step, releaseTarball('1.1.0')])).toBe('SIGKILL');
    recoverInstall(root);
    expect(noTemporaries(root)).toEqual([]);
    if (step === 'unpacked') expect(fs.existsSync(versionDir(root, '1.1.0'))).toBe(false);
    else expect(fs.readFileSync(path.join(versionDir(root, '1.1.0'), 'bin', 'budayang.mjs'), 'utf8')).toBe('// 1.1.0\n');
    expect(currentVersion(root)).toBe('1.0.0');
  });

  it.each<InstallStep>(['trialRecorded', 'linkCreated', 'linkSwitched', 'attemptsReset'])('switching, killed after %s: the next start runs the new version on trial', async (step) => {
    const root = rootOn('1.0.0');
    unpackRelease(root, '1.1.0', releaseTarball('1.1.0'));
    expect(await killedAt([root, 'switch', '1.1.0', step])).toBe('SIGKILL');
    recoverInstall(root);
    expect(noTemporaries(root)).toEqual([]);
    expect(currentVersion(root)).toBe('1.1.0');
    expect(readInstallState(root).trial).toMatchObject({ version: '1.1.0', fromVersion: '1.0.0' });
    expect(recordStart(root, new Date(), { maxStarts: 3, windowMs: 60_000 })).toEqual({ kind: 'start', version: '1.1.0', attempt: 1 });
  });

  it.each<InstallStep>(['trialRecorded', 'linkCreated', 'linkSwitched', 'attemptsReset'])('rolling a crash loop back, killed after %s: the next start runs the previous version', async (step) => {
    const root = rootOn('1.0.0');
    unpackRelease(root, '1.1.0', releaseTarball('1.1.0'));
    switchToRelease(root, '1.1.0', new Date());
    expect(await killedAt([root, 'crashLoop', '1.1.0', step])).toBe('SIGKILL');
    recoverInstall(root);
    expect(noTemporaries(root)).toEqual([]);
    expect(currentVersion(root)).toBe('1.0.0');
    expect(readInstallState(root)).toMatchObject({ trial: null, rolledBack: [{ version: '1.1.0', to: '1.0.0', reason: 'crashLoop' }] });
    expect(recordStart(root, new Date(), { maxStarts: 3, windowMs: 60_000 })).toEqual({ kind: 'start', version: '1.0.0', attempt: 0 });
  });
});
