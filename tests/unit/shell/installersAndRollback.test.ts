// Kept installers (real files in a temporary data directory) and the way back per package format.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CoreToShellMessage, ShellToCoreMessage } from '../../../src-main/shell/coreChannel';
import { installersDir, keepInstallerFile, pruneInstallers } from '../../../src-main/shell/installerStore';
import { rollbackPlan, unattendedUpdateSupport } from '../../../src-main/shell/rollbackPlan';

const dirs: string[] = [];
function tmp(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'budayang-installers-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

describe('kept installers', () => {
  it('copies the downloaded installer under its version, leaving no partial file, and prunes the others', () => {
    const data = tmp();
    const cache = tmp();
    const downloaded = path.join(cache, 'Budayang-1.1.0.AppImage');
    fs.writeFileSync(downloaded, 'installer bytes 1.1.0');
    const kept = keepInstallerFile(data, '1.1.0', downloaded);
    expect(kept).toBe(path.join(installersDir(data), '1.1.0', 'Budayang-1.1.0.AppImage'));
    expect(fs.readFileSync(kept, 'utf8')).toBe('installer bytes 1.1.0');
    expect(fs.readdirSync(path.dirname(kept))).toEqual(['Budayang-1.1.0.AppImage']);
    // electron-updater's cache may be cleared: the kept copy stays.
    fs.rmSync(downloaded);
    expect(fs.existsSync(kept)).toBe(true);

    fs.writeFileSync(downloaded, 'installer bytes 1.0.0');
    keepInstallerFile(data, '1.0.0', downloaded);
    keepInstallerFile(data, '0.9.0', downloaded);
    expect(pruneInstallers(data, ['1.0.0', '1.1.0']).sort()).toEqual(['0.9.0']);
    expect(fs.readdirSync(installersDir(data)).sort()).toEqual(['1.0.0', '1.1.0']);
  });

  it('refuses a version that would escape the installers folder', () => {
    const data = tmp();
    const file = path.join(tmp(), 'x.exe');
    fs.writeFileSync(file, 'x');
    expect(() => keepInstallerFile(data, '../../etc', file)).toThrow(/not a version/);
    expect(() => keepInstallerFile(data, '..', file)).toThrow(/not a version/);
  });
});

describe('the way back per package format', () => {
  it('runs a kept NSIS installer silently, replaces an AppImage, and leaves a deb to the technician', () => {
    expect(rollbackPlan('win32', 'C:\\ProgramData\\Budayang\\data\\updates\\installers\\1.0.0\\Budayang-Setup-1.0.0.exe', {})).toEqual({ kind: 'runInstaller', command: 'C:\\ProgramData\\Budayang\\data\\updates\\installers\\1.0.0\\Budayang-Setup-1.0.0.exe', args: ['/S', '--force-run'] });
    expect(rollbackPlan('linux', '/var/lib/budayang/updates/installers/1.0.0/Budayang-1.0.0.AppImage', { APPIMAGE: '/opt/budayang/Budayang.AppImage' })).toEqual({ kind: 'replaceAppImage', from: '/var/lib/budayang/updates/installers/1.0.0/Budayang-1.0.0.AppImage', to: '/opt/budayang/Budayang.AppImage' });
    expect(rollbackPlan('linux', '/k/Budayang-1.0.0.AppImage', {})).toMatchObject({ kind: 'manual' });
    expect(rollbackPlan('linux', '/k/budayang_1.0.0_amd64.deb', {})).toEqual({ kind: 'manual', reason: 'a deb needs root: run `sudo dpkg -i /k/budayang_1.0.0_amd64.deb`' });
  });
});

describe('which installs update themselves unattended', () => {
  it('NSIS and AppImage do; a deb (root, a password prompt) and other systems do not', () => {
    expect(unattendedUpdateSupport('win32', {})).toEqual({ ok: true });
    expect(unattendedUpdateSupport('linux', { APPIMAGE: '/opt/budayang/Budayang.AppImage' })).toEqual({ ok: true });
    expect(unattendedUpdateSupport('linux', {})).toMatchObject({ ok: false, reason: expect.stringMatching(/deb .*needs root/) });
    expect(unattendedUpdateSupport('darwin', {})).toMatchObject({ ok: false });
  });
});

describe('app update messages on the core channel', () => {
  it('parses what the core and the shell send each other, and refuses a malformed one', () => {
    expect(CoreToShellMessage.safeParse({ type: 'appUpdateDownload', version: '1.1.0', files: [{ url: 'a', sha512: 'b' }], feedUrl: 'http://p/updates/ring-0/' }).success).toBe(true);
    expect(CoreToShellMessage.safeParse({ type: 'appUpdateDownload', version: '1.1.0', files: [], feedUrl: 'http://p/' }).success).toBe(false);
    expect(CoreToShellMessage.safeParse({ type: 'appUpdateRollBack', version: '1.1.0', installerPath: '/i' }).success).toBe(true);
    expect(ShellToCoreMessage.safeParse({ type: 'appUpdateDownloadFailed', version: '1.1.0', reason: 'notTheRelease', detail: 'x' }).success).toBe(true);
    expect(ShellToCoreMessage.safeParse({ type: 'appUpdateDownloadFailed', version: '1.1.0', reason: 'whatever', detail: 'x' }).success).toBe(false);
  });
});
