// How the Electron main starts its core: the packaged defaults (site config, never the demo profile).
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { coreLaunchFor, planElectronLaunch } from '../../../src-main/shell/electron/coreLaunch';

const siteConfigPath = '/etc/budayang/site.json';
const found = { kind: 'found', config: { profile: '/etc/budayang/hall.json', dataDir: '/var/lib/budayang' } } as const;

describe('Electron core launch', () => {
  it('packaged with a production site profile: the site profile and data directory, whatever BUDAYANG_PROFILE says', () => {
    const plan = planElectronLaunch({ packaged: true, env: { BUDAYANG_PROFILE: 'demo' }, siteConfigPath, site: found, profileMode: { kind: 'mode', mode: 'production' } });
    expect(coreLaunchFor(plan, 4100)).toEqual({ kind: 'kiosk', args: ['core', '--port', '4100', '--profile', '/etc/budayang/hall.json', '--data', '/var/lib/budayang'], dataDir: '/var/lib/budayang' });
  });

  it('packaged without a site config or with a demo profile: the setup screen, never the demo', () => {
    const missing = coreLaunchFor(planElectronLaunch({ packaged: true, env: {}, siteConfigPath, site: { kind: 'missing' } }), 4100);
    expect(missing).toMatchObject({ kind: 'setup', args: ['core', '--port', '4100', '--setup', 'siteConfigMissing'] });
    expect(missing.kind === 'setup' && missing.fragment).toBe('#setup=siteConfigMissing&site=%2Fetc%2Fbudayang%2Fsite.json');
    const demo = coreLaunchFor(planElectronLaunch({ packaged: true, env: {}, siteConfigPath, site: found, profileMode: { kind: 'mode', mode: 'demo' } }), 4100);
    expect(demo).toMatchObject({ kind: 'setup', args: ['core', '--port', '4100', '--setup', 'profileNotProduction'] });
  });

  it('honours BUDAYANG_DATA when packaged (as the CLI honours --data)', () => {
    const plan = planElectronLaunch({ packaged: true, env: { BUDAYANG_DATA: '/srv/kiosk' }, siteConfigPath, site: found, profileMode: { kind: 'mode', mode: 'production' } });
    expect(coreLaunchFor(plan, 1)).toMatchObject({ kind: 'kiosk', dataDir: '/srv/kiosk' });
  });

  it('a development checkout keeps the demo defaults and BUDAYANG_PROFILE', () => {
    expect(coreLaunchFor(planElectronLaunch({ packaged: false, env: {}, siteConfigPath, site: { kind: 'missing' }, homeDir: '/home/dev' }), 1)).toMatchObject({ kind: 'kiosk', args: ['core', '--port', '1', '--profile', 'demo', '--data', path.join('/home/dev', '.budayang')] });
    expect(coreLaunchFor(planElectronLaunch({ packaged: false, env: { BUDAYANG_PROFILE: 'village' }, siteConfigPath, site: { kind: 'missing' }, homeDir: '/home/dev' }), 1)).toMatchObject({ args: ['core', '--port', '1', '--profile', 'village', '--data', '/home/dev/.budayang'] });
  });
});
