// 长辈模式 as a kiosk's default (issue #16 item 13): a village machine can start every session in
// elderly mode from its config (`ui.elderlyModeDefault`); the citizen can still switch it off, and
// the next citizen gets the kiosk's default again.
import { expect, test } from '@playwright/test';
import { capture, openKiosk } from './support/journey';
import { startKiosk, type RunningKiosk } from './support/kiosk';
import { profileWith } from './support/profiles';

let kiosk: RunningKiosk | undefined;

test.afterEach(async () => {
  await kiosk?.stop();
  kiosk = undefined;
});

test('item 13: 长辈模式 from the kiosk config is on from the first screen, can be switched off, and is back for the next citizen', async ({ page }) => {
  kiosk = await startKiosk({ profile: profileWith('test-journey', { ui: { elderlyModeDefault: true } }) });
  await openKiosk(page, kiosk.url);
  await expect(page.locator('html')).toHaveClass(/elderly/);
  await page.getByTestId('attract-screen').click();
  const toggle = page.getByRole('button', { name: /长辈模式 · 已开启/ });
  await expect(toggle).toHaveAttribute('aria-pressed', 'true');
  // Body text at 1.5× the standard 20 px.
  await expect(page.getByText('请选择要办理的业务')).toBeVisible();
  expect(await page.evaluate(() => parseFloat(getComputedStyle(document.documentElement).fontSize) / 20)).toBeGreaterThanOrEqual(1.5);
  await capture(page, 'elderly-01-default-home');

  await toggle.click();
  await expect(page.locator('html')).not.toHaveClass(/elderly/);
  await page.getByRole('button', { name: '结束办理' }).click();
  await expect(page.getByTestId('attract-screen')).toBeVisible();
  await expect(page.locator('html')).toHaveClass(/elderly/);
});
