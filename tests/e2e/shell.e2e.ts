// The app shell end to end in real Chromium through the browser shell: home, language,
// elderly mode, the idle warning and its wipe, and recovery after the core is killed.
import { expect, test } from '@playwright/test';
import { screenshot, startKiosk, type RunningKiosk } from './support/kiosk';

let kiosk: RunningKiosk;

test.beforeEach(async () => {
  kiosk = await startKiosk();
});

test.afterEach(async () => {
  await kiosk.stop();
});

test('attract screen, then the home screen with every service entry', async ({ page }) => {
  await page.goto(kiosk.url);
  await expect(page.getByTestId('attract-screen')).toBeVisible();
  await expect(page.getByText('轻触屏幕开始办理').first()).toBeVisible();
  await screenshot(page, 'shell-01-attract');
  await page.getByTestId('attract-screen').click();
  await expect(page.getByTestId('home-screen')).toBeVisible();
  for (const service of ['apply', 'bundle', 'pay', 'pickup', 'proof', 'query']) {
    await expect(page.getByTestId(`service-${service}`)).toBeVisible();
  }
  await expect(page.getByText('请选择要办理的业务')).toBeVisible();
  // The token left the address bar as soon as the page read it.
  expect(page.url()).not.toContain('token=');
  await screenshot(page, 'shell-02-home');
});

test('language switch and elderly mode', async ({ page }) => {
  await page.goto(kiosk.url);
  await page.getByTestId('attract-screen').click();
  await page.getByTestId('toggle-language').click();
  await expect(page.getByText('What would you like to do?')).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await screenshot(page, 'shell-03-english');
  await page.getByTestId('toggle-language').click();
  await expect(page.getByText('请选择要办理的业务')).toBeVisible();

  // 长辈模式 after MIIT's 适老化 rules (#16 item 13): titles and body text at least 1.5× the standard size.
  const sizes = () => page.getByTestId('service-apply').evaluate((el) => ['.tile__title', '.tile__hint'].map((c) => parseFloat(getComputedStyle(el.querySelector(c)!).fontSize)));
  const before = await sizes();
  await page.getByTestId('toggle-elderly').click();
  await expect(page.locator('html')).toHaveClass(/elderly/);
  await expect(page.getByTestId('toggle-elderly')).toHaveAttribute('aria-pressed', 'true');
  const after = await sizes();
  after.forEach((size, i) => expect(size).toBeGreaterThanOrEqual(before[i]! * 1.5));
  await screenshot(page, 'shell-04-elderly');
});

test('idle warning, more time, idle again, then attract with the state wiped', async ({ page }) => {
  // The test profile warns after 4 s of no touch and counts down 4 s.
  await page.goto(kiosk.url);
  await page.getByTestId('attract-screen').click();
  await page.getByTestId('toggle-language').click();
  await expect(page.getByText('What would you like to do?')).toBeVisible();
  await expect(page.getByTestId('idle-warning')).toBeVisible({ timeout: 10_000 });
  await screenshot(page, 'shell-05-idle-warning');
  await page.getByTestId('idle-more-time').click();
  await expect(page.getByTestId('idle-warning')).toBeHidden();
  await expect(page.getByTestId('home-screen')).toBeVisible();
  await expect(page.getByTestId('idle-warning')).toBeVisible({ timeout: 10_000 });
  // Let the countdown run out: the session ends and the renderer reloads clean.
  await expect(page.getByTestId('attract-screen')).toBeVisible({ timeout: 15_000 });
  await expect(page.getByText('轻触屏幕开始办理').first()).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await screenshot(page, 'shell-06-after-idle-timeout');
});

test('the core killed: 正在恢复… then back without a reload by hand', async ({ page }) => {
  await page.goto(kiosk.url);
  await page.getByTestId('attract-screen').click();
  await expect(page.getByTestId('home-screen')).toBeVisible();
  const navigations: string[] = [];
  page.on('framenavigated', (f) => navigations.push(f.url()));
  process.kill(kiosk.corePid(), 'SIGKILL');
  await expect(page.getByTestId('recovering')).toBeVisible({ timeout: 5_000 });
  await expect(page.getByText('正在恢复…')).toBeVisible();
  await screenshot(page, 'shell-07-recovering');
  await expect(page.getByTestId('recovering')).toBeHidden({ timeout: 20_000 });
  await expect(page.getByTestId('home-screen')).toBeVisible();
  expect(navigations).toEqual([]);
  expect(kiosk.output()).toContain('core: restarted');
  await screenshot(page, 'shell-08-recovered');
});
