// 取证 end to end (demo profile: simulated ID reader and certificate printer, embedded platform):
// the holder's ready certificate is checked on screen, then prints once onto the stock; its quota
// is then used up, on the kiosk at once and at the platform once the print event syncs.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { capture, openKiosk, passFaceCheck, placeCard } from './support/journey';
import { startKiosk, type RunningKiosk } from './support/kiosk';

let kiosk: RunningKiosk;

test.beforeEach(async () => {
  kiosk = await startKiosk({ profile: 'demo' });
});

test.afterEach(async () => {
  await kiosk.stop();
});

const certificatesPrinted = (dir: string) => (fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.startsWith('certificate')) : []);

test('a resident collects a ready certificate; the quota allows one print', async ({ page }) => {
  await openKiosk(page, kiosk.url);
  await page.getByTestId('attract-screen').click();
  await expect(page.getByTestId('service-pickup')).not.toHaveAttribute('aria-disabled', 'true', { timeout: 15_000 });
  await page.getByTestId('service-pickup').click();
  await page.getByRole('button', { name: '同意并继续' }).click();
  await expect(page.getByTestId('pickup-identify')).toBeVisible();
  await placeCard(page);
  // 人证核验 before anything of the holder's is shown (#16 item 16).
  await passFaceCheck(page, 'pickup-00-face');
  await expect(page.getByTestId('pickup-list')).toBeVisible({ timeout: 15_000 });
  const entry = page.locator('[data-testid^="pickup-C-"]').first();
  await expect(entry).toContainText('不动产权证书');
  await expect(entry).toContainText('可打印 1 次');
  await capture(page, 'pickup-01-ready');
  await entry.click();
  // Checked before the stock is used (#16 defect 10).
  await expect(page.getByTestId('certificate-sheet')).toContainText('不动产权证书');
  await expect(page.getByTestId('certificate-sheet')).toContainText('王**');
  const printedDir = path.join(kiosk.dataDir, 'printed');
  expect(certificatesPrinted(printedDir)).toEqual([]);
  await capture(page, 'pickup-02-preview');
  await page.getByRole('button', { name: '确认打印' }).click();
  await expect(page.getByTestId('result-headline')).toHaveText('请取走证照', { timeout: 20_000 });
  await capture(page, 'pickup-03-printed');

  const pdfs = certificatesPrinted(printedDir);
  expect(pdfs).toHaveLength(1);
  const text = execFileSync('pdftotext', ['-layout', path.join(printedDir, pdfs[0]!), '-'], { encoding: 'utf8' });
  expect(text).toContain('王建国');
  expect(text).toContain('不动产权证书');
  expect(text).toContain('黄石市不动产登记中心');

  // Back to the list: the quota is used up and the certificate cannot print again.
  await page.getByRole('button', { name: '返回证照列表' }).click();
  await expect(entry).toContainText('已领取', { timeout: 15_000 });
  await expect(entry).toHaveAttribute('aria-disabled', 'true');
  // A tap on it (Playwright's click refuses aria-disabled elements, a finger does not) opens nothing:
  // the click is handled synchronously, so the list is still what shows right after it.
  await entry.dispatchEvent('click');
  await expect(page.getByTestId('pickup-preview')).toHaveCount(0);
  await expect(page.getByTestId('pickup-list')).toBeVisible();
  expect(certificatesPrinted(printedDir)).toHaveLength(1);
  await capture(page, 'pickup-04-collected');
});
