// 人证核验 with somebody else in front of the camera (#16 item 16): this file's browser shows the
// "stranger" face (tests/e2e/support/faceFeeds.ts), which matches no card. 取证 says why each photo
// was not accepted and how many are left, and after the last one sends the citizen to a window with
// the card's data wiped; nothing of the holder's certificates is ever shown.
import { expect, test, type Page } from '@playwright/test';
import { capture, openKiosk, placeCard, VIEWPORTS } from './support/journey';
import { chromiumLaunchArgs, CHROMIUM_PATH } from './support/faceFeeds';
import { startKiosk, type RunningKiosk } from './support/kiosk';

test.use({ launchOptions: { executablePath: CHROMIUM_PATH, args: chromiumLaunchArgs('stranger') } });

let kiosk: RunningKiosk | undefined;

test.afterEach(async () => {
  await kiosk?.stop();
  kiosk = undefined;
});

async function toPickupCamera(page: Page, english: boolean): Promise<void> {
  await openKiosk(page, kiosk!.url);
  await page.getByTestId('attract-screen').click();
  if (english) await page.getByTestId('toggle-language').click();
  await expect(page.getByTestId('service-pickup')).not.toHaveAttribute('aria-disabled', 'true', { timeout: 15_000 });
  await page.getByTestId('service-pickup').click();
  await page.getByRole('button', { name: english ? 'Agree and continue' : '同意并继续' }).click();
  await placeCard(page);
}

test('a face that is not the holder’s: two more tries, then 请到人工窗口办理; no certificate is shown', async ({ page }) => {
  kiosk = await startKiosk({ profile: 'demo' });
  await toPickupCamera(page, false);
  const take = page.getByRole('button', { name: '拍照' });

  await expect(take).toBeEnabled({ timeout: 15_000 });
  await take.click();
  await expect(page.getByRole('heading', { name: '请再拍一次' })).toBeVisible({ timeout: 15_000 });
  await expect(page.getByTestId('face-retry-reason')).toHaveText('照片和身份证登记的照片对不上。请摘下帽子和眼镜，正对摄像头，再拍一次（还可以拍 2 次）。');
  await expect(take).toBeEnabled({ timeout: 15_000 });
  await capture(page, 'face-30-stranger-retry');

  await take.click();
  await expect(page.getByTestId('face-retry-reason')).toContainText('还可以拍 1 次', { timeout: 15_000 });
  await expect(take).toBeEnabled({ timeout: 15_000 });
  await take.click();

  await expect(page.getByTestId('result-headline')).toHaveText('请到人工窗口办理', { timeout: 15_000 });
  await expect(page.getByTestId('face-check-reason')).toHaveText('几次拍照都没能确认是您本人。为保护您的信息，请到人工窗口办理，工作人员会当面核对。');
  await expect(page.getByText('您的身份证信息已从本机清除，没有提交任何内容。')).toBeVisible();
  await expect(page.getByTestId('pickup-list')).toHaveCount(0);
  await expect(page.getByRole('button', { name: '拍照' })).toHaveCount(0);
  await capture(page, 'face-31-stranger-window');
  await page.getByRole('button', { name: '完成并退出' }).click();
  await expect(page.getByTestId('attract-screen')).toBeVisible({ timeout: 15_000 });
});

test('the same ending in English, landscape', async ({ page }) => {
  kiosk = await startKiosk({ profile: 'demo' });
  await page.setViewportSize(VIEWPORTS.landscape);
  await toPickupCamera(page, true);
  const take = page.getByRole('button', { name: 'Take photo' });
  for (const left of [2, 1]) {
    await expect(take).toBeEnabled({ timeout: 15_000 });
    await take.click();
    await expect(page.getByTestId('face-retry-reason')).toContainText(`(attempts left: ${left})`, { timeout: 15_000 });
  }
  await capture(page, 'face-32-stranger-retry-en-landscape');
  await expect(take).toBeEnabled({ timeout: 15_000 });
  await take.click();
  await expect(page.getByTestId('result-headline')).toHaveText('Please visit a service window', { timeout: 15_000 });
  await expect(page.getByTestId('face-check-reason')).toContainText('We could not confirm that you are the card holder.');
  await capture(page, 'face-33-stranger-window-en-landscape');
});
