// Every step of every service, in Chinese, English and elderly mode, portrait and landscape: a
// screenshot of each (tests/artifacts/screenshots/tour-*) for a person to look at, and axe with no
// serious or critical violation on each (issue #16: "axe stays at 0 on every screen in both modes").
import { expect, test, type Page } from '@playwright/test';
import { capture, insertNote, openKiosk, passFaceCheck, placeCard, sign, typeKeys, VIEWPORTS, type Orientation } from './support/journey';
import { startKiosk, type RunningKiosk } from './support/kiosk';

let kiosk: RunningKiosk | undefined;

test.afterEach(async () => {
  await kiosk?.stop();
  kiosk = undefined;
});

type Variant = 'zh' | 'en' | 'elderly';
const VARIANTS: ReadonlyArray<{ variant: Variant; orientation: Orientation }> = [
  { variant: 'zh', orientation: 'portrait' },
  { variant: 'zh', orientation: 'landscape' },
  { variant: 'en', orientation: 'portrait' },
  { variant: 'en', orientation: 'landscape' },
  { variant: 'elderly', orientation: 'portrait' },
  { variant: 'elderly', orientation: 'landscape' },
];

/** Back to the home screen from a journey's last step (the session continues). */
async function home(page: Page): Promise<void> {
  await page.getByTestId('result-another').click();
  await page.getByTestId('journey-back').click();
  await expect(page.getByTestId('home-screen')).toBeVisible();
}

for (const { variant, orientation } of VARIANTS) {
  test(`tour: every step in ${variant}, ${orientation}`, async ({ page }) => {
    test.setTimeout(240_000);
    kiosk = await startKiosk({ profile: 'demo' });
    await page.setViewportSize(VIEWPORTS[orientation]);
    await page.clock.install();
    let n = 0;
    const shot = (name: string) => capture(page, `tour-${variant}-${orientation}-${String(++n).padStart(2, '0')}-${name}`);

    await openKiosk(page, kiosk.url);
    await shot('attract');
    await page.getByTestId('attract-screen').click();
    await expect(page.getByTestId('home-screen')).toBeVisible();
    if (variant === 'en') await page.getByTestId('toggle-language').click();
    if (variant === 'elderly') await page.getByTestId('toggle-elderly').click();
    await expect(page.getByTestId('service-proof')).not.toHaveAttribute('aria-disabled', 'true', { timeout: 15_000 });
    await shot('home');

    // 办事: one item from catalog to result.
    await page.getByTestId('service-apply').click();
    await page.getByTestId('department-human-resources').click();
    await shot('apply-catalog');
    await page.getByTestId('entry-item-pension-benefit-application').click();
    await shot('apply-guide');
    await page.getByTestId('journey-next').click();
    await shot('apply-consent');
    await page.getByTestId('journey-next').click();
    await expect(page.getByTestId('identify')).toBeVisible();
    await shot('apply-identify');
    await placeCard(page);
    await expect(page.getByTestId('apply-form')).toBeVisible();
    // Fill each form page (elderly mode asks fewer fields a page), showing the first with its keyboard.
    const answers: Record<string, string> = { applicantPhone: '13800138000', retirementDate: '20260101', bankAccount: '6222020200112233445' };
    for (let formPage = 0; formPage < 4 && (await page.getByTestId('apply-form').isVisible()); formPage++) {
      const keys = await page.getByTestId('apply-form').locator('[data-testid^="input-"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')!.slice('input-'.length)));
      for (const key of keys) {
        await page.getByTestId(`input-${key}`).click();
        await typeKeys(page, answers[key]!);
        if (key === 'applicantPhone') await shot('apply-form-keyboard');
      }
      await page.getByTestId('kb-done').click();
      await page.getByTestId('journey-next').click();
    }
    await expect(page.getByTestId('apply-materials')).toBeVisible();
    await shot('apply-materials');
    await page.getByTestId('material-bank-card-photo').click();
    await expect(page.getByTestId('capture-take')).toBeEnabled();
    await shot('apply-camera');
    await page.getByTestId('capture-take').click();
    await shot('apply-camera-preview');
    await page.getByTestId('capture-use').click();
    await page.getByTestId('journey-next').click();
    await expect(page.getByTestId('apply-review')).toBeVisible();
    await shot('apply-review');
    await page.getByTestId('journey-next').click();
    await page.getByTestId('declaration-check').check();
    await sign(page);
    await shot('apply-signature');
    await page.getByTestId('journey-next').click();
    await expect(page.getByTestId('case-number')).toBeVisible({ timeout: 20_000 });
    await expect(page.getByTestId('apply-result')).toHaveAttribute('data-sync', 'acknowledged', { timeout: 20_000 });
    await shot('apply-result');
    await home(page);
    await shot('home-identified');

    // 缴费: a notice paid in cash.
    await page.getByTestId('service-pay').click();
    await typeKeys(page, '42020026112600012345');
    await shot('pay-find');
    await page.getByTestId('journey-next').click();
    await expect(page.getByTestId('pay-confirm')).toBeVisible();
    await shot('pay-confirm');
    await page.getByTestId('pay-method-cash').click();
    await insertNote(page, 20);
    await expect(page.getByTestId('cash-paid')).toHaveText('¥20.00');
    await insertNote(page, 50);
    await expect(page.getByTestId('cash-notice')).toBeVisible();
    await shot('pay-cash');
    await insertNote(page, 20);
    await insertNote(page, 10);
    await expect(page.getByTestId('pay-result')).toBeVisible({ timeout: 15_000 });
    await shot('pay-result');
    await home(page);

    // 打印证明: consent, card, kind, preview, result.
    await page.getByTestId('service-proof').click();
    await expect(page.getByTestId('proof-consent')).toBeVisible();
    await shot('proof-consent');
    await page.getByTestId('journey-next').click();
    await placeCard(page);
    await expect(page.getByTestId('proof-choose')).toBeVisible();
    await shot('proof-choose');
    await page.getByTestId('proof-kind-socialInsurance').click();
    await expect(page.getByTestId('proof-preview')).toBeVisible({ timeout: 20_000 });
    await shot('proof-preview');
    await page.getByTestId('journey-next').click();
    await expect(page.getByTestId('proof-result')).toBeVisible({ timeout: 20_000 });
    await shot('proof-result');
    await home(page);

    // 取证: consent, card, list, preview, result.
    await page.getByTestId('service-pickup').click();
    await expect(page.getByTestId('pickup-consent')).toBeVisible();
    await shot('pickup-consent');
    await page.getByTestId('journey-next').click();
    await placeCard(page);
    // 人证核验 (#16 item 16) before the holder's certificates are listed.
    await expect(page.getByTestId('face-take')).toBeEnabled({ timeout: 15_000 });
    await shot('pickup-face');
    await passFaceCheck(page);
    await expect(page.getByTestId('pickup-list')).toBeVisible({ timeout: 15_000 });
    await shot('pickup-list');
    await page.locator('[data-testid^="pickup-C-"]').first().click();
    await shot('pickup-preview');
    await page.getByTestId('journey-next').click();
    await expect(page.getByTestId('pickup-result')).toBeVisible({ timeout: 20_000 });
    await shot('pickup-result');
    await page.getByTestId('result-another').click();
    await expect(page.getByTestId('pickup-list')).toBeVisible({ timeout: 15_000 });
    await page.getByTestId('journey-back').click();

    // 查询: a case typed from a receipt.
    await page.getByTestId('service-query').click();
    for (const ch of 'demo01-20261119-0007') await page.getByTestId(`key-${ch}`).click();
    await shot('query-enter');
    await page.getByTestId('journey-next').click();
    await expect(page.getByTestId('query-result')).toBeVisible();
    await shot('query-result');

    // The idle warning, then the end of the session with the card reminder.
    await page.clock.fastForward(((variant === 'elderly' ? 2 : 1) * 60 + 1) * 1000);
    await expect(page.getByTestId('idle-warning')).toBeVisible();
    await shot('idle-warning');
    await page.getByTestId('idle-more-time').click();
    await page.getByTestId('exit-session').click();
    await expect(page.getByTestId('take-card-reminder')).toBeVisible();
    await shot('take-card');
  });
}
