// The browser shell's versioned install store (ADR 0020): unpacking into versions/<v>/ through a
// staging folder, the atomic `current` switch, the launcher's start counter that rolls a crash
// loop back by itself, the trial ended by the core's health gate, and pruning to three versions.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { activateFirstVersion, currentVersion, markHealthy, pruneVersions, readInstallState, recordStart, recoverInstall, switchBack, switchToRelease, unpackRelease, versionDir } from '../../../src-main/core/updates/versionedInstall';
import { releaseTarball, removeTempRoots, tempRoot } from './support/installRoots';

afterEach(removeTempRoots);

const T0 = Date.parse('2026-12-05T02:00:00.000Z');
const at = (seconds: number) => new Date(T0 + seconds * 1000);
const policy = { maxStarts: 3, windowMs: 300_000 };

function rootOn(version: string): string {
  const root = tempRoot();
  unpackRelease(root, version, releaseTarball(version));
  activateFirstVersion(root, version);
  return root;
}

describe('versioned installs', () => {
  it('unpacks a release into versions/<version>/ and refuses one whose release.json names another version', () => {
    const root = rootOn('1.0.0');
    expect(fs.readFileSync(path.join(versionDir(root, '1.0.0'), 'bin', 'budayang.mjs'), 'utf8')).toBe('// 1.0.0\n');
    expect(() => unpackRelease(root, '1.1.0', releaseTarball('1.1.0', { claims: '1.2.0' }))).toThrow(/names 1\.2\.0, not 1\.1\.0/);
    expect(fs.existsSync(versionDir(root, '1.1.0'))).toBe(false);
    expect(fs.readdirSync(path.join(root, 'versions'))).toEqual(['1.0.0']);
  });

  it('refuses a version that is a path, and a tarball that is not one', () => {
    const root = rootOn('1.0.0');
    expect(() => versionDir(root, '../etc')).toThrow(/not a release version/);
    const notATarball = path.join(tempRoot(), 'budayang-1.1.0-browser-shell.tar.gz');
    fs.writeFileSync(notATarball, 'not gzip');
    expect(() => unpackRelease(root, '1.1.0', notATarball)).toThrow(/tar failed/);
    expect(fs.readdirSync(path.join(root, 'versions'))).toEqual(['1.0.0']);
  });

  it('switches current atomically and puts the new version on trial; the health gate ends the trial', () => {
    const root = rootOn('1.0.0');
    unpackRelease(root, '1.1.0', releaseTarball('1.1.0'));
    switchToRelease(root, '1.1.0', at(0));
    expect(fs.readlinkSync(path.join(root, 'current'))).toBe(path.join('versions', '1.1.0'));
    expect(readInstallState(root).trial).toEqual({ version: '1.1.0', fromVersion: '1.0.0', switchedAt: at(0).toISOString() });
    expect(recordStart(root, at(1), policy)).toEqual({ kind: 'start', version: '1.1.0', attempt: 1 });
    markHealthy(root, '1.1.0');
    expect(readInstallState(root).trial).toBeNull();
    // Not on trial any more: starts are not counted.
    expect(recordStart(root, at(2), policy)).toEqual({ kind: 'start', version: '1.1.0', attempt: 0 });
    expect(fs.readdirSync(root).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });

  it('rolls a crash loop back by itself: more than maxStarts starts within the window', () => {
    const root = rootOn('1.0.0');
    unpackRelease(root, '1.1.0', releaseTarball('1.1.0'));
    switchToRelease(root, '1.1.0', at(0));
    expect([1, 2, 3].map((s) => recordStart(root, at(s), policy))).toEqual([1, 2, 3].map((attempt) => ({ kind: 'start', version: '1.1.0', attempt })));
    const fourth = recordStart(root, at(4), policy);
    expect(fourth).toMatchObject({ kind: 'rolledBack', rollback: { version: '1.1.0', to: '1.0.0', reason: 'crashLoop' } });
    expect(currentVersion(root)).toBe('1.0.0');
    expect(readInstallState(root)).toMatchObject({ trial: null, rolledBack: [{ version: '1.1.0', to: '1.0.0' }] });
    expect(recordStart(root, at(5), policy)).toEqual({ kind: 'start', version: '1.0.0', attempt: 0 });
    // The kept folder of the failed version stays until pruned (a technician may look at it).
    expect(fs.existsSync(versionDir(root, '1.1.0'))).toBe(true);
  });

  it('counts only the starts inside the window: a release that crashes once a day is not a crash loop', () => {
    const root = rootOn('1.0.0');
    unpackRelease(root, '1.1.0', releaseTarball('1.1.0'));
    switchToRelease(root, '1.1.0', at(0));
    const decisions = [0, 400, 800, 1200, 1600].map((s) => recordStart(root, at(s), policy));
    expect(decisions.every((d) => d.kind === 'start' && d.attempt === 1)).toBe(true);
    expect(currentVersion(root)).toBe('1.1.0');
  });

  it('goes back on the core\'s word (health gate failed): no trial, current at the previous version', () => {
    const root = rootOn('1.0.0');
    unpackRelease(root, '1.1.0', releaseTarball('1.1.0'));
    switchToRelease(root, '1.1.0', at(0));
    switchBack(root, '1.0.0');
    expect(currentVersion(root)).toBe('1.0.0');
    expect(readInstallState(root).trial).toBeNull();
  });

  it('keeps three versions, never the current or the previous one', () => {
    const root = rootOn('1.0.0');
    fs.utimesSync(versionDir(root, '1.0.0'), at(0), at(0));
    for (const [i, version] of ['1.1.0', '1.2.0', '1.3.0'].entries()) {
      unpackRelease(root, version, releaseTarball(version));
      // Unpacking time orders the pruning; make it unambiguous on coarse file systems.
      fs.utimesSync(versionDir(root, version), at(i + 1), at(i + 1));
      switchToRelease(root, version, at(i + 1));
      markHealthy(root, version);
    }
    expect(fs.readdirSync(path.join(root, 'versions')).sort()).toEqual(['1.1.0', '1.2.0', '1.3.0']);
    expect(currentVersion(root)).toBe('1.3.0');
    // The previous (1.2.0) is protected even when listed as older than an unrelated folder.
    fs.utimesSync(versionDir(root, '1.2.0'), at(-100), at(-100));
    expect(pruneVersions(root, ['1.2.0'])).toEqual([]);
  });

  it('recovers what a killed step left: temporaries, a half-unpacked folder, an unfinished switch', () => {
    const root = rootOn('1.0.0');
    fs.mkdirSync(path.join(root, 'versions', '.staging-1.1.0-abc'));
    fs.writeFileSync(path.join(root, '.current.123.tmp'), '');
    unpackRelease(root, '1.1.0', releaseTarball('1.1.0'));
    // The trial was recorded, the link not switched (killed in between).
    fs.writeFileSync(path.join(root, 'install.json'), JSON.stringify({ trial: { version: '1.1.0', fromVersion: '1.0.0', switchedAt: at(0).toISOString() }, rolledBack: [] }));
    expect(recoverInstall(root).notes).toEqual(['removed the half-unpacked .staging-1.1.0-abc', 'finished the switch to 1.1.0']);
    expect(currentVersion(root)).toBe('1.1.0');
    expect(fs.readdirSync(root).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });
});
