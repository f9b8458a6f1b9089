// The citizen's session, as a new user found it wanting (issue #16): a double tap on 确认提交 never
// ends the session (1); payment and device activity keep it (2); the header says whose session it
// is and asks before ending one with cash in (3); and the end reminds to take the ID card, with a
// tone (9). Driven through visible labels; the page's clock is Playwright's injectable clock.
import { expect, test, type Page } from '@playwright/test';
import { declareAndSign, insertNote, openKiosk, passFaceCheck, type Orientation, placeCard, startFromGuide, typeKeys, VIEWPORTS } from './support/journey';
import { screenshot, startKiosk, type RunningKiosk } from './support/kiosk';
import { profileWith } from './support/profiles';

let kiosk: RunningKiosk | undefined;

test.afterEach(async () => {
  await kiosk?.stop();
  kiosk = undefined;
});

/** 办事 → 人社 → 失业登记 up to its signature step, the card read and everything filled. */
async function toSignature(page: Page): Promise<void> {
  await page.getByRole('button', { name: /办事/ }).first().click();
  await page.getByRole('tab', { name: /搜索/ }).click();
  await page.getByRole('textbox', { name: '输入事项名称或拼音首字母' }).click();
  await typeKeys(page, 'sydj');
  await page.getByRole('button', { name: /失业登记/ }).click();
  await startFromGuide(page);
  await page.getByRole('button', { name: '同意并读取身份证' }).click();
  await placeCard(page);
  await page.getByRole('textbox', { name: /联系电话/ }).click();
  await typeKeys(page, '13700137000');
  await page.getByRole('textbox', { name: /居住地址/ }).click();
  await typeKeys(page, 'huangshi');
  await page.getByTestId('candidate-0').click();
  await page.getByRole('button', { name: '完成', exact: true }).click();
  await page.getByRole('button', { name: '下一步' }).click();
  await page.getByRole('radio', { name: /承诺代替/ }).click();
  await page.getByRole('button', { name: '下一步' }).click();
  await page.getByRole('button', { name: '下一步' }).click();
  await declareAndSign(page);
}

for (const orientation of ['portrait', 'landscape'] as const satisfies readonly Orientation[]) {
  test(`defect 1 (${orientation}): a second tap of 确认提交 lands on nothing that ends the session, and the case number stays`, async ({ page }) => {
    kiosk = await startKiosk({ profile: 'test-journey' });
    await page.setViewportSize(VIEWPORTS[orientation]);
    await openKiosk(page, kiosk.url);
    await page.getByTestId('attract-screen').click();
    await toSignature(page);
    const submit = page.getByRole('button', { name: '确认提交' });
    const box = (await submit.boundingBox())!;
    const spot = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
    await submit.click();
    await expect(page.getByTestId('case-number')).toBeVisible();
    // The second tap of a double tap, at the same spot, as soon as the result is there.
    await page.mouse.click(spot.x, spot.y);
    await expect(page.getByTestId('case-number')).toHaveText(/^TESTJ1-\d{8}-\d{4}$/);
    await expect(page.getByTestId('session-holder')).toHaveText('办理人：王**');
    // No button that ends the session sits where 确认提交 was, in either orientation.
    const finish = (await page.getByRole('button', { name: '完成并退出' }).boundingBox())!;
    const inside = (b: { x: number; y: number; width: number; height: number }) => spot.x >= b.x && spot.x <= b.x + b.width && spot.y >= b.y && spot.y <= b.y + b.height;
    expect(inside(finish)).toBe(false);
    expect(inside((await page.getByRole('button', { name: '结束办理' }).boundingBox())!)).toBe(false);
    await screenshot(page, `session-01-double-tap-result-${orientation}`);
  });
}

test('defect 1: taps are ignored for a moment after a step appears', async ({ page }) => {
  kiosk = await startKiosk({ profile: 'test-journey' });
  await openKiosk(page, kiosk.url);
  await page.getByTestId('attract-screen').click();
  // The busy moment is short: a watcher records it however briefly it lasts (a poll could miss it).
  await page.evaluate(() => {
    const seen = window as unknown as { sawBusyStep?: boolean };
    new MutationObserver(() => {
      if (document.querySelector('main[aria-busy="true"]')) seen.sawBusyStep = true;
    }).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['aria-busy'] });
  });
  await page.getByRole('button', { name: /办事/ }).first().click();
  // The new step is busy (inert to taps) as it appears, then takes them.
  await expect.poll(() => page.evaluate(() => (window as unknown as { sawBusyStep?: boolean }).sawBusyStep === true)).toBe(true);
  await expect(page.locator('main[aria-busy="true"]')).toHaveCount(0);
  await page.getByRole('tab', { name: /搜索/ }).click();
  await expect(page.getByRole('tab', { name: /搜索/ })).toHaveAttribute('aria-selected', 'true');
});

test('defect 2: a QR on screen and notes being fed keep the session; it times out only once the money is settled', async ({ page }) => {
  kiosk = await startKiosk({ profile: profileWith('demo', { ui: { idleWarningSeconds: 20, idleCountdownSeconds: 10 } }) });
  await page.clock.install();
  await openKiosk(page, kiosk.url);
  await page.getByTestId('attract-screen').click();
  await expect(page.getByTestId('service-pay')).not.toHaveAttribute('aria-disabled', 'true', { timeout: 15_000 });
  await page.getByRole('button', { name: /缴费/ }).first().click();
  await typeKeys(page, '42020026112600012345');
  await page.getByRole('button', { name: '查询', exact: true }).click();
  await page.getByRole('button', { name: /手机扫码支付/ }).click();
  await expect(page.getByTestId('pay-qr-code')).toBeVisible({ timeout: 15_000 });
  // A minute with the QR on screen and no touch: far past the 30 s idle limit.
  await page.clock.fastForward(60_000);
  await expect(page.getByTestId('pay-qr-code')).toBeVisible();
  await expect(page.getByTestId('idle-warning')).toHaveCount(0);

  // Cancel, then pay in cash: feeding notes slowly never times the session out.
  await page.getByRole('button', { name: '取消支付' }).click();
  await page.getByRole('button', { name: '重新支付' }).click();
  await page.getByRole('button', { name: /现金支付/ }).click();
  await expect(page.getByTestId('pay-cash')).toBeVisible();
  await page.clock.fastForward(60_000);
  await insertNote(page, 20);
  await expect(page.getByTestId('cash-paid')).toHaveText('¥20.00');
  await page.clock.fastForward(60_000);
  await expect(page.getByTestId('idle-warning')).toHaveCount(0);
  await insertNote(page, 20);
  await insertNote(page, 10);
  await expect(page.getByTestId('result-headline')).toHaveText('已缴纳 ¥50.00', { timeout: 15_000 });
  // Settled: now the idle rule applies again.
  await page.clock.fastForward(21_000);
  await expect(page.getByTestId('idle-warning')).toBeVisible();
  await screenshot(page, 'session-02-idle-after-payment');
});

test('defect 3: the header says whose session it is; 结束办理 with cash in asks first, and ends with a refund', async ({ page }) => {
  kiosk = await startKiosk({ profile: 'demo' });
  await openKiosk(page, kiosk.url);
  await page.getByTestId('attract-screen').click();
  // A proof read the card: from then on, every screen says whose session it is.
  await expect(page.getByTestId('service-proof')).not.toHaveAttribute('aria-disabled', 'true', { timeout: 15_000 });
  await page.getByRole('button', { name: /打印证明/ }).click();
  await page.getByRole('button', { name: '同意并继续' }).click();
  await placeCard(page);
  await expect(page.getByRole('heading', { name: '请选择要打印的证明' })).toBeVisible();
  await page.getByRole('button', { name: '返回首页' }).click();
  await expect(page.getByText('办理人：王**')).toBeVisible();
  await expect(page.getByRole('button', { name: '结束办理' })).toBeVisible();
  await screenshot(page, 'session-03-home-identified');

  await page.getByRole('button', { name: /缴费/ }).first().click();
  await typeKeys(page, '42020026112600012345');
  await page.getByRole('button', { name: '查询', exact: true }).click();
  await page.getByRole('button', { name: /现金支付/ }).click();
  await insertNote(page, 20);
  await expect(page.getByTestId('cash-paid')).toHaveText('¥20.00');
  await page.getByRole('button', { name: '结束办理' }).click();
  const dialog = page.getByRole('alertdialog', { name: '确定结束办理吗？' });
  await expect(dialog).toContainText('您已投入¥20.00');
  await expect(dialog).toContainText('退款凭证');
  await screenshot(page, 'session-04-exit-with-cash');
  await dialog.getByRole('button', { name: '继续办理' }).click();
  await expect(page.getByTestId('pay-cash')).toBeVisible();
  await expect(page.getByTestId('cash-paid')).toHaveText('¥20.00');
  await page.getByRole('button', { name: '结束办理' }).click();
  await page.getByRole('alertdialog').getByRole('button', { name: '结束办理' }).click();
  // The card was read in this session: the reminder first, then a clean attract screen.
  await expect(page.getByRole('heading', { name: '请取走您的身份证' })).toBeVisible();
  await expect(page.getByTestId('attract-screen')).toBeVisible({ timeout: 15_000 });
  await expect(page.locator('body')).not.toContainText('王');
});

test('defect 9: the end of a session that read a card says 请取走身份证 with a tone, then starts clean', async ({ page }) => {
  kiosk = await startKiosk({ profile: 'demo' });
  // Count the tones the page plays (WebAudio oscillators started).
  await page.addInitScript(() => {
    const original = OscillatorNode.prototype.start;
    (window as unknown as { tones: number }).tones = 0;
    OscillatorNode.prototype.start = function (...args: Parameters<OscillatorNode['start']>) {
      (window as unknown as { tones: number }).tones++;
      return original.apply(this, args);
    };
  });
  await openKiosk(page, kiosk.url);
  await page.getByTestId('attract-screen').click();
  await expect(page.getByTestId('service-pickup')).not.toHaveAttribute('aria-disabled', 'true', { timeout: 15_000 });
  await page.getByRole('button', { name: /取证/ }).click();
  await page.getByRole('button', { name: '同意并继续' }).click();
  await placeCard(page);
  await passFaceCheck(page);
  await expect(page.getByTestId('pickup-list')).toBeVisible({ timeout: 15_000 });
  const tonesBefore = await page.evaluate(() => (window as unknown as { tones: number }).tones);
  await page.getByRole('button', { name: '结束办理' }).click();
  await expect(page.getByRole('heading', { name: '请取走您的身份证' })).toBeVisible();
  await expect.poll(() => page.evaluate(() => (window as unknown as { tones: number }).tones)).toBeGreaterThan(tonesBefore);
  await screenshot(page, 'session-05-take-card');
  await page.getByRole('button', { name: '已取走' }).click();
  await expect(page.getByTestId('attract-screen')).toBeVisible();
});
