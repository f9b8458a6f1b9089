// 取证 end to end (demo profile: simulated ID reader and certificate printer, embedded platform):
// the holder's ready certificate prints once onto the stock; its quota is then used up, on the
// kiosk at once and at the platform once the print event syncs.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { screenshot, startKiosk, type RunningKiosk } from './support/kiosk';

let kiosk: RunningKiosk;

test.beforeEach(async () => {
  kiosk = await startKiosk({ profile: 'demo' });
});

test.afterEach(async () => {
  await kiosk.stop();
});

test('a resident collects a ready certificate; the quota allows one print', async ({ page }) => {
  await page.goto(kiosk.url);
  await page.getByTestId('attract-screen').click();
  await expect(page.getByTestId('service-pickup')).not.toHaveAttribute('aria-disabled', 'true', { timeout: 15_000 });
  await page.getByTestId('service-pickup').click();
  await page.getByTestId('journey-next').click();
  await expect(page.getByTestId('pickup-identify')).toBeVisible();
  await page.getByTestId('dev-panel-toggle').click();
  await page.getByTestId('dev-place-card').click();
  await page.getByTestId('dev-panel-toggle').click();
  await expect(page.getByTestId('pickup-list')).toBeVisible({ timeout: 15_000 });
  const entry = page.locator('[data-testid^="pickup-C-"]').first();
  await expect(entry).toContainText('不动产权证书');
  await expect(entry).toContainText('可打印 1 次');
  await screenshot(page, 'pickup-01-ready');
  await entry.click();
  await expect(page.getByTestId('pickup-message')).toHaveText('请取走证照', { timeout: 20_000 });
  await screenshot(page, 'pickup-02-printed');

  const printedDir = path.join(kiosk.dataDir, 'printed');
  const pdfs = fs.readdirSync(printedDir).filter((f) => f.startsWith('certificate'));
  expect(pdfs).toHaveLength(1);
  const text = execFileSync('pdftotext', ['-layout', path.join(printedDir, pdfs[0]!), '-'], { encoding: 'utf8' });
  expect(text).toContain('王建国');
  expect(text).toContain('不动产权证书');
  expect(text).toContain('黄石市不动产登记中心');

  // Back to the list: the quota is used up and the certificate cannot print again.
  await page.getByTestId('pickup-another').click();
  await expect(entry).toContainText('已领取', { timeout: 15_000 });
  await expect(entry).toHaveAttribute('aria-disabled', 'true');
  // A tap on it (Playwright's click refuses aria-disabled elements, a finger does not) prints nothing.
  await entry.dispatchEvent('click');
  await page.waitForTimeout(500);
  await expect(page.getByTestId('pickup-list')).toBeVisible();
  expect(fs.readdirSync(printedDir).filter((f) => f.startsWith('certificate'))).toHaveLength(1);
  await screenshot(page, 'pickup-03-collected');
});
