// 缴费 end to end in Chromium through the browser shell (demo profile: simulated acceptor,
// scanner and receipt printer, embedded reference platform): a payment notice paid in cash with
// a note refused because it exceeds what is due, and one paid with the citizen's payment code.
import { expect, test, type Page } from '@playwright/test';
import { capture, insertNote, openKiosk, typeKeys, withDevPanel } from './support/journey';
import { startKiosk, type RunningKiosk } from './support/kiosk';

let kiosk: RunningKiosk;

test.beforeEach(async () => {
  kiosk = await startKiosk({ profile: 'demo' });
});

test.afterEach(async () => {
  await kiosk.stop();
});

const NOTICE_50_YUAN = '42020026112600012345';
const NOTICE_120_YUAN = '42020026112600012346';

async function openNotice(page: Page, notice: string) {
  await openKiosk(page, kiosk.url);
  await page.getByTestId('attract-screen').click();
  await expect(page.getByTestId('service-pay')).not.toHaveAttribute('aria-disabled', 'true', { timeout: 15_000 });
  await page.getByRole('button', { name: /缴费/ }).first().click();
  await expect(page.getByTestId('pay-find')).toBeVisible();
  await typeKeys(page, notice);
  // Shown in groups of four, so it can be read back against the paper notice.
  await expect(page.getByTestId('notice-input')).toHaveValue(notice.replace(/(\d{4})(?=\d)/g, '$1 '));
}

test('a payment notice paid in cash: a note above what is due is returned, the total is exact', async ({ page }) => {
  await openNotice(page, NOTICE_50_YUAN);
  await capture(page, 'pay-01-find');
  await page.getByRole('button', { name: '查询', exact: true }).click();
  await expect(page.getByTestId('pay-confirm')).toBeVisible();
  await expect(page.getByTestId('pay-amount')).toHaveText('¥50.00');
  // The cash hint lists the notes the acceptor is configured to take.
  await expect(page.getByTestId('pay-method-cash')).toContainText('收 1、5、10、20、50、100 元纸币，不找零');
  await capture(page, 'pay-02-confirm');
  await page.getByTestId('pay-method-cash').click();
  await expect(page.getByTestId('pay-cash')).toBeVisible();

  await insertNote(page, 20);
  await expect(page.getByTestId('cash-paid')).toHaveText('¥20.00');
  await insertNote(page, 20);
  await expect(page.getByTestId('cash-paid')).toHaveText('¥40.00');
  await expect(page.getByTestId('cash-remaining')).toHaveText('¥10.00');
  // 20 yuan exceeds the 10 still due: the acceptor returns it and the screen says so, from the numbers.
  await insertNote(page, 20);
  await expect(page.getByRole('alert')).toHaveText('已退回20元，请投入不超过10元的纸币');
  await expect(page.getByTestId('cash-paid')).toHaveText('¥40.00');
  await capture(page, 'pay-03-cash-note-returned');
  // Cancel warns first, because money is already in.
  await page.getByTestId('cash-cancel').click();
  await expect(page.getByTestId('cash-cancel-warning')).toContainText('请持退款凭证到人工窗口办理退款');
  await capture(page, 'pay-04-cash-cancel-warning');
  await page.getByTestId('cash-keep-paying').click();
  await insertNote(page, 10);
  await expect(page.getByTestId('pay-result')).toBeVisible({ timeout: 15_000 });
  await expect(page.getByTestId('result-headline')).toHaveText('已缴纳 ¥50.00');
  await expect(page.getByTestId('pay-receipt')).toHaveText('请取走缴费凭证');
  await capture(page, 'pay-05-cash-paid');
});

test('a payment notice paid with the citizen’s payment code', async ({ page }) => {
  await openNotice(page, NOTICE_120_YUAN);
  await page.getByRole('button', { name: '查询', exact: true }).click();
  await expect(page.getByTestId('pay-amount')).toHaveText('¥120.00');
  await page.getByTestId('pay-method-paymentCode').click();
  await expect(page.getByTestId('pay-waiting-code')).toBeVisible();
  await capture(page, 'pay-06-qr-waiting-for-code');
  // A fictitious WeChat-shaped code; the gateway simulator pays codes not ending in 91–93.
  await withDevPanel(page, () => page.getByTestId('dev-scan-134567890123456780').click());
  await expect(page.getByTestId('pay-result')).toBeVisible({ timeout: 20_000 });
  await expect(page.getByTestId('result-headline')).toHaveText('已缴纳 ¥120.00');
  await expect(page.getByTestId('pay-receipt')).toHaveText('请取走缴费凭证');
  // The code itself never reached the journey's screens (the demo panel's button holds it, not the app).
  expect(await page.locator('main').innerHTML()).not.toContain('134567890123456780');
  await capture(page, 'pay-07-qr-paid');
});

test('the displayed order QR with the payment apps’ marks, then canceled: nothing is paid', async ({ page }) => {
  await openNotice(page, NOTICE_50_YUAN);
  await page.getByRole('button', { name: '查询', exact: true }).click();
  await page.getByTestId('pay-method-qrDisplayed').click();
  const qr = page.getByTestId('pay-qr-code');
  await expect(qr).toBeVisible({ timeout: 15_000 });
  await expect(qr).toHaveAttribute('data-qr-content', /^https:\/\/pay\.budayang\.invalid\/qr\//);
  for (const brand of ['微信支付', '支付宝', '云闪付']) await expect(page.getByTestId('payment-marks').getByText(brand)).toBeVisible();
  await capture(page, 'pay-08-qr-displayed');
  await page.getByRole('button', { name: '取消支付' }).click();
  await expect(page.getByTestId('pay-result')).toBeVisible({ timeout: 15_000 });
  await expect(page.getByTestId('result-headline')).toHaveText('已取消缴费，没有扣款。');
});

test('defect 8: 正在识别… while a note is checked; 继续缴费 starts from an empty notice field that takes new digits', async ({ page }) => {
  await openNotice(page, NOTICE_50_YUAN);
  await page.getByRole('button', { name: '查询', exact: true }).click();
  await page.getByRole('button', { name: /现金支付/ }).click();
  // Record every text the cash status line shows, so the brief escrow state is seen however short.
  await page.getByTestId('cash-status').evaluate((el) => {
    const seen: string[] = [el.textContent ?? ''];
    (window as unknown as { cashStatusSeen: string[] }).cashStatusSeen = seen;
    new MutationObserver(() => seen.push(el.textContent ?? '')).observe(el, { childList: true, characterData: true, subtree: true });
  });
  await insertNote(page, 50);
  await expect(page.getByTestId('result-headline')).toHaveText('已缴纳 ¥50.00', { timeout: 15_000 });
  expect(await page.evaluate(() => (window as unknown as { cashStatusSeen: string[] }).cashStatusSeen)).toContain('正在识别…');

  await page.getByRole('button', { name: '继续缴费' }).click();
  const notice = page.getByRole('textbox', { name: '输入缴款通知书编号' });
  await expect(notice).toHaveValue('');
  await typeKeys(page, NOTICE_120_YUAN);
  await expect(notice).toHaveValue(NOTICE_120_YUAN.replace(/(\d{4})(?=\d)/g, '$1 '));
  await page.getByRole('button', { name: '查询', exact: true }).click();
  await expect(page.getByTestId('pay-amount')).toHaveText('¥120.00');
  // The refund wording names the slip once: 请持退款凭证, never 请凭凭证.
  await page.getByRole('button', { name: /现金支付/ }).click();
  await insertNote(page, 20);
  await expect(page.getByTestId('cash-paid')).toHaveText('¥20.00');
  await page.getByTestId('cash-cancel').click();
  await expect(page.getByTestId('cash-cancel-warning')).toContainText('请持退款凭证');
  await expect(page.getByTestId('cash-cancel-warning')).not.toContainText('凭凭证');
  await page.getByTestId('cash-cancel-confirm').click();
  await expect(page.getByTestId('result-headline')).toContainText('已投入的 ¥20.00 已登记退款', { timeout: 15_000 });
  await capture(page, 'pay-09-refund-claim');
});
