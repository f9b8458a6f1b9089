// electron-builder.yml as packaged on a networked build host: the hardening fuses, the asar, and
// what the deb and the updater need. Parsed as YAML, so a typo in a key fails here, not at 2 a.m.
import fs from 'node:fs';
import path from 'node:path';
import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '..', '..', '..');
const config = yaml.load(fs.readFileSync(path.join(root, 'electron-builder.yml'), 'utf8')) as Record<string, unknown>;

describe('electron-builder.yml', () => {
  it('flips the hardening fuses and packs the app in an asar', () => {
    expect(config.asar).toBe(true);
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      loadBrowserProcessSpecificV8Snapshot: false,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('starts the main bundle the build writes', () => {
    expect((config.extraMetadata as { main: string }).main).toBe('dist/shell/electron/main.cjs');
  });
});

describe('the deb', () => {
  const linux = config.linux as { executableName: string; extraResources: { from: string; to: string; filter: string[] }[] };
  const deb = config.deb as { depends: string[]; afterInstall: string; afterRemove: string };

  it('depends on CUPS’s client, ALSA and the secret service under their Debian 12 and t64 names', () => {
    expect(deb.depends).toEqual(expect.arrayContaining(['cups-client', 'libasound2t64 | libasound2', 'libgtk-3-0t64 | libgtk-3-0', 'libsecret-1-0', 'udev', 'libusb-1.0-0']));
  });

  it('ships the udev rules and the watchdog unit its scripts install, at the path the unit starts', () => {
    expect(linux.executableName).toBe('budayang');
    const unit = fs.readFileSync(path.join(root, 'build', 'linux', 'systemd', 'budayang-kiosk.service'), 'utf8');
    expect(unit).toMatch(/^ExecStart=\/opt\/Budayang\/budayang$/m);
    const install = fs.readFileSync(path.join(root, deb.afterInstall), 'utf8');
    const resources = linux.extraResources[0]!;
    for (const shipped of ['60-budayang.rules', 'systemd/budayang-kiosk.service']) {
      expect(fs.existsSync(path.join(root, resources.from, shipped))).toBe(true);
      expect(install).toContain(`$RESOURCES/${shipped}`);
    }
    expect(install).toContain(`RESOURCES=/opt/Budayang/resources/${resources.to}`);
    expect(install).toMatch(/usermod -a -G dialout,plugdev,lp/);
    expect(fs.existsSync(path.join(root, deb.afterRemove))).toBe(true);
  });

  it('grants the groups the udev rules name, and nothing to everyone', () => {
    const rules = fs.readFileSync(path.join(root, 'build', 'linux', '60-budayang.rules'), 'utf8').split('\n').filter((l) => l.trim() && !l.startsWith('#'));
    expect(rules.length).toBe(3);
    for (const rule of rules) {
      expect(rule).toMatch(/GROUP="(dialout|plugdev|lp)"/);
      expect(rule).toMatch(/MODE="0660"/);
      // Every key is KEY==value (match) or KEY="value" (assign), comma-separated.
      for (const part of rule.split(/,\s*/)) expect(part).toMatch(/^[A-Z]+(\{[a-zA-Z]+\})?(==|=)"[^"]*"$/);
    }
  });
});

describe('the NSIS installer', () => {
  const win = config.win as { extraResources: { from: string; to: string; filter: string[] }[] };
  const nsis = config.nsis as { include: string; perMachine: boolean; allowToChangeInstallationDirectory: boolean };

  it('registers the watchdog task from the resources it ships, at the fixed install folder the task names', () => {
    const include = fs.readFileSync(path.join(root, nsis.include), 'utf8');
    expect(include).toMatch(/!macro customInstall[\s\S]*Register-ScheduledTask[\s\S]*\$INSTDIR\\resources\\windows\\budayang-kiosk-task\.xml[\s\S]*!macroend/);
    expect(include).toMatch(/!macro customUnInstall[\s\S]*schtasks\.exe \/Delete \/TN "Budayang\\Kiosk"/);
    for (const shipped of win.extraResources[0]!.filter) expect(fs.existsSync(path.join(root, win.extraResources[0]!.from, shipped))).toBe(true);
    // The task names %ProgramFiles%\Budayang: only true while the folder cannot be changed.
    expect(nsis).toMatchObject({ perMachine: true, allowToChangeInstallationDirectory: false });
    const task = fs.readFileSync(path.join(root, 'build', 'windows', 'budayang-kiosk-task.xml'), 'utf8');
    expect(task).toContain('%ProgramFiles%\\Budayang\\resources\\windows\\budayang-watchdog.ps1');
    expect(task).toMatch(/<LogonTrigger>/);
    expect(task).toMatch(/<ExecutionTimeLimit>PT0S<\/ExecutionTimeLimit>/);
    const watchdog = fs.readFileSync(path.join(root, 'build', 'windows', 'budayang-watchdog.ps1'), 'utf8');
    expect(watchdog).toMatch(/\$env:BUDAYANG_SUPERVISED = '1'/);
    expect(watchdog).toMatch(/while \(\$true\)[\s\S]*Start-Process -FilePath \$app -Wait/);
  });
});
