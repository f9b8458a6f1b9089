// A packaged kiosk without a site config shows the technician's setup screen in real Chromium:
// what to install and where, in Chinese and English, with no token and no secret on it.
import AxeBuilder from '@axe-core/playwright';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { screenshot, startKiosk, type RunningKiosk } from './support/kiosk';

let kiosk: RunningKiosk | undefined;

test.afterEach(async () => {
  await kiosk?.stop();
});

test('setup screen: the missing site config, where it goes and what it holds', async ({ page }) => {
  const siteDir = fs.mkdtempSync(path.join(os.tmpdir(), 'budayang-site-'));
  const sitePath = path.join(siteDir, 'site.json');
  kiosk = await startKiosk({ packaged: true, env: { BUDAYANG_SITE_CONFIG: sitePath } });
  expect(kiosk.url).toContain('#setup=siteConfigMissing');
  await page.goto(kiosk.url);
  await expect(page.getByTestId('setup-screen')).toBeVisible();
  await expect(page.getByTestId('setup-problem-zh-CN')).toHaveText('未找到站点配置文件。');
  await expect(page.getByTestId('setup-problem-en')).toHaveText('No site config was found.');
  await expect(page.getByTestId('setup-site-path').first()).toHaveText(sitePath);
  await expect(page.getByText('"dataDir": "/var/lib/budayang"').first()).toBeVisible();
  // Nothing to connect to and nothing secret: no code, no token, no API socket.
  expect(page.url()).not.toMatch(/code=|token=/);
  expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
  // Serious or critical only, as every journey checks (the kiosk disables pinch zoom on purpose).
  const axe = await new AxeBuilder({ page }).analyze();
  expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);
  await screenshot(page, 'setup-01-site-config-missing');
});
