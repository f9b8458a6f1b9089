// The 受理 journey end to end in real Chromium through the browser shell, with the in-process
// simulators (ID card reader, receipt printer), Chromium's fake document camera and the embedded
// reference platform (in the core, or as its own process for the offline test): one item then the pushed related item with answers and materials reused,
// a bundle asking each shared answer once, an offline submission that syncs when the platform
// returns, and an idle timeout mid-form that wipes every trace. axe runs on every screen.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { capture, declareAndSign, openKiosk as open, placeCard, startFromGuide, submitUnemploymentRegistration, typeKeys, typePinyin } from './support/journey';
import { ROOT, screenshot, startKiosk, type RunningKiosk } from './support/kiosk';

/** Opens the kiosk page at its attract screen, connected (not 正在恢复…). */
async function openKiosk(page: Page): Promise<void> {
  await open(page, kiosk!.url);
}

let kiosk: RunningKiosk | undefined;

test.afterEach(async ({}, testInfo) => {
  if (kiosk && testInfo.status !== testInfo.expectedStatus) await testInfo.attach('kiosk-output', { body: kiosk.output(), contentType: 'text/plain' });
  if (kiosk && testInfo.status !== testInfo.expectedStatus) fs.writeFileSync(path.join(testInfo.outputDir, 'kiosk-output.txt'), kiosk.output());
  await kiosk?.stop();
  kiosk = undefined;
});

async function startAt(page: Page, service: 'apply' | 'bundle'): Promise<void> {
  await openKiosk(page);
  await page.getByTestId('attract-screen').click();
  await page.getByTestId(`service-${service}`).click();
  await expect(page.getByTestId('catalog-browser')).toBeVisible();
}

/** Consent → place the card → the form, filled from the card. */
async function identify(page: Page, shots?: { consent: string; identify: string }): Promise<void> {
  await expect(page.getByTestId('consent')).toBeVisible();
  await expect(page.getByText('其他信息和身份证上的照片不会被读取，也不会被保存。')).toBeVisible();
  if (shots) await capture(page, shots.consent);
  await page.getByTestId('journey-next').click();
  await expect(page.getByTestId('identify')).toBeVisible();
  await expect(page.getByText('请将身份证放在感应区')).toBeVisible();
  if (shots) await capture(page, shots.identify);
  await placeCard(page);
  await expect(page.getByTestId('apply-form')).toBeVisible();
  await expect(page.getByTestId('card-summary')).toContainText('王建国');
}

test('a resident applies for one item, then the pushed related item reuses answers and materials', async ({ page }) => {
  kiosk = await startKiosk({ profile: 'test-journey' });
  await startAt(page, 'apply');
  await capture(page, 'apply-01-catalog-departments');

  // Pinyin initials on the on-screen keyboard: bdc finds 不动产….
  await page.getByTestId('browse-tab-search').click();
  await page.getByTestId('input-catalog-search').click();
  await expect(page.getByTestId('on-screen-keyboard')).toBeVisible();
  await typeKeys(page, 'bdc');
  await expect(page.getByTestId('entry-item-real-estate-transfer')).toBeVisible();
  await capture(page, 'apply-02-search-bdc');

  // By life event: 退休.
  await page.getByTestId('browse-tab-lifeEvent').click();
  await page.getByTestId('life-event-retirement').click();
  await expect(page.getByTestId('entry-bundle-bundle-retirement')).toBeVisible();
  await capture(page, 'apply-03-life-event');

  // By department: 人社 → 基本养老保险待遇申领.
  await page.getByTestId('browse-tab-department').click();
  await page.getByTestId('department-human-resources').click();
  await page.getByTestId('entry-item-pension-benefit-application').click();
  await startFromGuide(page);
  await identify(page, { consent: 'apply-04-consent', identify: 'apply-05-identify' });
  await expect(page.getByTestId('card-summary')).toContainText('男');
  await capture(page, 'apply-06-form');

  // Validation says what to fix, in Chinese.
  await page.getByTestId('journey-next').click();
  await expect(page.getByTestId('form-fix-first')).toBeVisible();
  await expect(page.getByTestId('error-applicantPhone')).toContainText('请填写');
  await page.getByTestId('input-applicantPhone').click();
  await typeKeys(page, '123');
  await page.getByTestId('kb-done').click();
  await page.getByTestId('journey-next').click();
  await expect(page.getByTestId('error-applicantPhone')).toContainText('请输入11位手机号码，例如 13800138000');
  await capture(page, 'apply-07-form-errors');
  await page.getByTestId('input-applicantPhone').click();
  await page.getByTestId('kb-clear').click();
  await typeKeys(page, '13800138000');
  await page.getByTestId('kb-done').click();
  await page.getByTestId('input-retirementDate').click();
  await typeKeys(page, '20260101');
  await expect(page.getByTestId('input-retirementDate')).toHaveValue('2026年1月1日');
  await page.getByTestId('kb-done').click();
  await page.getByTestId('input-bankAccount').click();
  await typeKeys(page, '6222020200112233445');
  await capture(page, 'apply-08-form-keyboard');
  await page.getByTestId('kb-done').click();
  await page.getByTestId('journey-next').click();

  // Materials: the bank card photographed with the document camera, rotated and cropped.
  await expect(page.getByTestId('apply-materials')).toBeVisible();
  await expect(page.getByTestId('material-retirement-approval')).toContainText('部门已经有了，您无需提供');
  await page.getByTestId('journey-next').click();
  await expect(page.getByTestId('materials-missing')).toBeVisible();
  await capture(page, 'apply-09-materials');
  await page.getByTestId('material-bank-card-photo').click();
  await expect(page.getByTestId('material-capture')).toBeVisible();
  await expect(page.getByTestId('capture-take')).toBeEnabled();
  await capture(page, 'apply-10-camera');
  await page.getByTestId('capture-take').click();
  await page.getByTestId('capture-rotate').click();
  await page.getByTestId('capture-crop-in').click();
  await expect(page.getByTestId('capture-preview')).toBeVisible();
  const size = await page.getByTestId('capture-preview').evaluate((c: HTMLCanvasElement) => ({ w: c.width, h: c.height }));
  expect(size.h).toBeGreaterThan(size.w); // a quarter turn of the camera's landscape frame
  await capture(page, 'apply-11-camera-preview');
  await page.getByTestId('capture-use').click();
  await expect(page.getByTestId('material-status-bank-card')).toContainText('已拍照 1 张');
  await page.getByTestId('journey-next').click();

  // Review, then sign and submit.
  await expect(page.getByTestId('apply-review')).toBeVisible();
  await expect(page.getByTestId('review-applicantPhone')).toHaveText('138 0013 8000');
  await expect(page.getByTestId('review-retirementDate')).toHaveText('2026年1月1日');
  await expect(page.getByTestId('review-bankAccount')).toHaveText('6222 0202 0011 2233 445');
  await capture(page, 'apply-12-review');
  await page.getByTestId('journey-next').click();
  await expect(page.getByTestId('apply-signature')).toBeVisible();
  // 确认提交 without the declaration and a signature says what is missing and submits nothing.
  await page.getByTestId('journey-next').click();
  await expect(page.getByTestId('declaration-missing')).toBeVisible();
  await expect(page.getByTestId('apply-signature')).toBeVisible();
  await declareAndSign(page);
  await capture(page, 'apply-13-signature');
  await page.getByTestId('journey-next').click();

  // The result: case number, acknowledged by the platform, receipt printed, the push.
  await expect(page.getByTestId('apply-result')).toBeVisible();
  await expect(page.getByTestId('case-number')).toHaveText(/^TESTJ1-\d{8}-\d+$/);
  await expect(page.getByTestId('sync-state')).toHaveText(/已提交至审批部门/, { timeout: 20_000 });
  await expect(page.getByTestId('receipt-outcome')).toHaveAttribute('data-outcome', 'printed');
  await expect(page.getByTestId('receipt-outcome')).toContainText('请取走回执');
  await expect(page.getByTestId('related')).toContainText('您可能还需要办理');
  // Never a bundle that contains the item just submitted (退休一件事 contains 养老待遇申领, #16 defect 6).
  await expect(page.getByTestId('related-item-housing-fund-retirement-withdrawal')).toBeVisible();
  await expect(page.getByTestId('related').getByText('退休一件事')).toHaveCount(0);
  await capture(page, 'apply-14-result');
  const firstCase = await page.getByTestId('case-number').textContent();

  // The pushed item: no second consent or card read; answers and the photo come along.
  await page.getByTestId('related-item-housing-fund-retirement-withdrawal').click();
  await startFromGuide(page);
  await expect(page.getByTestId('apply-form')).toBeVisible();
  await expect(page.getByTestId('input-applicantPhone')).toHaveValue('138 0013 8000');
  await expect(page.getByTestId('input-retirementDate')).toHaveValue('2026年1月1日');
  await expect(page.getByTestId('input-bankAccount')).toHaveValue('6222 0202 0011 2233 445');
  await expect(page.getByTestId('reused-applicantPhone')).toBeVisible();
  await expect(page.getByTestId('field-applicantPhone')).toContainText('基本养老保险待遇申领');
  await capture(page, 'apply-15-reused-form');
  await page.getByTestId('journey-next').click();
  await expect(page.getByTestId('material-reused-bank-card')).toBeVisible();
  await expect(page.getByTestId('material-bank-card')).toContainText('拍照即可');
  await capture(page, 'apply-16-reused-materials');
  await page.getByTestId('journey-next').click();
  await page.getByTestId('journey-next').click();
  await declareAndSign(page);
  await page.getByTestId('journey-next').click();
  await expect(page.getByTestId('case-number')).toHaveText(/^TESTJ1-\d{8}-\d+$/);
  expect(await page.getByTestId('case-number').textContent()).not.toBe(firstCase);
  await expect(page.getByTestId('sync-state')).toHaveText(/已提交至审批部门/, { timeout: 20_000 });

  // Finishing ends the session: "请取走您的身份证", then the attract screen, nothing of the citizen left.
  await page.getByRole('button', { name: '完成并退出' }).click();
  await expect(page.getByRole('heading', { name: '请取走您的身份证' })).toBeVisible();
  await expect(page.getByTestId('attract-screen')).toBeVisible();
  await expect(page.locator('body')).not.toContainText('王建国');
});

test('一件事 in elderly mode, landscape: each shared answer is asked once and serves every item', async ({ page }) => {
  kiosk = await startKiosk({ profile: 'test-journey' });
  await page.setViewportSize({ width: 1920, height: 1080 });
  await openKiosk(page);
  await page.getByTestId('attract-screen').click();
  await page.getByTestId('toggle-elderly').click();
  await expect(page.locator('html')).toHaveClass(/elderly/);
  await page.getByTestId('service-bundle').click();
  await page.getByTestId('life-event-founding').click();
  await capture(page, 'apply-20-bundle-catalog-elderly');
  await page.getByTestId('entry-bundle-bundle-open-restaurant').click();
  await startFromGuide(page);
  await identify(page, { consent: 'apply-21-bundle-consent-elderly', identify: 'apply-22-bundle-identify-elderly' });

  // Walk every form page, recording which answers are asked.
  const asked: string[] = [];
  const fill: Record<string, () => Promise<void>> = {
    'applicant.phone': async () => typeKeys(page, '13900139000'),
    'enterprise.name': async () => {
      await typePinyin(page, 'huangshi');
      await typePinyin(page, 'canyin');
      await typePinyin(page, 'dian', 2);
    },
    'enterprise.premisesAddress': async () => {
      await typePinyin(page, 'huangshi');
      await typePinyin(page, 'xialu');
    },
    'enterprise.businessScope': async () => typePinyin(page, 'canyin'),
    'enterprise.creditCode': async () => typeKeys(page, '92420200ma4f000001'),
  };
  let shot = 23;
  for (let pageIndex = 0; pageIndex < 10; pageIndex++) {
    const form = page.getByTestId('apply-form');
    if (!(await form.isVisible())) break;
    const keys = await form.locator('[data-testid^="input-"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')!.slice('input-'.length)));
    for (const key of keys) {
      asked.push(key);
      await page.getByTestId(`input-${key}`).click();
      await fill[key]!();
      if (key === 'applicant.phone') {
        await expect(page.getByTestId(`field-${key}`)).toContainText('用于：个体工商户设立登记、食品经营许可、新办纳税人涉税事项套餐');
        await capture(page, `apply-${shot++}-bundle-form-elderly`);
      }
      await page.getByTestId('kb-done').click();
    }
    await page.getByTestId('journey-next').click();
  }
  expect(asked.sort()).toEqual(['applicant.phone', 'enterprise.businessScope', 'enterprise.creditCode', 'enterprise.name', 'enterprise.premisesAddress']);
  await expect(page.getByTestId('apply-materials')).toBeVisible();

  // Materials: two pledges (告知承诺), one original at a window, one photo.
  await page.getByTestId('material-premises-pledge-pledge').click();
  await page.getByTestId('material-food-safety-pledge-pledge').click();
  await page.getByTestId('material-lease-contract-atWindow').click();
  await page.getByTestId('material-food-layout-photo').click();
  await page.getByTestId('capture-take').click();
  await capture(page, 'apply-25-bundle-camera-elderly');
  await page.getByTestId('capture-use').click();
  await expect(page.getByTestId('material-status-premises-pledge')).toContainText('已承诺');
  await capture(page, 'apply-26-bundle-materials-elderly');
  await page.getByTestId('journey-next').click();
  await expect(page.getByTestId('review-enterprise.name')).toHaveText('黄石餐饮店');
  await expect(page.getByTestId('review-enterprise.creditCode')).toHaveText('92420200MA4F000001');
  await capture(page, 'apply-27-bundle-review-elderly');
  await page.getByTestId('journey-next').click();
  await declareAndSign(page);
  await capture(page, 'apply-28-bundle-signature-elderly');
  await page.getByTestId('journey-next').click();
  await expect(page.getByTestId('sync-state')).toHaveText(/已提交至审批部门/, { timeout: 20_000 });
  await expect(page.getByTestId('receipt-outcome')).toContainText('请取走回执');
  await capture(page, 'apply-29-bundle-result-elderly');
});

/** A `budayang` CLI process (the README's own commands). */
function cli(args: readonly string[]): ChildProcess {
  return spawn(process.execPath, [path.join(ROOT, 'bin', 'budayang.mjs'), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Resolves with the process's output once `pattern` appears in it. */
function outputMatching(child: ChildProcess, pattern: RegExp, timeoutMs = 20_000): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`no ${pattern} within ${timeoutMs} ms:\n${output}`)), timeoutMs);
    const check = (chunk: Buffer) => {
      output += chunk;
      const m = pattern.exec(output);
      if (m) {
        clearTimeout(timer);
        resolve(m);
      }
    };
    child.stdout?.on('data', check);
    child.stderr?.on('data', (c: Buffer) => (output += c));
    child.on('exit', (code) => code !== 0 && reject(new Error(`exited with ${code}:\n${output}`)));
  });
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** The reference platform as its own process (`budayang platform serve`), stoppable and restartable on the same port and data. */
async function servePlatform(port: number, dataDir: string): Promise<{ process: ChildProcess; code: string }> {
  const child = cli(['platform', 'serve', '--port', String(port), '--data', dataDir]);
  const m = await outputMatching(child, /one-time provisioning code: (\S+)/);
  return { process: child, code: m[1]! };
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  await new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

async function platformEvents(url: string, dataDir: string): Promise<string> {
  const token = fs.readFileSync(path.join(dataDir, 'admin-token'), 'utf8').trim();
  const response = await fetch(`${url}/admin/events`, { headers: { authorization: `Bearer ${token}` } });
  expect(response.ok).toBe(true);
  return JSON.stringify(await response.json());
}

test('offline: the platform stopped, the case is accepted and queued; it syncs and says so when the platform is back', async ({ page }) => {
  // The reference platform in its own process; the kiosk provisioned with it like a real one.
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'budayang-offline-'));
  const platformData = path.join(work, 'platform');
  const kioskData = path.join(work, 'kiosk');
  fs.mkdirSync(kioskData);
  const port = await freePort();
  const platformUrl = `http://127.0.0.1:${port}`;
  let platform = await servePlatform(port, platformData);
  const profile = JSON.parse(fs.readFileSync(path.join(ROOT, 'kiosk-config', 'profiles', 'test-journey.json'), 'utf8')) as Record<string, unknown>;
  profile.sync = { platformUrl, heartbeatSeconds: 5 };
  const profilePath = path.join(work, 'test-journey-platform.json');
  fs.writeFileSync(profilePath, JSON.stringify(profile));
  const provision = cli(['provision', '--platform', platformUrl, '--code', platform.code, '--profile', profilePath, '--data', kioskData]);
  expect(await new Promise((resolve) => provision.on('exit', resolve))).toBe(0);
  kiosk = await startKiosk({ profile: profilePath, dataDir: kioskData });

  try {
    await startAt(page, 'apply');
    // The platform goes away: the kiosk still accepts applications.
    await stopProcess(platform.process);
    await page.getByTestId('browse-tab-search').click();
    await page.getByTestId('input-catalog-search').click();
    await typeKeys(page, 'sydj');
    await page.getByTestId('entry-item-unemployment-registration').click();
    await startFromGuide(page);
    await identify(page);
    await submitUnemploymentRegistration(page);

    await expect(page.getByTestId('case-number')).toHaveText(/^TESTJ1-\d{8}-\d+$/);
    const caseNumber = (await page.getByTestId('case-number').textContent())!;
    await expect(page.getByTestId('sync-state')).toHaveText(/已受理，网络恢复后自动提交/, { timeout: 20_000 });
    await expect(page.getByTestId('apply-result')).not.toContainText('已提交至审批部门');
    await expect(page.getByTestId('receipt-outcome')).toContainText('请取走回执');
    await capture(page, 'apply-30-offline-queued');

    // The platform is back on the same address and data: the outbox delivers the case, and the screen says so.
    platform = await servePlatform(port, platformData);
    await expect(page.getByTestId('sync-state')).toHaveText(/已提交至审批部门/, { timeout: 75_000 });
    await capture(page, 'apply-31-offline-synced');
    expect(await platformEvents(platformUrl, platformData)).toContain(caseNumber);
  } finally {
    await stopProcess(platform.process);
  }
});

test('idle timeout mid-form: attract screen, no name or ID number in the DOM, nothing personal in web storage', async ({ page }) => {
  // A copy of the journey profile with a short idle warning and countdown.
  const profile = JSON.parse(fs.readFileSync(path.join(ROOT, 'kiosk-config', 'profiles', 'test-journey.json'), 'utf8')) as { ui: Record<string, number> };
  profile.ui = { ...profile.ui, idleWarningSeconds: 4, idleCountdownSeconds: 3 };
  const profilePath = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'budayang-profile-')), 'test-journey-idle.json');
  fs.writeFileSync(profilePath, JSON.stringify(profile));
  kiosk = await startKiosk({ profile: profilePath });

  await startAt(page, 'apply');
  await page.getByTestId('department-human-resources').click();
  await page.getByTestId('entry-item-pension-benefit-application').click();
  await startFromGuide(page);
  await identify(page);
  await page.getByTestId('input-applicantPhone').click();
  await typeKeys(page, '1380013');
  // The card's data is on screen (the ID number masked: kiosks stand in public halls)…
  await expect(page.getByTestId('input-applicantPhone')).toHaveValue('138 0013');
  await expect(page.getByText('420***********0018').first()).toBeVisible();
  await expect(page.getByTestId('idle-warning')).toBeVisible({ timeout: 10_000 });
  await screenshot(page, 'apply-40-idle-warning');
  await expect(page.getByTestId('attract-screen')).toBeVisible({ timeout: 15_000 });
  await screenshot(page, 'apply-41-after-idle');

  const body = await page.locator('body').innerText();
  const html = await page.content();
  for (const pii of ['王建国', '420204198001010018', '1380013', '138 0013', '下陆区示例大道']) {
    expect(body).not.toContain(pii);
    expect(html).not.toContain(pii);
  }
  const storage = await page.evaluate(() => ({
    local: Object.entries(localStorage),
    session: Object.entries(sessionStorage),
  }));
  expect(storage.local).toEqual([]);
  expect(storage.session.map(([k]) => k)).toEqual(storage.session.length ? ['budayang.token'] : []);
  for (const [, value] of storage.session) expect(value).toMatch(/^[0-9a-f]{64}$/);
});

test('a card whose number fails its check stops at the card step with a next step (人工窗口)', async ({ page }) => {
  kiosk = await startKiosk({ profile: 'test-journey' });
  await startAt(page, 'apply');
  await page.getByTestId('department-human-resources').click();
  await page.getByTestId('entry-item-pension-benefit-application').click();
  await startFromGuide(page);
  await page.getByTestId('journey-next').click();
  await expect(page.getByTestId('identify')).toBeVisible();
  await placeCard(page, 'resident-bad-check');
  await expect(page.getByTestId('identify-error')).toContainText('号码校验不通过');
  await expect(page.getByTestId('identify-error')).toContainText('人工窗口');
  await expect(page.getByTestId('identify-retry')).toHaveCount(0);
  await expect(page.getByTestId('apply-form')).toHaveCount(0);
  await capture(page, 'apply-42-bad-check-card');
});

test('in English: a select as big option buttons, a fee payable later, no materials step', async ({ page }) => {
  kiosk = await startKiosk({ profile: 'test-journey' });
  await openKiosk(page);
  await page.getByTestId('attract-screen').click();
  await page.getByTestId('toggle-language').click();
  await page.getByTestId('service-apply').click();
  await page.getByTestId('department-public-security').click();
  await expect(page.getByTestId('entry-item-hk-macao-endorsement')).toContainText('Fee ¥15.00');
  await page.getByTestId('entry-item-hk-macao-endorsement').click();
  await startFromGuide(page, 'Start');
  await expect(page.getByText('Before we read your ID card')).toBeVisible();
  await capture(page, 'apply-50-english-consent');
  await page.getByTestId('journey-next').click();
  await placeCard(page);
  await expect(page.getByTestId('card-summary')).toContainText('Read from your ID card');
  await page.getByTestId('input-applicantPhone').click();
  await typeKeys(page, '13600136000');
  await page.getByTestId('kb-done').click();
  await page.getByTestId('journey-next').click();
  await expect(page.getByTestId('error-endorsementType')).toBeVisible();
  await page.getByTestId('option-endorsementType-visit').click();
  await expect(page.getByTestId('option-endorsementType-visit')).toHaveAttribute('aria-checked', 'true');
  await capture(page, 'apply-51-english-select');
  await page.getByTestId('journey-next').click();
  // Only level-A materials: straight to the review.
  await expect(page.getByTestId('apply-review')).toBeVisible();
  await expect(page.getByTestId('review-endorsementType')).toHaveText('Family visit');
  await expect(page.getByTestId('apply-review')).toContainText('Fee ¥15.00; pay it under "Pay fees" after submitting');
  await page.getByTestId('journey-next').click();
  await declareAndSign(page);
  await page.getByTestId('journey-next').click();
  await expect(page.getByTestId('sync-state')).toHaveText(/Submitted to the approving office/, { timeout: 20_000 });
  await expect(page.getByTestId('apply-result')).toContainText('Fee ¥15.00');
  await capture(page, 'apply-52-english-result');
});
