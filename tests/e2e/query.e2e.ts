// 查询 end to end: a case number typed on the on-screen keyboard is looked up at the (embedded)
// reference platform, and an unknown or malformed number gets a sentence with the fix.
import { expect, test, type Page } from '@playwright/test';
import { capture, openKiosk } from './support/journey';
import { startKiosk, type RunningKiosk } from './support/kiosk';

let kiosk: RunningKiosk;

test.beforeEach(async () => {
  kiosk = await startKiosk({ profile: 'demo' });
});

test.afterEach(async () => {
  await kiosk.stop();
});

async function type(page: Page, text: string) {
  for (const ch of text.toLowerCase()) await page.getByTestId(`key-${ch}`).click();
}

test('a citizen tracks a case typed from the receipt', async ({ page }) => {
  await openKiosk(page, kiosk.url);
  await page.getByTestId('attract-screen').click();
  await expect(page.getByTestId('service-query')).not.toHaveAttribute('aria-disabled', 'true', { timeout: 15_000 });
  await page.getByTestId('service-query').click();
  await expect(page.getByTestId('query-enter')).toBeVisible();

  await type(page, 'DEMO01-2026');
  await page.getByRole('button', { name: '查询', exact: true }).click();
  await expect(page.getByTestId('query-error')).toContainText('办件编号的格式');
  await capture(page, 'query-01-invalid');

  await type(page, '1119-0007');
  await expect(page.getByTestId('case-input')).toHaveValue('DEMO01-20261119-0007');
  await page.getByRole('button', { name: '查询', exact: true }).click();
  await expect(page.getByTestId('query-result')).toBeVisible();
  await expect(page.getByTestId('query-status')).toHaveText('待领取');
  await expect(page.getByText('营业执照变更')).toBeVisible();
  await capture(page, 'query-02-ready-for-pickup');

  await page.getByRole('button', { name: '查询其他办件' }).click();
  await page.getByTestId('kb-clear').click();
  await type(page, 'DEMO01-20991231-9999');
  await page.getByRole('button', { name: '查询', exact: true }).click();
  await expect(page.getByTestId('query-error')).toContainText('未找到办件编号 DEMO01-20991231-9999');
});
