// The packaged defaults: a packaged launch runs only its site's production profile, or the setup
// screen; a development checkout keeps the demo defaults. Pure decisions plus the file reads.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { decideLaunch, defaultSiteConfigPath, readProfileMode, readSiteConfig, setupFragment, type LaunchInput } from '../../../src-main/shell/siteConfig';
import { setupRequestFrom } from '../../../src-renderer/screens/SetupScreen';

const base: LaunchInput = { packaged: true, homeDir: '/home/kiosk', siteConfigPath: '/etc/budayang/site.json', site: { kind: 'missing' } };
const found = { kind: 'found' as const, config: { profile: '/etc/budayang/village.json', dataDir: '/var/lib/budayang' } };

describe('decideLaunch', () => {
  it('keeps the demo profile and ~/.budayang for a development checkout', () => {
    expect(decideLaunch({ ...base, packaged: false })).toEqual({ kind: 'run', profile: 'demo', dataDir: '/home/kiosk/.budayang', origin: 'development' });
    expect(decideLaunch({ ...base, packaged: false, requestedProfile: 'test', requestedDataDir: '/tmp/d' })).toMatchObject({ profile: 'test', dataDir: '/tmp/d' });
  });

  it('never falls back to the demo profile when packaged: no site config means the setup screen', () => {
    expect(decideLaunch(base)).toEqual({ kind: 'setup', problem: 'siteConfigMissing', siteConfigPath: '/etc/budayang/site.json', detail: 'no site config at /etc/budayang/site.json' });
    expect(decideLaunch({ ...base, site: { kind: 'invalid', detail: 'site.json: dataDir: Required' } })).toMatchObject({ kind: 'setup', problem: 'siteConfigInvalid', detail: 'site.json: dataDir: Required' });
  });

  it('refuses --profile on a packaged kiosk (the demo profile cannot be asked for)', () => {
    const plan = decideLaunch({ ...base, site: found, profileMode: { kind: 'mode', mode: 'production' }, requestedProfile: 'demo' });
    expect(plan.kind).toBe('refuse');
    expect(plan.kind === 'refuse' && plan.message).toContain('/etc/budayang/site.json');
  });

  it('runs the site profile only when it is a production profile', () => {
    expect(decideLaunch({ ...base, site: found, profileMode: { kind: 'mode', mode: 'production' } })).toEqual({ kind: 'run', profile: '/etc/budayang/village.json', dataDir: '/var/lib/budayang', origin: 'siteConfig' });
    expect(decideLaunch({ ...base, site: found, profileMode: { kind: 'mode', mode: 'demo' } })).toMatchObject({ kind: 'setup', problem: 'profileNotProduction' });
    expect(decideLaunch({ ...base, site: found, profileMode: { kind: 'mode', mode: 'simulated' } })).toMatchObject({ kind: 'setup', problem: 'profileNotProduction' });
    // A profile without `mode` is the schema default (demo).
    expect(decideLaunch({ ...base, site: found, profileMode: { kind: 'mode', mode: undefined } })).toMatchObject({ kind: 'setup', problem: 'profileNotProduction' });
    expect(decideLaunch({ ...base, site: found, profileMode: { kind: 'unreadable', detail: 'ENOENT' } })).toMatchObject({ kind: 'setup', problem: 'profileUnreadable', detail: 'ENOENT' });
  });

  it('carries the install root and lets an explicit data directory win', () => {
    const withRoot = { kind: 'found' as const, config: { ...found.config, installRoot: '/opt/budayang' } };
    expect(decideLaunch({ ...base, site: withRoot, profileMode: { kind: 'mode', mode: 'production' }, requestedDataDir: '/srv/kiosk' })).toMatchObject({ dataDir: '/srv/kiosk', installRoot: '/opt/budayang' });
  });
});

describe('site config files', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'budayang-site-'));
  const file = path.join(dir, 'site.json');

  it('has one default path per operating system', () => {
    expect(defaultSiteConfigPath('linux', {})).toBe('/etc/budayang/site.json');
    expect(defaultSiteConfigPath('win32', { ProgramData: 'D:\\ProgramData' })).toBe('D:\\ProgramData\\Budayang\\site.json');
    expect(defaultSiteConfigPath('linux', { BUDAYANG_SITE_CONFIG: file })).toBe(file);
  });

  it('resolves the profile beside the site config and names every problem', () => {
    expect(readSiteConfig(file)).toEqual({ kind: 'missing' });
    fs.writeFileSync(file, '{ not json');
    expect(readSiteConfig(file)).toMatchObject({ kind: 'invalid' });
    fs.writeFileSync(file, JSON.stringify({ profile: 'demo', dataDir: 'relative/dir' }));
    const invalid = readSiteConfig(file);
    expect(invalid.kind).toBe('invalid');
    expect(invalid.kind === 'invalid' && invalid.detail).toMatch(/profile: must be the path of a \.json profile file.*dataDir: must be an absolute path/);
    fs.writeFileSync(file, JSON.stringify({ profile: 'village.json', dataDir: '/var/lib/budayang', extra: 1 }));
    expect(readSiteConfig(file).kind).toBe('invalid');
    fs.writeFileSync(file, JSON.stringify({ profile: 'village.json', dataDir: '/var/lib/budayang' }));
    expect(readSiteConfig(file)).toEqual({ kind: 'found', config: { profile: path.join(dir, 'village.json'), dataDir: '/var/lib/budayang' } });
  });

  it('reads the mode a profile declares', () => {
    const profile = path.join(dir, 'village.json');
    expect(readProfileMode(profile).kind).toBe('unreadable');
    fs.writeFileSync(profile, JSON.stringify({ mode: 'production' }));
    expect(readProfileMode(profile)).toEqual({ kind: 'mode', mode: 'production' });
    fs.writeFileSync(profile, '[]');
    expect(readProfileMode(profile).kind).toBe('unreadable');
  });

  it('hands the renderer the problem and the path, and nothing it does not know', () => {
    expect(setupRequestFrom(setupFragment('profileNotProduction', 'C:\\ProgramData\\Budayang\\site.json'))).toEqual({ problem: 'profileNotProduction', siteConfigPath: 'C:\\ProgramData\\Budayang\\site.json' });
    expect(setupRequestFrom('#setup=somethingElse&site=/x')).toBeUndefined();
    expect(setupRequestFrom('#code=abc')).toBeUndefined();
  });
});
