// Errors on citizen screens are sentences from the error code, in the screen's language, with a
// next step — never the core's English description. Through the browser shell (demo profile).
import { expect, test, type Page } from '@playwright/test';
import { screenshot, startKiosk, type RunningKiosk } from './support/kiosk';

let kiosk: RunningKiosk;

test.beforeEach(async () => {
  kiosk = await startKiosk({ profile: 'demo' });
});

test.afterEach(async () => {
  await kiosk.stop();
});

async function openPay(page: Page) {
  await page.goto(kiosk.url);
  await page.getByTestId('attract-screen').click();
  await expect(page.getByTestId('service-pay')).not.toHaveAttribute('aria-disabled', 'true', { timeout: 15_000 });
  await page.getByTestId('service-pay').click();
  await expect(page.getByTestId('pay-find')).toBeVisible();
}

test('a payment notice the platform does not know: the sentence for payableNotFound, in Chinese then English', async ({ page }) => {
  await openPay(page);
  // Twenty digits, well formed, but no such notice at the reference platform.
  for (const digit of '42020026112699999999') await page.getByTestId(`key-${digit}`).click();
  await page.getByRole('button', { name: '查询', exact: true }).click();
  const error = page.getByTestId('pay-error');
  await expect(error).toHaveText('没有找到这笔待缴费用。请核对缴款通知书编号或办件号后重试。');
  await screenshot(page, 'errors-01-pay-notice-not-found');

  await page.getByRole('button', { name: '切换为英文界面' }).click();
  await page.getByRole('button', { name: 'Look up', exact: true }).click();
  await expect(error).toHaveText('This fee was not found. Please check the payment notice or case number and try again.');
  await screenshot(page, 'errors-02-pay-notice-not-found-en');
});
