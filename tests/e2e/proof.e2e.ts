// 打印证明 end to end (demo profile: simulated ID reader and A4 printer, embedded platform): the
// citizen's card is read, the platform issues a social insurance proof with a verification code,
// and the PDF that reached the printer carries the proof, the holder and that code.
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

test('a resident prints a social insurance proof with a verification code', async ({ page }) => {
  await page.goto(kiosk.url);
  await page.getByTestId('attract-screen').click();
  await expect(page.getByTestId('service-proof')).not.toHaveAttribute('aria-disabled', 'true', { timeout: 15_000 });
  await page.getByTestId('service-proof').click();
  await expect(page.getByTestId('proof-consent')).toBeVisible();
  await screenshot(page, 'proof-01-consent');
  await page.getByTestId('journey-next').click();
  await expect(page.getByTestId('proof-identify')).toBeVisible();
  await page.getByTestId('dev-panel-toggle').click();
  await page.getByTestId('dev-place-card').click();
  await page.getByTestId('dev-panel-toggle').click();
  await expect(page.getByTestId('proof-choose')).toBeVisible({ timeout: 15_000 });
  await screenshot(page, 'proof-02-choose');
  await page.getByTestId('proof-kind-socialInsurance').click();
  await expect(page.getByTestId('proof-result')).toBeVisible({ timeout: 20_000 });
  await expect(page.getByTestId('proof-message')).toHaveText('请取走证明');
  const code = /验证码 ([A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4})/.exec((await page.getByTestId('proof-code').textContent()) ?? '')?.[1];
  expect(code).toBeTruthy();
  await screenshot(page, 'proof-03-printed');

  // What the (simulated) A4 printer received: one PDF with the proof, the holder and the code.
  const printedDir = path.join(kiosk.dataDir, 'printed');
  const pdfs = fs.readdirSync(printedDir).filter((f) => f.endsWith('.pdf'));
  expect(pdfs).toHaveLength(1);
  const text = execFileSync('pdftotext', ['-layout', path.join(printedDir, pdfs[0]!), '-'], { encoding: 'utf8' });
  expect(text).toContain('社会保险参保证明');
  expect(text).toContain('王建国');
  expect(text).toContain(code!);
  expect(text).toContain('黄石市社会保险事业中心');
  // The sheet carries the ID number masked, like receipts.
  expect(text).not.toMatch(/\d{17}[\dX]/);
});
