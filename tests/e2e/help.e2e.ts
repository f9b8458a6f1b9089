// 呼叫帮助 and struggle detection end to end (#16 item 15, docs/ui.md "Help and struggle
// detection"), through visible labels: at a hall kiosk three refused case numbers offer help
// exactly once, 呼叫帮助 says staff are on their way and the platform raises one alert (repeated
// taps add none) that an operator can take; the anonymous counts reach the platform. On a village
// kiosk the panel shows 12345, the local help line and the remote-help QR code. A hall citizen
// waiting for staff is not timed out behind the panel (five minutes, then the ordinary idle rule).
// Screenshots in zh, en and elderly mode, portrait and landscape, with axe on each.
import fs from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { capture, openKiosk, typeKeys, VIEWPORTS } from './support/journey';
import { startFleetRig, type FleetRig } from './support/fleetPlatform';
import { ROOT, startKiosk, type RunningKiosk } from './support/kiosk';

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

function profile(name: string): Record<string, unknown> {
  return JSON.parse(fs.readFileSync(path.join(ROOT, 'kiosk-config', 'profiles', `${name}.json`), 'utf8')) as Record<string, unknown>;
}

interface AlertView {
  alertId: number;
  kioskId: string;
  state: string;
  occurrences: number;
  detail: Record<string, unknown>;
}

/** The next animation frames have run: the frame's check of a refused submission is done. */
async function framesSettled(page: Page): Promise<void> {
  await page.evaluate(() => new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve()))));
}

async function refuseCaseNumber(page: Page): Promise<void> {
  await page.getByRole('button', { name: '查询', exact: true }).click();
  await expect(page.getByRole('alert').filter({ hasText: '办件编号的格式' })).toBeVisible();
}

test('hall: while staff are on their way the session waits behind the panel, then the ordinary idle rule', async ({ page }) => {
  test.setTimeout(120_000);
  // test-journey: the idle warning after 60 quiet seconds, then a 20 s countdown.
  rig = await startFleetRig(profile('test-journey'));
  await page.clock.install();
  await openKiosk(page, rig.kiosk.url);
  await page.getByTestId('attract-screen').click();
  await page.getByRole('button', { name: '呼叫帮助' }).click();
  const panel = page.getByRole('dialog', { name: '呼叫帮助' });
  await expect(panel.getByText('工作人员马上到，请稍候。')).toBeVisible();
  // Four untouched minutes, far past the 60 s idle limit: the session still waits for staff.
  await page.clock.fastForward(4 * 60_000);
  await expect(panel).toBeVisible();
  await expect(page.getByTestId('idle-warning')).toHaveCount(0);
  // The five-minute wait is over and a quiet minute passed: the ordinary warning comes.
  await page.clock.fastForward(60_000 + 60_000 + 1_000);
  await expect(page.getByTestId('idle-warning')).toBeVisible();
});

test('hall: three refused submissions offer help once; 呼叫帮助 calls staff through a platform alert, once; the counts arrive', async ({ page }) => {
  test.setTimeout(180_000);
  rig = await startFleetRig({ ...profile('test-journey'), help: { countsFlushSeconds: 1 } });
  const { admin, kioskId } = rig;
  await openKiosk(page, rig.kiosk.url);
  await page.getByTestId('attract-screen').click();
  await expect(page.getByRole('button', { name: '呼叫帮助' })).toBeVisible();
  await page.getByTestId('service-query').click();
  await expect(page.getByTestId('query-enter')).toBeVisible();
  await typeKeys(page, 'demo01');
  await capture(page, 'help-00-header-zh-portrait');

  // Two refused submissions are not yet a struggle; the third offers help.
  await refuseCaseNumber(page);
  await refuseCaseNumber(page);
  await framesSettled(page);
  await expect(page.getByRole('alertdialog', { name: '需要帮助吗？' })).toHaveCount(0);
  await page.getByRole('button', { name: '查询', exact: true }).click();
  const offer = page.getByRole('alertdialog', { name: '需要帮助吗？' });
  await expect(offer).toBeVisible();
  await capture(page, 'help-01-offer-zh-portrait');

  // Accepting it opens the panel, which calls staff.
  await offer.getByRole('button', { name: '呼叫帮助' }).click();
  const panel = page.getByRole('dialog', { name: '呼叫帮助' });
  await expect(panel.getByText('工作人员马上到，请稍候。')).toBeVisible();
  await capture(page, 'help-02-hall-zh-portrait');

  // The platform raises one alert with the kiosk and the step, and no personal data.
  const helpAlerts = async () => ((await admin('GET', `/admin/alerts?code=citizenNeedsHelp&kioskId=${encodeURIComponent(kioskId)}`)) as { alerts: AlertView[] }).alerts;
  await expect.poll(async () => (await helpAlerts()).length, { timeout: 30_000 }).toBe(1);
  const [alert] = await helpAlerts();
  expect(alert).toMatchObject({ kioskId, state: 'open', occurrences: 1, detail: { service: 'query', step: 'query-enter' } });
  expect(Object.keys(alert!.detail).sort()).toEqual(['requestId', 'requestedAt', 'service', 'step']);

  // Help is offered once per session: three more refusals offer nothing.
  await panel.getByRole('button', { name: '继续办理' }).click();
  for (let i = 0; i < 3; i++) await refuseCaseNumber(page);
  await framesSettled(page);
  await expect(page.getByRole('alertdialog', { name: '需要帮助吗？' })).toHaveCount(0);

  // Tapping 呼叫帮助 again within the window says staff are coming already, and raises nothing new.
  await page.getByRole('button', { name: '呼叫帮助' }).click();
  await expect(panel.getByText('已经呼叫过工作人员，他们马上到，请稍候。')).toBeVisible();

  // English, elderly mode and landscape: the same panel, looked at.
  await panel.getByRole('button', { name: '继续办理' }).click();
  await page.getByTestId('toggle-language').click();
  await page.getByRole('button', { name: 'Call for help' }).click();
  await expect(page.getByRole('dialog', { name: 'Call for help' }).getByText('Staff have been called already')).toBeVisible();
  await capture(page, 'help-03-hall-en-portrait');
  await page.setViewportSize(VIEWPORTS.landscape);
  await capture(page, 'help-04-hall-en-landscape');
  await page.getByRole('button', { name: 'Carry on' }).click();
  await page.getByTestId('toggle-language').click();
  await page.getByTestId('toggle-elderly').click();
  await page.getByRole('button', { name: '呼叫帮助' }).click();
  await expect(panel.getByText('已经呼叫过工作人员')).toBeVisible();
  await capture(page, 'help-05-hall-elderly-landscape');
  await page.setViewportSize(VIEWPORTS.portrait);
  await capture(page, 'help-06-hall-elderly-portrait');

  // An operator takes the alert, like any other; it stays the one alert.
  const taken = (await admin('POST', `/admin/alerts/${alert!.alertId}/acknowledge`, { actor: 'hall-staff' })) as AlertView;
  expect(taken.state).toBe('acknowledged');
  expect((await helpAlerts()).map((a) => a.occurrences)).toEqual([1]);

  // The anonymous counts arrive: the refused step, and where help was asked for.
  const struggles = async () => ((await admin('GET', `/admin/struggles?kioskId=${encodeURIComponent(kioskId)}`)) as { rows: Array<{ service: string; step: string; signal: string; count: number }> }).rows;
  await expect
    .poll(async () => (await struggles()).map((r) => `${r.service}/${r.step}/${r.signal}=${r.count}`).sort(), { timeout: 30_000 })
    .toEqual(['query/query-enter/helpRequested=1', 'query/query-enter/validationErrors=1']);
});

test('village: 呼叫帮助 shows 12345, the local help line and the remote-help QR code, in zh, en and elderly mode, both orientations', async ({ page }) => {
  kiosk = await startKiosk({ profile: 'test-village' });
  const variants = [
    { name: 'zh-portrait', viewport: VIEWPORTS.portrait, english: false, elderly: false },
    { name: 'en-landscape', viewport: VIEWPORTS.landscape, english: true, elderly: false },
    { name: 'elderly-portrait', viewport: VIEWPORTS.portrait, english: false, elderly: true },
    { name: 'elderly-landscape', viewport: VIEWPORTS.landscape, english: false, elderly: true },
  ] as const;
  await page.setViewportSize(VIEWPORTS.portrait);
  await openKiosk(page, kiosk.url);
  await page.getByTestId('attract-screen').click();
  await expect(page.getByTestId('home-screen')).toBeVisible();
  for (const v of variants) {
    await page.setViewportSize(v.viewport);
    // The village profile starts in 长辈模式 or not as configured; set each variant's mode explicitly.
    if ((await page.locator('html.elderly').count()) !== (v.elderly ? 1 : 0)) await page.getByTestId('toggle-elderly').click();
    if ((await page.locator('html').getAttribute('lang')) !== (v.english ? 'en' : 'zh-CN')) await page.getByTestId('toggle-language').click();
    const label = v.english ? 'Call for help' : '呼叫帮助';
    await capture(page, `help-08-village-home-${v.name}`);
    await page.getByRole('button', { name: label }).click();
    const panel = page.getByRole('dialog', { name: label });
    await expect(panel.getByTestId('help-hotline')).toContainText('12345');
    await expect(panel.getByTestId('help-local-number')).toContainText('0714-7321234');
    await expect(panel.getByRole('img', { name: v.english ? 'QR code for remote help' : '远程求助二维码' })).toHaveAttribute('data-qr-content', 'https://zwfw.example.gov.cn/remote-help?site=yangxin-village');
    // Nobody is called from a village: no "staff are on their way".
    await expect(panel.getByText(v.english ? 'Staff are on their way' : '工作人员马上到')).toHaveCount(0);
    await capture(page, `help-07-village-${v.name}`);
    await panel.getByRole('button', { name: v.english ? 'Carry on' : '继续办理' }).click();
    await expect(panel).toHaveCount(0);
  }
});
