// Availability on the citizen's screen (issue #11, docs/fleet.md): out of hours the closed screen
// says when the kiosk opens again and where the nearest 24-hour hall is; maintenance mode, turned
// on and off by an admin's remote command, shows and leaves without a reload; an admin's
// reloadScreen reloads an idle kiosk; the announcement banner. Chinese, English, elderly mode,
// portrait and landscape, through visible labels, axe on each screen.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { capture, openKiosk, VIEWPORTS } from './support/journey';
import { startFleetRig, type FleetRig } from './support/fleetPlatform';
import { ROOT, startKiosk, type RunningKiosk } from './support/kiosk';

/** A remote command arrives with the kiosk's next heartbeat (every 5 s here) and runs at its next safe point. */
const COMMAND_DELIVERY_MS = 20_000;

let kiosk: RunningKiosk | undefined;
let rig: FleetRig | undefined;

test.afterEach(async ({}, testInfo) => {
  const running = rig?.kiosk ?? kiosk;
  if (running && testInfo.status !== testInfo.expectedStatus) fs.writeFileSync(path.join(testInfo.outputDir, 'kiosk-output.txt'), running.output());
  await kiosk?.stop();
  await rig?.stop();
  kiosk = undefined;
  rig = undefined;
});

function testProfile(): Record<string, unknown> {
  return JSON.parse(fs.readFileSync(path.join(ROOT, 'kiosk-config', 'profiles', 'test.json'), 'utf8')) as Record<string, unknown>;
}

/** The Asia/Shanghai calendar date `days` from now, as YYYY-MM-DD. */
function shanghaiDate(days: number): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(Date.now() + days * 86_400_000));
}

const ANNOUNCEMENT = { zh: '12月10日0:00至6:00系统升级，届时暂停服务。', en: 'System upgrade on 10 December, 0:00–6:00; no service meanwhile.' };
const HALL = { name: { zh: '黄石市民之家 24小时自助服务区', en: 'Huangshi Citizen Home, 24-hour self-service area' }, address: { zh: '黄石市下陆区杭州西路28号', en: '28 Hangzhou West Road, Xialu District, Huangshi' } };

/** A kiosk closed today that opens tomorrow at 08:30 (a holiday today, tomorrow a make-up working day). */
function closedProfile(): string {
  const closedAllWeek = { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] };
  const profile = {
    ...testProfile(),
    ui: { ...(testProfile().ui as Record<string, unknown>), announcement: ANNOUNCEMENT },
    openingHours: { weekly: closedAllWeek, exceptions: [{ date: shanghaiDate(1), periods: [{ from: '08:30', to: '17:30' }] }], nearest24hHall: HALL },
  };
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'budayang-profile-')), 'closed.json');
  fs.writeFileSync(file, JSON.stringify(profile));
  return file;
}

/** The Asia/Shanghai wall clock `minutes` from now as HH:MM, or 24:00 past midnight. */
function shanghaiClockIn(minutes: number): string {
  const at = new Date(Date.now() + minutes * 60_000);
  if (shanghaiDate(0) !== new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(at)) return '24:00';
  return new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(at);
}

test('closing soon: within half an hour of closing time the attract and home screens say when new requests stop', async ({ page }) => {
  // Open today from midnight until about 20 minutes from now, closed otherwise.
  const closesAt = shanghaiClockIn(21);
  const closedAllWeek = { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] };
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'budayang-profile-')), 'closing.json');
  fs.writeFileSync(file, JSON.stringify({ ...testProfile(), openingHours: { weekly: closedAllWeek, exceptions: [{ date: shanghaiDate(0), periods: [{ from: '00:00', to: closesAt }] }] } }));
  kiosk = await startKiosk({ profile: file });
  await page.setViewportSize(VIEWPORTS.landscape);
  await openKiosk(page, kiosk.url);
  const shown = closesAt === '24:00' ? '00:00' : closesAt;
  const notice = page.getByRole('complementary', { name: '即将停止服务' });
  await expect(notice).toHaveText(new RegExp(`本机将于${shown}停止受理新业务，已经开始办理的可以继续办完。`));
  await capture(page, 'availability-00-closing-soon-attract');
  await page.getByTestId('attract-screen').click();
  await expect(page.getByTestId('home-screen')).toBeVisible();
  await expect(notice).toBeVisible();
  // Not "全天24小时 · 不打烊" on a kiosk that closes tonight.
  await expect(page.getByText(shown === '00:00' ? '本机开放至明天00:00' : `本机今天开放至${shown}`)).toBeVisible();
  await page.getByRole('button', { name: /English/ }).click();
  await expect(page.getByRole('complementary', { name: 'Closing soon' })).toContainText(`This kiosk stops taking new requests at ${shown}.`);
  await capture(page, 'availability-00-closing-soon-home-en');
});

test('out of hours: the closed screen says when it opens and where the nearest 24-hour hall is, in zh, en and elderly mode, both orientations', async ({ page }) => {
  kiosk = await startKiosk({ profile: closedProfile() });
  await page.goto(kiosk.url);
  const closed = page.getByRole('main', { name: '本机现在不在服务时间' });
  await expect(closed).toBeVisible();
  await expect(closed.getByText('明天08:30开放，欢迎届时再来。')).toBeVisible();
  await expect(closed.getByRole('region', { name: '现在就要办理，请前往最近的24小时自助服务厅' })).toContainText('黄石市民之家 24小时自助服务区黄石市下陆区杭州西路28号');
  await expect(page.getByRole('complementary', { name: '公告' })).toHaveText(/12月10日0:00至6:00系统升级，届时暂停服务。/);
  await capture(page, 'availability-01-closed-zh');

  // Touching the closed screen starts nothing: no home screen, no session.
  await closed.click();
  await expect(page.getByTestId('home-screen')).toHaveCount(0);
  await expect(page.getByRole('button', { name: '结束办理' })).toHaveCount(0);

  await page.getByRole('button', { name: /English/ }).click();
  const closedEn = page.getByRole('main', { name: 'This kiosk is closed now' });
  await expect(closedEn.getByText('It opens again tomorrow at 08:30.')).toBeVisible();
  await expect(closedEn).toContainText('Huangshi Citizen Home, 24-hour self-service area');
  await expect(page.getByRole('complementary', { name: 'Notice' })).toContainText('System upgrade on 10 December');
  await capture(page, 'availability-02-closed-en');
  await page.getByRole('button', { name: /中文/ }).click();

  await page.getByRole('button', { name: /长辈模式/ }).click();
  await expect(page.locator('html')).toHaveClass(/elderly/);
  await expect(closed.getByText('明天08:30开放，欢迎届时再来。')).toBeVisible();
  await capture(page, 'availability-03-closed-elderly-portrait');
  await page.setViewportSize(VIEWPORTS.landscape);
  await expect(closed.getByRole('region', { name: /24小时自助服务厅/ })).toBeInViewport();
  await capture(page, 'availability-04-closed-elderly-landscape');
});

/** Sets a mark in the page that only a reload removes. */
async function markPage(page: Page): Promise<void> {
  await page.evaluate(() => Object.assign(window, { availabilityMark: true }));
}

async function pageMarked(page: Page): Promise<boolean> {
  return page.evaluate(() => (window as unknown as { availabilityMark?: boolean }).availabilityMark === true);
}

test('maintenance mode by remote command: on with the admin’s reason and off again as it happens, no reload; an idle kiosk reloads on reloadScreen', async ({ page }) => {
  rig = await startFleetRig({ ...testProfile(), ui: { ...(testProfile().ui as Record<string, unknown>), announcement: ANNOUNCEMENT } });
  await page.setViewportSize(VIEWPORTS.landscape);
  await openKiosk(page, rig.kiosk.url);
  await expect(page.getByRole('complementary', { name: '公告' })).toContainText('系统升级');
  await markPage(page);

  await rig.command({ kind: 'setMaintenance', on: true, reason: { zh: '更换打印机，预计下午3点恢复。', en: 'Replacing the printer; back at about 3 p.m.' } });
  const maintenance = page.getByRole('main', { name: '本机正在维护，暂停服务' });
  await expect(maintenance).toBeVisible({ timeout: COMMAND_DELIVERY_MS });
  await expect(maintenance.getByText('更换打印机，预计下午3点恢复。')).toBeVisible();
  await expect(maintenance.getByText('请稍后再来，或到人工窗口办理。给您带来不便，敬请谅解。')).toBeVisible();
  expect(await pageMarked(page)).toBe(true);
  await capture(page, 'availability-05-maintenance-landscape');
  await page.getByRole('button', { name: /English/ }).click();
  await expect(page.getByRole('main', { name: 'This kiosk is under maintenance' }).getByText('Replacing the printer; back at about 3 p.m.')).toBeVisible();
  await page.getByRole('button', { name: /Senior mode/ }).click();
  await page.setViewportSize(VIEWPORTS.portrait);
  await capture(page, 'availability-06-maintenance-en-elderly-portrait');
  await page.getByRole('button', { name: /中文/ }).click();
  await page.getByRole('button', { name: /长辈模式/ }).click();

  // Off again: the attract screen returns by itself, and a touch starts a session.
  await rig.command({ kind: 'setMaintenance', on: false });
  await expect(page.getByTestId('attract-screen')).toBeVisible({ timeout: COMMAND_DELIVERY_MS });
  await expect(maintenance).toHaveCount(0);
  expect(await pageMarked(page)).toBe(true);
  await page.getByTestId('attract-screen').click();
  await expect(page.getByTestId('home-screen')).toBeVisible();
  await expect(page.getByRole('complementary', { name: '公告' })).toContainText('系统升级');
  await capture(page, 'availability-07-home-announcement');
  await page.getByRole('button', { name: '结束办理' }).click();
  await expect(page.getByTestId('attract-screen')).toBeVisible();

  // reloadScreen on an idle kiosk: the page reloads (the mark is gone) and comes back at the attract screen.
  await markPage(page);
  await rig.command({ kind: 'reloadScreen' });
  await expect.poll(() => pageMarked(page).catch(() => true), { timeout: COMMAND_DELIVERY_MS }).toBe(false);
  await expect(page.getByTestId('attract-screen')).toBeVisible();
});
