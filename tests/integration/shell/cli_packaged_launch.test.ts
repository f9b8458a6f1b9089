// The CLI run as a packaged install (BUDAYANG_PACKAGED=1, as a release's release.json would make
// it): the profile and data directory come from the site config; without one the technician's
// setup screen is served, and the shell restarts into the kiosk by itself once it is installed.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { REPO, READY_LINE, parseReadyLine, runBudayang, stopAllKioskProcesses, tempDataDir, waitUntil } from '../../support/kioskProcess';

const VILLAGE_PROFILE = path.join(REPO, 'kiosk-config', 'profiles', 'site-example-village.json');

function siteDir(): string {
  return tempDataDir('budayang-site-');
}

function writeSite(dir: string, profileSource: string, dataDir: string): void {
  fs.copyFileSync(profileSource, path.join(dir, 'kiosk-profile.json'));
  fs.writeFileSync(path.join(dir, 'site.json'), JSON.stringify({ profile: 'kiosk-profile.json', dataDir }));
}

const packagedEnv = (dir: string) => ({ BUDAYANG_PACKAGED: '1', BUDAYANG_SITE_CONFIG: path.join(dir, 'site.json') });

afterEach(stopAllKioskProcesses);

describe('a packaged launch', () => {
  it('shows the setup screen without a site config, then starts the kiosk once one is installed', async () => {
    const dir = siteDir();
    const shell = runBudayang(['start', '--shell', 'browser', '--headless'], tempDataDir(), packagedEnv(dir));
    await shell.waitForOutput(/setup: siteConfigMissing: no site config at /);
    const ready = parseReadyLine(await shell.waitForOutput(READY_LINE));
    expect(ready.line).toContain(`#setup=siteConfigMissing&site=${encodeURIComponent(path.join(dir, 'site.json'))}`);
    expect(ready.code).toBeUndefined();
    // The setup core serves the renderer and no API: there is no token to trade a code for.
    const page = await fetch(ready.baseUrl);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<div id="root">');
    expect((await fetch(new URL('/api/bootstrap', ready.baseUrl), { method: 'POST', headers: { Origin: ready.baseUrl.replace(/\/$/, ''), 'Content-Type': 'application/json' }, body: '{"code":"00000000000000000000000000000000"}' })).status).not.toBe(200);
    expect(shell.output()).not.toMatch(/profile: demo/);

    writeSite(dir, VILLAGE_PROFILE, path.join(dir, 'data'));
    await shell.waitForOutput(/setup: the site config is usable now; restarting into the kiosk/);
    await waitUntil('the setup shell to exit', () => !shell.alive());
    expect(shell.child.exitCode).toBe(75);
  });

  it('runs the site profile in the site data directory (no --data, no --profile)', async () => {
    const dir = siteDir();
    const dataDir = path.join(dir, 'data');
    writeSite(dir, VILLAGE_PROFILE, dataDir);
    const shell = runBudayang(['start', '--shell', 'browser', '--headless'], null, packagedEnv(dir));
    await shell.waitForOutput(READY_LINE);
    expect(shell.output()).toContain(`profile: ${path.join(dir, 'kiosk-profile.json')} (site config)`);
    expect(fs.existsSync(path.join(dataDir, 'kiosk.sqlite'))).toBe(true);
    await shell.stop();
  });

  it('refuses --profile, and treats a demo profile in the site config as not set up', async () => {
    const dir = siteDir();
    writeSite(dir, VILLAGE_PROFILE, path.join(dir, 'data'));
    const refused = runBudayang(['start', '--shell', 'browser', '--headless', '--profile', 'demo'], tempDataDir(), packagedEnv(dir));
    await waitUntil('the refused start to exit', () => !refused.alive());
    expect(refused.child.exitCode).toBe(2);
    expect(refused.output()).toContain('a packaged kiosk takes its profile from its site config');

    writeSite(dir, path.join(REPO, 'kiosk-config', 'profiles', 'demo.json'), path.join(dir, 'data'));
    const demo = runBudayang(['start', '--shell', 'browser', '--headless'], tempDataDir(), packagedEnv(dir));
    await demo.waitForOutput(/setup: profileNotProduction: /);
    const ready = parseReadyLine(await demo.waitForOutput(READY_LINE));
    expect(ready.line).toContain('#setup=profileNotProduction');
    expect(fs.existsSync(path.join(dir, 'data'))).toBe(false);
  });
});
