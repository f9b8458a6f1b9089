// Issue #12's case lifecycle end to end, through the README's own commands (a real platform
// process, a kiosk provisioned with it in the browser shell, real Chromium): a resident submits an
// application; 查询 finds the case the platform made of it (已受理); the back office moves it through
// the admin API to 待领取; 查询 shows 待领取; 取证 offers it to its holder and prints its certificate
// on the certificate printer; the confirmed print reaches the platform, which records the case as
// picked up (已领取), so it can be neither offered nor printed again.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { capture, openKiosk, passFaceCheck, placeCard, startFromGuide, submitUnemploymentRegistration, typeKeys } from './support/journey';
import { ROOT } from './support/kiosk';
import { startFleetRig, type FleetRig } from './support/fleetPlatform';

/** The outbox's first delivery, or the next heartbeat-driven retry, lands well within this. */
const SYNC_MS = 60_000;

let rig: FleetRig | undefined;

test.afterEach(async ({}, testInfo) => {
  if (rig && testInfo.status !== testInfo.expectedStatus) {
    fs.mkdirSync(testInfo.outputDir, { recursive: true });
    fs.writeFileSync(path.join(testInfo.outputDir, 'kiosk-output.txt'), rig.kiosk.output());
  }
  await rig?.stop();
  rig = undefined;
});

function journeyProfile(): Record<string, unknown> {
  return JSON.parse(fs.readFileSync(path.join(ROOT, 'kiosk-config', 'profiles', 'test-journey.json'), 'utf8')) as Record<string, unknown>;
}

interface AdminCaseView {
  case: { status: string; certificateNumber: string | null; holderNameMasked: string | null; kioskId: string | null };
  transitions: Array<{ from: string | null; to: string; actor: string }>;
}

async function adminCase(caseNumber: string): Promise<AdminCaseView> {
  return (await rig!.admin('GET', `/admin/cases/${caseNumber}`)) as AdminCaseView;
}

/** Home → 查询 → the case number typed on the on-screen keyboard → its result screen. */
async function queryCase(page: Page, caseNumber: string): Promise<void> {
  await page.getByTestId('attract-screen').click();
  await page.getByTestId('service-query').click();
  await expect(page.getByTestId('query-enter')).toBeVisible();
  await typeKeys(page, caseNumber.toLowerCase());
  await expect(page.getByTestId('case-input')).toHaveValue(caseNumber);
  await page.getByRole('button', { name: '查询', exact: true }).click();
  await expect(page.getByTestId('query-result')).toBeVisible({ timeout: 15_000 });
  await expect(page.getByTestId('query-case-number')).toContainText(caseNumber);
}

async function endSession(page: Page): Promise<void> {
  await page.getByRole('button', { name: '结束办理' }).click();
  await expect(page.getByTestId('attract-screen')).toBeVisible();
}

test('a case submitted at the kiosk is tracked by 查询, readied by the back office and collected in 取证', async ({ page }) => {
  // Six journeys in one story, with two outbox round trips: more than the one-journey default.
  test.setTimeout(240_000);
  rig = await startFleetRig(journeyProfile());
  await openKiosk(page, rig.kiosk.url);

  // 1. 受理: the resident applies for 失业登记; the outbox delivers it and the platform makes a case of it.
  await page.getByTestId('attract-screen').click();
  await page.getByTestId('service-apply').click();
  await expect(page.getByTestId('catalog-browser')).toBeVisible();
  await page.getByTestId('browse-tab-search').click();
  await page.getByTestId('input-catalog-search').click();
  await typeKeys(page, 'sydj');
  await page.getByTestId('entry-item-unemployment-registration').click();
  await startFromGuide(page);
  await page.getByTestId('journey-next').click();
  await expect(page.getByTestId('identify')).toBeVisible();
  await placeCard(page);
  await expect(page.getByTestId('card-summary')).toContainText('王建国');
  await submitUnemploymentRegistration(page);
  await expect(page.getByTestId('case-number')).toHaveText(/^TESTJ1-\d{8}-\d{4}$/);
  const caseNumber = (await page.getByTestId('case-number').textContent())!;
  await expect(page.getByTestId('sync-state')).toHaveText(/已提交至审批部门/, { timeout: SYNC_MS });
  await capture(page, 'case-01-submitted');
  await endSession(page);

  const created = await adminCase(caseNumber);
  expect(created.case.status).toBe('received');
  expect(created.case.kioskId).toBe(rig.kioskId);
  expect(created.case.holderNameMasked).toBe('王**');
  expect(created.transitions).toEqual([expect.objectContaining({ from: null, to: 'received', actor: `kiosk:${rig.kioskId}` })]);

  // 2. 查询 finds it as the platform has it: 已受理.
  await queryCase(page, caseNumber);
  await expect(page.getByTestId('query-status')).toHaveText('已受理');
  await expect(page.getByTestId('query-service')).toHaveText('失业登记');
  await capture(page, 'case-02-query-received');
  await endSession(page);

  // Before the back office readies it, 取证 has nothing of this case for its holder.
  await page.getByTestId('attract-screen').click();
  await page.getByTestId('service-pickup').click();
  await page.getByRole('button', { name: '同意并继续' }).click();
  await placeCard(page);
  await passFaceCheck(page);
  await expect(page.getByTestId('pickup-list')).toBeVisible({ timeout: 15_000 });
  await expect(page.locator('[data-testid^="pickup-C-"]').first()).toBeVisible();
  await expect(page.getByTestId(`pickup-C-${caseNumber}`)).toHaveCount(0);
  await endSession(page);

  // 3. The back office: 审批中 → 已办结 → 待领取, each move by a named clerk through the admin API.
  for (const [from, to] of [['received', 'inReview'], ['inReview', 'approved'], ['approved', 'readyForPickup']] as const) {
    await rig.admin('POST', `/admin/cases/${caseNumber}/transitions`, { to, expectedStatus: from, actor: 'clerk-li' });
  }
  const ready = await adminCase(caseNumber);
  expect(ready.case.status).toBe('readyForPickup');
  expect(ready.case.certificateNumber).toBe(`C-${caseNumber}`);

  // 4. 查询 shows what the clerk set: 待领取.
  await queryCase(page, caseNumber);
  await expect(page.getByTestId('query-status')).toHaveText('待领取');
  await capture(page, 'case-03-query-ready');
  // The same status in English, from the i18n layer.
  await page.getByTestId('toggle-language').click();
  await expect(page.getByTestId('query-status')).toHaveText('Ready to collect');
  await expect(page.getByTestId('query-service')).toHaveText('Unemployment registration');
  await capture(page, 'case-03b-query-ready-en');
  await page.getByTestId('toggle-language').click();
  await expect(page.getByTestId('query-status')).toHaveText('待领取');
  await endSession(page);

  // 5. 取证: the case's certificate is offered to its holder, checked, then printed once.
  await page.getByTestId('attract-screen').click();
  await page.getByTestId('service-pickup').click();
  await page.getByRole('button', { name: '同意并继续' }).click();
  await expect(page.getByTestId('pickup-identify')).toBeVisible();
  await placeCard(page);
  await passFaceCheck(page);
  await expect(page.getByTestId('pickup-list')).toBeVisible({ timeout: 15_000 });
  const entry = page.getByTestId(`pickup-C-${caseNumber}`);
  await expect(entry).toContainText('失业登记');
  await expect(entry).toContainText('可打印 1 次');
  await capture(page, 'case-04-pickup-list');
  await entry.click();
  await expect(page.getByTestId('certificate-sheet')).toContainText(`C-${caseNumber}`);
  await expect(page.getByTestId('certificate-sheet')).toContainText('王**');
  await capture(page, 'case-05-pickup-preview');
  const printedDir = path.join(rig.kiosk.dataDir, 'printed');
  const certificates = () => (fs.existsSync(printedDir) ? fs.readdirSync(printedDir).filter((f) => f.startsWith('certificate')) : []);
  expect(certificates()).toEqual([]);
  await page.getByRole('button', { name: '确认打印' }).click();
  await expect(page.getByTestId('result-headline')).toHaveText('请取走证照', { timeout: 20_000 });
  await capture(page, 'case-06-pickup-printed');

  // The printed sheet: the holder's full name (printed, never shown masked on paper), the item and the issuer.
  expect(certificates()).toHaveLength(1);
  const pdf = path.join(printedDir, certificates()[0]!);
  execFileSync('pdftoppm', ['-png', '-r', '40', '-singlefile', pdf, path.join(ROOT, 'tests', 'artifacts', 'screenshots', 'case-06b-certificate-pdf')]);
  const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
  expect(text).toContain('王建国');
  expect(text).toContain('失业登记');
  expect(text).toContain('政务服务中心');

  // 6. The confirmed print reaches the platform: the case is picked up, audited as this kiosk.
  await expect.poll(async () => (await adminCase(caseNumber)).case.status, { timeout: SYNC_MS }).toBe('pickedUp');
  const done = await adminCase(caseNumber);
  expect(done.transitions.map((t) => t.to)).toEqual(['received', 'inReview', 'approved', 'readyForPickup', 'pickedUp']);
  expect(done.transitions.at(-1)).toEqual(expect.objectContaining({ from: 'readyForPickup', actor: `kiosk:${rig.kioskId}` }));
  await expect(rig.admin('POST', `/admin/cases/${caseNumber}/transitions`, { to: 'pickedUp', actor: 'clerk-li' })).rejects.toThrow(/409/);

  // Back to the list (asked afresh of the platform): the collected certificate is no longer offered.
  await page.getByRole('button', { name: '返回证照列表' }).click();
  await expect(page.getByTestId('pickup-list')).toBeVisible({ timeout: 15_000 });
  await expect(page.locator('[data-testid^="pickup-C-"]').first()).toBeVisible();
  await expect(entry).toHaveCount(0);
  await capture(page, 'case-07-pickup-list-after');
  await endSession(page);

  // 查询 shows 已领取; one sheet was printed in all.
  await queryCase(page, caseNumber);
  await expect(page.getByTestId('query-status')).toHaveText('已领取');
  await capture(page, 'case-08-query-picked-up');
  expect(certificates()).toHaveLength(1);
});
