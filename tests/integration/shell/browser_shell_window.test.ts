// The browser shell's window (docs/shell-and-server.md, "Boot speed"): `budayang start` opens
// Chromium on its starting page before the core is up, then hands it the kiosk's page with a
// one-time code of its own, which the renderer trades for its token: the attract screen shows,
// and the code never reaches stdout. Real Chromium (headless, attached over DevTools).
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from '@playwright/test';
import { afterEach, expect, it } from 'vitest';
import { runBudayang, stopAllKioskProcesses, tempDataDir, waitUntil } from '../../support/kioskProcess';

afterEach(stopAllKioskProcesses);

it('opens the window on the starting page while the core starts, then shows the attract screen', async () => {
  const dataDir = tempDataDir('budayang-window-');
  const shell = runBudayang(['start', '--shell', 'browser', '--headless-window', '--profile', 'test'], dataDir, { CHROMIUM_PATH: '/usr/bin/chromium' });
  const portFile = path.join(dataDir, 'chromium', 'DevToolsActivePort');
  await waitUntil('Chromium to open its DevTools port', () => fs.existsSync(portFile) && fs.readFileSync(portFile, 'utf8').includes('\n'));
  const browser = await chromium.connectOverCDP(`http://127.0.0.1:${fs.readFileSync(portFile, 'utf8').split('\n')[0]}`);
  try {
    await waitUntil('the window', () => browser.contexts()[0]?.pages()[0] !== undefined);
    const page = browser.contexts()[0]!.pages()[0]!;
    await page.locator('[data-testid="attract-screen"]').waitFor({ state: 'visible', timeout: 60_000 });
    const ready = /ready: (\S+)/.exec(shell.output())?.[1];
    expect(ready).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    // The kiosk's page, reached through the starting page (another port); its code was used and dropped.
    expect(page.url().startsWith(ready!)).toBe(true);
    expect(page.url()).not.toContain('code=');
    expect(shell.output()).not.toMatch(/code=/);
    expect(shell.output()).toContain('window: /usr/bin/chromium --kiosk (headless');
  } finally {
    await browser.close();
  }
  await shell.stop();
}, 120_000);
