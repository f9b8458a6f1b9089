// Diagnostics mode end to end (demo profile, whose technician PIN is the documented 246810): the
// hidden corner gesture, a wrong PIN refused with the attempts left, then device statuses, a test
// page on the receipt printer, and back to a clean attract screen.
import { expect, test, type Page } from '@playwright/test';
import { screenshot, startKiosk, type RunningKiosk } from './support/kiosk';

let kiosk: RunningKiosk;

test.beforeEach(async () => {
  kiosk = await startKiosk({ profile: 'demo' });
});

test.afterEach(async () => {
  await kiosk.stop();
});

async function typePin(page: Page, pin: string) {
  for (const digit of pin) await page.getByTestId(`key-${digit}`).click();
}

test('a technician enters with the PIN, sees every device and prints a test page', async ({ page }) => {
  await page.goto(kiosk.url);
  await expect(page.getByTestId('maintenance-corner')).toBeVisible({ timeout: 15_000 });
  for (let i = 0; i < 5; i++) await page.getByTestId('maintenance-corner').click();
  await expect(page.getByTestId('diagnostics-pin')).toBeVisible();
  await typePin(page, '1234');
  await page.getByTestId('diagnostics-enter').click();
  await expect(page.getByTestId('diagnostics-error')).toContainText('还可尝试 4 次');
  await typePin(page, '246810');
  await page.getByTestId('diagnostics-enter').click();
  await expect(page.getByTestId('diagnostics')).toBeVisible();
  for (const device of ['id-reader', 'scanner', 'bill-acceptor', 'receipt-printer', 'a4-printer', 'certificate-printer']) {
    await expect(page.getByTestId(`diag-device-${device}`)).toContainText('online');
  }
  await expect(page.getByTestId('diag-queue')).toContainText('平台在线');
  await page.getByTestId('diag-test-page').click();
  await expect(page.getByTestId('diag-message')).toHaveText('完成：printed');
  await screenshot(page, 'diagnostics-01-devices');
  await page.getByTestId('diag-exit').click();
  await expect(page.getByTestId('attract-screen')).toBeVisible();
  await page.getByTestId('attract-screen').click();
  await expect(page.getByTestId('home-screen')).toBeVisible();
});
