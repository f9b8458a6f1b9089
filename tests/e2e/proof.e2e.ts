// 打印证明 end to end (demo profile: simulated ID reader and A4 printer, embedded platform): the
// consent names only what a proof needs, the citizen's card is read, the platform issues a social
// insurance proof that the citizen checks on screen, and the PDF that reached the printer carries
// the proof, the holder, the readable proof number and the verification code.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { capture, openKiosk, placeCard } from './support/journey';
import { startKiosk, type RunningKiosk } from './support/kiosk';

let kiosk: RunningKiosk;

test.beforeEach(async () => {
  kiosk = await startKiosk({ profile: 'demo' });
});

test.afterEach(async () => {
  await kiosk.stop();
});

test('a resident checks, then prints a social insurance proof with a verification code', async ({ page }) => {
  await openKiosk(page, kiosk.url);
  await page.getByTestId('attract-screen').click();
  await expect(page.getByTestId('service-proof')).not.toHaveAttribute('aria-disabled', 'true', { timeout: 15_000 });
  await page.getByTestId('service-proof').click();
  await expect(page.getByTestId('proof-consent')).toBeVisible();
  await capture(page, 'proof-01-consent');
  await page.getByRole('button', { name: '同意并继续' }).click();
  await expect(page.getByTestId('proof-identify')).toBeVisible();
  await placeCard(page);
  await expect(page.getByTestId('proof-choose')).toBeVisible({ timeout: 15_000 });
  await capture(page, 'proof-02-choose');
  await page.getByRole('button', { name: /社会保险参保证明/ }).click();

  // The issued proof is shown before any paper is used.
  await expect(page.getByTestId('proof-preview')).toBeVisible({ timeout: 20_000 });
  const sheet = page.getByTestId('proof-sheet');
  await expect(sheet).toContainText('社会保险参保证明');
  await expect(sheet).toContainText('黄石市社会保险事业中心');
  const number = (await page.getByTestId('proof-number').textContent())!;
  expect(number).toMatch(/^\d{8} \d+$/);
  expect(fs.existsSync(path.join(kiosk.dataDir, 'printed')) ? fs.readdirSync(path.join(kiosk.dataDir, 'printed')).filter((f) => f.endsWith('.pdf')) : []).toEqual([]);
  await capture(page, 'proof-03-preview');
  await page.getByRole('button', { name: '确认打印' }).click();

  await expect(page.getByTestId('proof-result')).toBeVisible({ timeout: 20_000 });
  await expect(page.getByTestId('result-headline')).toHaveText('请取走证明');
  const code = /验证码 ([A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4})/.exec((await page.getByTestId('proof-code').textContent()) ?? '')?.[1];
  expect(code).toBeTruthy();
  await capture(page, 'proof-04-printed');

  // What the (simulated) A4 printer received: one PDF with the proof, the holder, its number and the code.
  const printedDir = path.join(kiosk.dataDir, 'printed');
  const pdfs = fs.readdirSync(printedDir).filter((f) => f.endsWith('.pdf'));
  expect(pdfs).toHaveLength(1);
  const text = execFileSync('pdftotext', ['-layout', path.join(printedDir, pdfs[0]!), '-'], { encoding: 'utf8' });
  expect(text).toContain('社会保险参保证明');
  expect(text).toContain('王建国');
  expect(text).toContain(code!);
  expect(text).toContain(number);
  expect(text).toContain('黄石市社会保险事业中心');
  // Never the platform's internal key (#16 defect 10), and the ID number masked like receipts.
  expect(text).not.toContain('P-socialInsurance');
  expect(text).not.toMatch(/\d{17}[\dX]/);
});
