// How the screens sit and look, in both orientations (issue #16): the action bar is always on
// screen, the keyboard never covers its field, results, 0 or 完成, each step opens at its top (4);
// the keyboard is wide in landscape and low in portrait, its empty candidate bar shows a hint,
// not dashes, and the region's 鄂 comes first (11); drawn icons, no Chinese in English mode, a
// header that never breaks a word, an opaque idle warning, a Chinese name for the progress list,
// no maintenance button in the accessibility tree, and a demo panel that covers nothing (12).
import { expect, test, type Locator, type Page } from '@playwright/test';
import { disjoint, openKiosk, type Orientation, placeCard, startFromGuide, typeKeys, VIEWPORTS } from './support/journey';
import { screenshot, startKiosk, type RunningKiosk } from './support/kiosk';
import { profileWith } from './support/profiles';

let kiosk: RunningKiosk | undefined;

test.afterEach(async () => {
  await kiosk?.stop();
  kiosk = undefined;
});

async function box(locator: Locator) {
  const b = await locator.boundingBox();
  expect(b, 'element has a box').not.toBeNull();
  return b!;
}

/** Entirely inside the viewport (not below the fold, not under another edge). */
async function expectOnScreen(page: Page, locator: Locator): Promise<void> {
  const b = await box(locator);
  const { width, height } = page.viewportSize()!;
  expect(b.x).toBeGreaterThanOrEqual(0);
  expect(b.y).toBeGreaterThanOrEqual(0);
  expect(b.x + b.width).toBeLessThanOrEqual(width + 0.5);
  expect(b.y + b.height).toBeLessThanOrEqual(height + 0.5);
}

async function startApply(page: Page, orientation: Orientation): Promise<void> {
  kiosk = await startKiosk({ profile: 'test-journey' });
  await page.setViewportSize(VIEWPORTS[orientation]);
  await openKiosk(page, kiosk.url);
  await page.getByTestId('attract-screen').click();
  await page.getByRole('button', { name: /办事/ }).first().click();
}

for (const orientation of ['portrait', 'landscape'] as const) {
  test(`defect 4 (${orientation}): the keyboard never covers the search results, the field, 0 or 完成; 下一步 is always on screen`, async ({ page }) => {
    await startApply(page, orientation);
    await page.getByRole('tab', { name: /搜索/ }).click();
    const search = page.getByRole('textbox', { name: '输入事项名称或拼音首字母' });
    await search.click();
    await typeKeys(page, 'bdc');
    const keyboard = page.getByRole('group', { name: /正在输入/ });
    const firstResult = page.getByRole('button', { name: /不动产/ }).first();
    await expect(firstResult).toBeVisible();
    await expectOnScreen(page, firstResult);
    expect(disjoint(await box(firstResult), await box(keyboard))).toBe(true);
    expect(disjoint(await box(search), await box(keyboard))).toBe(true);
    await expectOnScreen(page, page.getByRole('button', { name: '完成', exact: true }));
    // Wide in landscape, low in portrait (defect 11).
    const kb = await box(keyboard);
    if (orientation === 'landscape') expect(kb.width).toBeGreaterThan(VIEWPORTS.landscape.width * 0.45);
    else expect(kb.y + kb.height).toBeGreaterThan(VIEWPORTS.portrait.height * 0.8);
    await screenshot(page, `layout-01-search-keyboard-${orientation}`);
    await page.getByRole('button', { name: '完成', exact: true }).click();

    await page.getByRole('tab', { name: /按部门/ }).click();
    await page.getByRole('button', { name: /人力资源和社会保障/ }).click();
    await page.getByRole('button', { name: /基本养老保险待遇申领/ }).click();
    // The guide (#16 item 17) keeps its 开始办理 on screen in either orientation.
    await expect(page.getByTestId('apply-guide')).toBeVisible();
    await expectOnScreen(page, page.getByRole('button', { name: '开始办理', exact: true }));
    await screenshot(page, `layout-01b-guide-${orientation}`);
    await startFromGuide(page);
    await page.getByRole('button', { name: '同意并读取身份证' }).click();
    await placeCard(page);
    const phone = page.getByRole('textbox', { name: /联系电话/ });
    await phone.click();
    const digits = page.getByRole('group', { name: '正在输入：联系电话' });
    expect(disjoint(await box(phone), await box(digits))).toBe(true);
    await expectOnScreen(page, phone);
    await expectOnScreen(page, page.getByRole('button', { name: '0', exact: true }));
    await expectOnScreen(page, page.getByRole('button', { name: '完成', exact: true }));
    await expectOnScreen(page, page.getByRole('button', { name: '下一步' }));
    await screenshot(page, `layout-02-form-keyboard-${orientation}`);
  });

  test(`defect 4 (${orientation}): a new step opens at its top`, async ({ page }) => {
    await startApply(page, orientation);
    await page.getByRole('tab', { name: /搜索/ }).click();
    await page.getByRole('textbox', { name: '输入事项名称或拼音首字母' }).click();
    await typeKeys(page, 'd');
    await expect(page.getByText(/找到 \d+ 项/)).toBeVisible();
    // Scroll the results down as a citizen would, then choose the last one: its first step starts at the top.
    const body = page.getByTestId('journey-body');
    await body.evaluate((el) => el.scrollTo(0, el.scrollHeight));
    expect(await body.evaluate((el) => el.scrollTop)).toBeGreaterThan(0);
    await page.getByTestId('catalog-entries').getByRole('button').last().click();
    // Its guide (#16 item 17) opens at the top, and so does the step after it.
    await expect(page.getByTestId('apply-guide')).toBeVisible();
    expect(await page.getByTestId('journey-body').evaluate((el) => el.scrollTop)).toBe(0);
    await expectOnScreen(page, page.getByRole('button', { name: '开始办理', exact: true }));
    await startFromGuide(page);
    await expect(page.getByRole('heading', { name: '读取身份证前，请您确认' })).toBeVisible();
    expect(await page.getByTestId('journey-body').evaluate((el) => el.scrollTop)).toBe(0);
    await expectOnScreen(page, page.getByRole('button', { name: '同意并读取身份证' }));
  });

  test(`defect 12 (${orientation}): drawn icons, an unbroken hall name, a demo panel below the screen, no maintenance button for screen readers`, async ({ page }) => {
    kiosk = await startKiosk({ profile: 'demo' });
    await page.setViewportSize(VIEWPORTS[orientation]);
    await openKiosk(page, kiosk.url);
    await expect(page.getByRole('button', { name: /维护/ })).toHaveCount(0);
    await expect(page.getByTestId('maintenance-corner')).toHaveAttribute('aria-hidden', 'true');
    await page.getByTestId('attract-screen').click();
    await expect(page.getByTestId('home-screen')).toBeVisible();
    for (const service of ['apply', 'bundle', 'pay', 'pickup', 'proof', 'query']) {
      const icon = page.getByTestId(`service-${service}`).locator('.tile__icon');
      expect(await icon.evaluate((el) => el.tagName.toLowerCase())).toBe('svg');
      expect((await icon.textContent())?.trim()).toBe('');
    }
    // 黄石市民之家 24小时自助服务区: each word on one line.
    for (const word of await page.locator('.header__word').all()) expect(await word.evaluate((el) => el.getClientRects().length)).toBe(1);
    // The demo panel is a strip below the kiosk's screen, open or closed.
    const screen = page.locator('.app__screen');
    expect(disjoint(await box(screen), await box(page.getByTestId('dev-panel')))).toBe(true);
    await page.getByRole('button', { name: /演示设备面板/ }).click();
    expect(disjoint(await box(screen), await box(page.getByTestId('dev-panel')))).toBe(true);
    await screenshot(page, `layout-03-home-demo-panel-${orientation}`);
  });
}

test('defect 11: the empty candidate bar shows a hint, not dashes; 鄂 comes first at a Hubei kiosk', async ({ page }) => {
  await startApply(page, 'portrait');
  await page.getByRole('tab', { name: /搜索/ }).click();
  await page.getByRole('textbox', { name: '输入事项名称或拼音首字母' }).click();
  await page.getByRole('button', { name: /切换到拼音键盘/ }).click();
  const candidates = page.getByRole('group', { name: '候选字' });
  await expect(candidates).toContainText('输入拼音，再点选汉字');
  await expect(candidates.getByLabel('正在输入')).toHaveCount(0);
  await page.getByRole('button', { name: 'e', exact: true }).click();
  await expect(page.getByTestId('candidate-0')).toHaveText('鄂');
  await page.getByTestId('candidate-0').click();
  await expect(page.getByRole('textbox', { name: '输入事项名称或拼音首字母' })).toHaveValue('鄂');
  await screenshot(page, 'layout-04-pinyin-regional');
});

test('defect 11: without a regional list, 鄂 is not on the first page', async ({ page }) => {
  kiosk = await startKiosk({ profile: profileWith('test-journey', { ui: { regionalWords: [] } }) });
  await openKiosk(page, kiosk.url);
  await page.getByTestId('attract-screen').click();
  await page.getByRole('button', { name: /办事/ }).first().click();
  await page.getByRole('tab', { name: /搜索/ }).click();
  await page.getByRole('textbox', { name: '输入事项名称或拼音首字母' }).click();
  await page.getByRole('button', { name: /切换到拼音键盘/ }).click();
  await page.getByRole('button', { name: 'e', exact: true }).click();
  await expect(page.getByTestId('candidate-0')).toBeVisible();
  await expect(page.getByRole('group', { name: '候选字' }).getByRole('button', { name: '鄂' })).toHaveCount(0);
});

test('defect 12: in English no Chinese is left on the home screen but the switch back', async ({ page }) => {
  kiosk = await startKiosk({ profile: 'demo' });
  await openKiosk(page, kiosk.url);
  await page.getByTestId('attract-screen').click();
  await page.getByRole('button', { name: /English/ }).click();
  await expect(page.getByRole('heading', { name: 'What would you like to do?' })).toBeVisible();
  const text = await page.locator('body').innerText();
  expect(text.replace('中文', '').match(/\p{Script=Han}/gu)).toBeNull();
  await screenshot(page, 'layout-05-home-english');
});

test('defect 12: the idle warning hides the screen behind it; the progress list has a Chinese name', async ({ page }) => {
  kiosk = await startKiosk({ profile: profileWith('test-journey', { ui: { idleWarningSeconds: 20, idleCountdownSeconds: 20 } }) });
  await page.clock.install();
  await openKiosk(page, kiosk.url);
  await page.getByTestId('attract-screen').click();
  await page.getByRole('button', { name: /办事/ }).first().click();
  await page.getByRole('button', { name: /人力资源和社会保障/ }).click();
  await page.getByRole('button', { name: /基本养老保险待遇申领/ }).click();
  await startFromGuide(page);
  await page.getByRole('button', { name: '同意并读取身份证' }).click();
  await placeCard(page);
  await expect(page.getByRole('list', { name: '办理进度' })).toBeVisible();
  await expect(page.getByTestId('card-summary')).toContainText('王建国');
  await page.clock.fastForward(21_000);
  const warning = page.getByRole('alertdialog', { name: '您还在吗？' });
  await expect(warning).toBeVisible();
  // Fully opaque: nothing of the name on the screen behind shows through.
  expect(await warning.evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(13, 26, 51)');
  await screenshot(page, 'layout-06-idle-warning-opaque');
});
