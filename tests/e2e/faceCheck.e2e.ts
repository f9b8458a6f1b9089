// 人证核验 end to end (#16 item 16) with the run's fake camera showing the demo residents' face
// (tests/e2e/support/faceFeeds.ts): a department-marked item asks for the live photo right after
// the card and the countdown takes it by itself; 取证 passes it in English, elderly mode and
// landscape; with the platform answering 503 the check cannot be done and the citizen is sent to a
// window — never a silent pass. The stranger's face is faceCheckStranger.e2e.ts.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { expect, test, type Page } from '@playwright/test';
import { capture, openKiosk, passFaceCheck, placeCard, startFromGuide, startSession, typeKeys, VIEWPORTS, withDevPanel } from './support/journey';
import { ROOT, startKiosk, type RunningKiosk } from './support/kiosk';

let kiosk: RunningKiosk | undefined;

test.afterEach(async () => {
  await kiosk?.stop();
  kiosk = undefined;
});

/** The journey profile as a township kiosk in 阳新县, where the 民政 items marked for 人证核验 are offered. */
function townshipProfile(): string {
  const profile = JSON.parse(fs.readFileSync(path.join(ROOT, 'kiosk-config', 'profiles', 'test-journey.json'), 'utf8')) as { kiosk: Record<string, unknown> };
  profile.kiosk = { ...profile.kiosk, code: 'TESTT1', level: 'township', regionCode: '420222100' };
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'budayang-profile-')), 'test-township.json');
  fs.writeFileSync(file, JSON.stringify(profile));
  return file;
}

test('an item marked for 人证核验 asks for the photo after the card; the countdown takes it and the form follows', async ({ page }) => {
  kiosk = await startKiosk({ profile: townshipProfile() });
  await openKiosk(page, kiosk.url);
  await page.getByTestId('attract-screen').click();
  await page.getByRole('button', { name: /办事/ }).first().click();
  await page.getByRole('tab', { name: /搜索/ }).click();
  await page.getByRole('textbox', { name: '输入事项名称或拼音首字母' }).click();
  await typeKeys(page, 'zdsh');
  await page.getByTestId('entry-item-minimum-living-allowance').click();
  await startFromGuide(page);
  await page.getByRole('button', { name: '同意并读取身份证' }).click();
  await placeCard(page);

  // The step after the card, in the progress list, in plain words.
  await expect(page.getByRole('heading', { name: '请正对摄像头拍一张照片' })).toBeVisible({ timeout: 15_000 });
  await expect(page.getByRole('listitem').filter({ hasText: '核对本人' })).toBeVisible();
  await expect(page.getByText('照片只用于这次比对，不会保存。', { exact: false })).toBeVisible();
  await expect(page.getByRole('button', { name: '拍照' })).toBeEnabled({ timeout: 15_000 });
  await expect(page.getByText(/\d 秒后自动拍照/)).toBeVisible();
  await capture(page, 'face-01-item-camera');
  // Nobody taps: the countdown takes the photo, the platform compares it, the form opens.
  await expect(page.getByTestId('apply-form')).toBeVisible({ timeout: 20_000 });
  await expect(page.getByTestId('card-summary')).toContainText('王建国');
  await capture(page, 'face-02-item-form');
});

for (const variant of [
  { name: 'en-portrait', english: true, elderly: false, orientation: 'portrait' },
  { name: 'elderly-landscape', english: false, elderly: true, orientation: 'landscape' },
  { name: 'zh-landscape', english: false, elderly: false, orientation: 'landscape' },
] as const) {
  test(`取证 passes 人证核验 (${variant.name})`, async ({ page }) => {
    kiosk = await startKiosk({ profile: 'demo' });
    await page.setViewportSize(VIEWPORTS[variant.orientation]);
    await startSession(page, kiosk.url, { english: variant.english, elderly: variant.elderly });
    await expect(page.getByTestId('service-pickup')).not.toHaveAttribute('aria-disabled', 'true', { timeout: 15_000 });
    await page.getByTestId('service-pickup').click();
    await page.getByRole('button', { name: variant.english ? 'Agree and continue' : '同意并继续' }).click();
    await placeCard(page);
    await passFaceCheck(page, `face-10-pickup-camera-${variant.name}`);
    await expect(page.getByTestId('pickup-list')).toBeVisible({ timeout: 15_000 });
    await capture(page, `face-11-pickup-list-${variant.name}`);
  });
}

/** The embedded platform answers every kiosk request with 503 (its admin fault switch). */
async function platformAnswers503(dataDir: string): Promise<void> {
  const db = new Database(path.join(dataDir, 'kiosk.sqlite'), { readonly: true, fileMustExist: true });
  const { platform_url: platformUrl } = db.prepare('SELECT platform_url FROM platform_registration WHERE id = 1').get() as { platform_url: string };
  db.close();
  const token = fs.readFileSync(path.join(dataDir, 'embedded-platform', 'admin-token'), 'utf8').trim();
  const response = await fetch(new URL('/admin/faults', platformUrl), { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ kind: 'status', status: 503 }) });
  expect(response.ok).toBe(true);
}

async function toPickupCamera(page: Page): Promise<void> {
  await startSession(page, kiosk!.url);
  await expect(page.getByTestId('service-pickup')).not.toHaveAttribute('aria-disabled', 'true', { timeout: 15_000 });
  await page.getByTestId('service-pickup').click();
  await page.getByRole('button', { name: '同意并继续' }).click();
  await placeCard(page);
  await expect(page.getByRole('button', { name: '拍照' })).toBeEnabled({ timeout: 15_000 });
}

test('the platform cannot check (503): 请到人工窗口办理 with the reason, nothing listed, the session ends clean', async ({ page }) => {
  kiosk = await startKiosk({ profile: 'demo' });
  await toPickupCamera(page);
  await platformAnswers503(kiosk.dataDir);
  await page.getByRole('button', { name: '拍照' }).click();
  await expect(page.getByTestId('result-headline')).toHaveText('请到人工窗口办理', { timeout: 20_000 });
  await expect(page.getByTestId('face-check-reason')).toHaveText('网络中断，暂时无法核对是否本人。这一步不能跳过，请到人工窗口办理。');
  await expect(page.getByText('您的身份证信息已从本机清除，没有提交任何内容。')).toBeVisible();
  await expect(page.getByTestId('pickup-list')).toHaveCount(0);
  await capture(page, 'face-20-unavailable');
  await page.getByRole('button', { name: '完成并退出' }).click();
  await expect(page.getByTestId('attract-screen')).toBeVisible({ timeout: 15_000 });
  await expect(page.locator('body')).not.toContainText('王');
});

test('the demo panel’s simulated camera: someone else is refused, the holder passes', async ({ page }) => {
  kiosk = await startKiosk({ profile: 'demo' });
  await startSession(page, kiosk.url);
  await withDevPanel(page, () => page.getByRole('radio', { name: '模拟：他人' }).click());
  await expect(page.getByTestId('service-pickup')).not.toHaveAttribute('aria-disabled', 'true', { timeout: 15_000 });
  await page.getByTestId('service-pickup').click();
  await page.getByRole('button', { name: '同意并继续' }).click();
  await placeCard(page);
  const take = page.getByRole('button', { name: '拍照' });
  await expect(take).toBeEnabled({ timeout: 15_000 });
  await take.click();
  await expect(page.getByRole('heading', { name: '请再拍一次' })).toBeVisible({ timeout: 15_000 });
  await withDevPanel(page, () => page.getByRole('radio', { name: '模拟：持卡人本人' }).click());
  await capture(page, 'face-40-demo-panel-retry');
  // The camera of the next attempt opened before the switch: take it again with the holder's face.
  await page.getByRole('button', { name: '返回首页' }).click();
  await page.getByTestId('service-pickup').click();
  await page.getByRole('button', { name: '同意并继续' }).click();
  await placeCard(page);
  await passFaceCheck(page);
  await expect(page.getByTestId('pickup-list')).toBeVisible({ timeout: 15_000 });
});

test('no camera (permission refused): the check cannot be done, 请到人工窗口办理 without a photo', async ({ page }) => {
  kiosk = await startKiosk({ profile: 'demo' });
  // What a kiosk whose camera is unplugged or refused sees: getUserMedia rejects.
  await page.addInitScript(() => {
    navigator.mediaDevices.getUserMedia = () => Promise.reject(new DOMException('no camera', 'NotFoundError'));
  });
  await startSession(page, kiosk.url);
  await expect(page.getByTestId('service-pickup')).not.toHaveAttribute('aria-disabled', 'true', { timeout: 15_000 });
  await page.getByTestId('service-pickup').click();
  await page.getByRole('button', { name: '同意并继续' }).click();
  await placeCard(page);
  await expect(page.getByTestId('result-headline')).toHaveText('请到人工窗口办理', { timeout: 15_000 });
  await expect(page.getByTestId('face-check-reason')).toHaveText('摄像头暂时无法使用，本机不能核对是否本人。请到人工窗口办理。');
  await expect(page.getByTestId('pickup-list')).toHaveCount(0);
  await capture(page, 'face-21-no-camera');
});
