// The fleet console end to end: a real `budayang platform serve` process, accounts made with
// `budayang platform admin add`, and 40 kiosks seeded through the signed kiosk API that keep
// beating (4 s heartbeats: the ones planned offline go offline after 12 s). Every page in zh and
// en with axe (no serious or critical violation) and a screenshot; sign-in, lockout, CSRF and
// role refusals, the audit entries they leave, and no CSP violation anywhere.
import { expect, test, type Page } from '@playwright/test';
import { SEEDED_APPLICANT_NAME, seededStruggles } from '../../scripts/seedFleet';
import { captureConsole, CONSOLE_PASSWORD, startConsolePlatform, type ConsolePlatform } from './support/consolePlatform';

let platform: ConsolePlatform;
const cspViolations: string[] = [];

test.use({ viewport: { width: 1440, height: 1000 }, deviceScaleFactor: 1, hasTouch: false });

test.beforeAll(async () => {
  test.setTimeout(180_000);
  platform = await startConsolePlatform({ kiosks: 40, accounts: [['pub', 'publisher'], ['ops', 'operator'], ['view', 'viewer'], ['locky', 'viewer']] });
  // The kiosks planned offline stopped beating at seeding: wait until the platform counts them offline.
  const expectedOffline = platform.fleet.kiosks.filter((k) => k.liveness === 'offline').length;
  await expect
    .poll(async () => {
      const res = await fetch(`${platform.url}/admin/fleet/overview`, { headers: { authorization: `Bearer ${platform.adminToken}` } });
      return ((await res.json()) as { totals: { offline: number } }).totals.offline;
    }, { timeout: 60_000 })
    .toBe(expectedOffline);
});

test.afterAll(async () => {
  await platform?.stop();
  expect(cspViolations).toEqual([]);
});

test.beforeEach(async ({ page }) => {
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) cspViolations.push(message.text());
  });
});

const capture = captureConsole;

async function signIn(page: Page, username: string, language: 'zh' | 'en' = 'zh'): Promise<void> {
  await page.goto(platform.consoleUrl);
  await expect(page.getByTestId('sign-in')).toBeVisible();
  if (language === 'en') await page.getByTestId('switch-language').click();
  await page.getByTestId('username').fill(username);
  await page.getByTestId('password').fill(CONSOLE_PASSWORD);
  await page.getByTestId('sign-in').click();
  await expect(page.getByTestId('signed-in-as')).toContainText(username);
}

async function auditActions(): Promise<Array<{ actor: string | null; action: string; outcome: string; error: string | null; clientAddress: string | null }>> {
  const res = await fetch(`${platform.url}/admin/audit?limit=200`, { headers: { authorization: `Bearer ${platform.adminToken}` } });
  return ((await res.json()) as { entries: Array<{ actor: string | null; action: string; outcome: string; error: string | null; clientAddress: string | null }> }).entries;
}

test('sign-in: a wrong password gets a sentence, five in a row lock the account, the right one signs in', async ({ page }) => {
  await page.goto(platform.consoleUrl);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('不打烊 自助终端管理平台');
  await capture(page, 'sign-in');
  await page.getByTestId('username').fill('locky');
  for (let i = 1; i <= 4; i++) {
    await page.getByTestId('password').fill(`wrong password ${i}`);
    await page.getByTestId('sign-in').click();
    await expect(page.getByTestId('sign-in-error')).toHaveText('用户名或密码错误，请重新输入。');
  }
  await page.getByTestId('password').fill('wrong password 5');
  await page.getByTestId('sign-in').click();
  await expect(page.getByTestId('sign-in-error')).toContainText('账号已锁定至');
  // Locked: even the right password is refused now.
  await page.getByTestId('password').fill(CONSOLE_PASSWORD);
  await page.getByTestId('sign-in').click();
  await expect(page.getByTestId('sign-in-error')).toContainText('账号已锁定至');
  await capture(page, 'sign-in-locked');
  const entries = (await auditActions()).filter((e) => e.action === 'session.signIn' && e.actor === 'locky');
  expect(entries.map((e) => e.error)).toEqual(['accountLocked', 'accountLocked', 'badCredentials', 'badCredentials', 'badCredentials', 'badCredentials']);
  expect(entries.every((e) => e.clientAddress === '127.0.0.1')).toBe(true);

  await page.getByTestId('switch-language').click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Budayang Kiosk Fleet Console');
  await capture(page, 'sign-in-en');
});

test('overview: totals by liveness, a chart and tables by region and level, drill-down, in zh and en', async ({ page }) => {
  await signIn(page, 'view');
  const planned = (liveness: string) => platform.fleet.kiosks.filter((k) => k.liveness === liveness).length;
  await expect(page.getByTestId('total-count')).toHaveText(String(platform.fleet.kiosks.length));
  for (const status of ['online', 'degraded', 'offline', 'never']) await expect(page.getByTestId(`count-${status}`)).toContainText(String(planned(status)));
  await expect(page.getByTestId('fleet-chart').locator('canvas')).toBeVisible();
  await expect(page.getByTestId('by-region')).toContainText('4202');
  await expect(page.getByTestId('by-level')).toContainText('村级');
  // A viewer sees neither the audit log nor the accounts page.
  await expect(page.getByTestId('nav-audit')).toHaveCount(0);
  await expect(page.getByTestId('nav-accounts')).toHaveCount(0);
  await capture(page, 'overview');
  await page.getByTestId('drill-4202').click();
  await expect(page.getByTestId('by-region')).toContainText('420281');
  await capture(page, 'overview-4202');
  await page.getByTestId('switch-language').click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Overview');
  await expect(page.getByTestId('count-offline')).toContainText('Offline');
  await capture(page, 'overview-en');
});

test('kiosk list: filters from the URL and the form, paging, in zh and en', async ({ page }) => {
  await signIn(page, 'view');
  await page.getByTestId('count-offline').click();
  const offline = platform.fleet.kiosks.filter((k) => k.liveness === 'offline');
  await expect(page.getByTestId('kiosk-table').locator('tbody tr')).toHaveCount(offline.length);
  for (const k of offline) await expect(page.getByTestId(`kiosk-${k.kioskCode}`)).toBeVisible();
  await expect(page.getByTestId('filter-status')).toHaveValue('offline');
  await page.getByTestId('filter-reset').click();
  await page.getByTestId('filter-region').fill('4202');
  await page.getByTestId('filter-level').selectOption('village');
  await page.getByTestId('filter-apply').click();
  const villages = platform.fleet.kiosks.filter((k) => k.regionCode.startsWith('4202') && k.level === 'village');
  await expect(page.getByTestId('kiosk-table').locator('tbody tr')).toHaveCount(villages.length);
  await expect(page.getByTestId('pager-page')).toContainText(`共 ${villages.length} 条`);
  await page.getByTestId('filter-reset').click();
  await expect(page.getByTestId('pager-page')).toContainText(`共 ${platform.fleet.kiosks.length} 条`);
  await capture(page, 'kiosks');
  await page.getByTestId('switch-language').click();
  await page.getByTestId('filter-hardware').selectOption('HK-800 桌面式');
  await page.getByTestId('filter-apply').click();
  await expect(page.getByTestId('kiosk-table').locator('tbody tr')).toHaveCount(platform.fleet.kiosks.filter((k) => k.hardware === 'HK-800 桌面式').length);
  await capture(page, 'kiosks-en');
});

test('kiosk page: problems, devices with consumables, queue, versions and events without personal data; an operator edits its tags', async ({ page }) => {
  const degraded = platform.fleet.kiosks.find((k) => k.liveness === 'degraded')!;
  await signIn(page, 'ops');
  await page.goto(`${platform.consoleUrl}kiosks/${degraded.kioskId}`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`终端 ${degraded.kioskCode}`);
  await expect(page.getByTestId('kiosk-status')).toContainText('降级');
  await expect(page.getByTestId('kiosk-problems')).toContainText('凭条打印机（receipt-printer）纸张将尽');
  await expect(page.getByTestId('kiosk-problems')).toContainText('纸币识别器（bill-acceptor）故障');
  await expect(page.getByTestId('kiosk-devices')).toContainText('将尽');
  await expect(page.getByTestId('kiosk-queue')).toContainText('12');
  await expect(page.getByTestId('kiosk-self-tests')).toContainText('escrowAndReturn 失败 · 5012 ms');
  await expect(page.getByTestId('kiosk-versions')).toContainText(degraded.appVersion);
  await expect(page.getByTestId('kiosk-events')).toContainText('application.submitted');
  await expect(page.getByTestId('kiosk-events')).toContainText('alert.raised');
  // The platform holds the applicant's name; no page shows it.
  await expect(page.locator('body')).not.toContainText(SEEDED_APPLICANT_NAME);
  await capture(page, 'kiosk');

  await page.getByTestId('edit-tags').click();
  await page.getByTestId('tag-hardware').fill('ZZJ-C3 新款');
  await page.getByTestId('tag-regionCode').fill('42');
  await page.getByTestId('tags-save').click();
  await expect(page.getByRole('alert')).toContainText('填写的内容不符合要求');
  await page.getByTestId('tag-regionCode').fill(degraded.regionCode);
  await page.getByTestId('tags-save').click();
  await expect(page.getByTestId('tags-saved')).toBeVisible();
  await expect(page.getByTestId('kiosk-tags')).toContainText('ZZJ-C3 新款');
  const [tagged] = (await auditActions()).filter((e) => e.action === 'kiosks.setTags' && e.actor === 'ops');
  expect(tagged).toMatchObject({ outcome: 'success' });

  await page.getByTestId('switch-language').click();
  await expect(page.getByTestId('kiosk-problems')).toContainText('Receipt printer (receipt-printer) is low on paper');
  await capture(page, 'kiosk-en');
});

test('alerts inbox: an operator sees the fleet’s alerts, filters them and takes one; in zh and en', async ({ page }) => {
  const degraded = platform.fleet.kiosks.find((k) => k.liveness === 'degraded')!;
  await signIn(page, 'ops');
  await page.getByTestId('nav-alerts').click();
  // Degraded kiosks report low paper in their heartbeats.
  await expect(page.getByTestId('alerts-table')).toContainText('纸张将尽');
  await page.getByTestId('filter-kiosk').fill(degraded.kioskId);
  await page.getByTestId('filter-code').selectOption('paperLow');
  await page.getByTestId('filter-apply').click();
  await expect(page.getByTestId('alerts-table').locator('tbody tr')).toHaveCount(1);
  const take = page.getByTestId('alerts-table').getByRole('button', { name: '认领' });
  await take.click();
  await expect(page.getByTestId('alerts-notice')).toContainText('已认领告警');
  await expect(page.getByTestId('alerts-table')).toContainText('ops');
  await capture(page, 'alerts');
  const [taken] = (await auditActions()).filter((e) => e.action === 'alerts.acknowledge' && e.actor === 'ops');
  expect(taken).toMatchObject({ outcome: 'success' });
  await page.getByTestId('switch-language').click();
  await expect(page.getByTestId('alerts-table')).toContainText('Paper low');
  await capture(page, 'alerts-en');
});

test('where citizens struggle: a viewer reads the fleet’s per-step counts, filtered by signal; in zh and en', async ({ page }) => {
  // Kiosks planned as never seen send no events.
  const kiosks = platform.fleet.kiosks.filter((k) => k.liveness !== 'never');
  const total = (step: string) => kiosks.flatMap((k) => seededStruggles(k)).filter((c) => c.step === step).reduce((sum, c) => sum + c.count, 0);
  await signIn(page, 'view');
  await page.getByTestId('nav-struggles').click();
  const table = page.getByTestId('struggles-table');
  // Largest first: every kiosk's refused case numbers lead.
  await expect(table.locator('tbody tr').first()).toContainText(`查询query-enter多次填写有误${total('query-enter')}${kiosks.length}`);
  await capture(page, 'struggles');
  await page.getByTestId('filter-signal').selectOption('longDwell');
  await page.getByTestId('filter-apply').click();
  await expect(table.locator('tbody tr')).toHaveCount(1);
  await expect(table).toContainText(`办事form停留过久${total('form')}`);
  await page.getByTestId('switch-language').click();
  await expect(table).toContainText('Stayed very long');
  await capture(page, 'struggles-en');
});

test('case back office: an operator accepts a case for review and rejects another with a reason; a viewer has no case page; in zh and en', async ({ page }) => {
  const [first, second] = platform.fleet.kiosks;
  const reviewed = `${first!.kioskCode}-20261205-0001`;
  const rejected = `${second!.kioskCode}-20261205-0001`;
  await signIn(page, 'ops');
  await page.getByTestId('nav-cases').click();
  await expect(page.getByTestId('cases-table')).toContainText(reviewed);
  await page.getByTestId(`move-${reviewed}-inReview`).click();
  await expect(page.getByTestId('cases-notice')).toContainText(`办件 ${reviewed} 已转为“审批中”`);
  await page.getByTestId(`move-${rejected}-rejected`).click();
  await page.getByTestId(`move-form-${rejected}`).getByRole('textbox').fill('材料不齐全，请补充居住证明后重新申请');
  await page.getByTestId(`move-form-${rejected}`).getByRole('button', { name: '确认' }).click();
  await expect(page.getByTestId('cases-notice')).toContainText(`办件 ${rejected} 已转为“不予受理”`);
  await page.getByTestId('filter-status').selectOption('inReview');
  await page.getByTestId('filter-apply').click();
  await expect(page.getByTestId('cases-table')).toContainText(reviewed);
  await expect(page.getByTestId('cases-table')).not.toContainText(rejected);
  // The applicant's name is masked; the platform never shows it whole.
  await expect(page.locator('body')).not.toContainText(SEEDED_APPLICANT_NAME);
  await capture(page, 'cases');
  await page.getByTestId('switch-language').click();
  await expect(page.getByTestId('cases-table')).toContainText('In review');
  await capture(page, 'cases-en');
  const moves = (await auditActions()).filter((e) => e.action === 'cases.move' && e.actor === 'ops');
  expect(moves.map((e) => e.outcome)).toEqual(['success', 'success']);

  await page.getByTestId('sign-out').click();
  await signIn(page, 'view');
  await expect(page.getByTestId('nav-alerts')).toBeVisible();
  await expect(page.getByTestId('nav-cases')).toHaveCount(0);
});

/** A failed sign-in through the API, as a person mistyping would leave. */
async function failSignIn(username: string, times: number): Promise<void> {
  for (let i = 0; i < times; i++) await fetch(`${platform.url}/admin/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: `mistyped password ${i}` }) });
}

test('audit log: an operator reads who did what, filtered; in zh and en', async ({ page }) => {
  await failSignIn('view', 1);
  await signIn(page, 'ops');
  await page.getByTestId('nav-audit').click();
  await expect(page.getByTestId('audit-table')).toContainText('session.signIn');
  await page.getByTestId('filter-action').fill('session.');
  await page.getByTestId('filter-outcome').selectOption('refused');
  await page.getByTestId('filter-apply').click();
  await expect(page.getByTestId('audit-table')).toContainText('badCredentials');
  await expect(page.getByTestId('audit-table')).not.toContainText('kiosks.setTags');
  await capture(page, 'audit');
  await page.getByTestId('switch-language').click();
  await expect(page.getByTestId('audit-table')).toContainText('Refused');
  await capture(page, 'audit-en');
});

test('accounts: a publisher creates an account, changes a role and unlocks a locked account; in zh and en', async ({ page }) => {
  await failSignIn('locky', 5);
  await signIn(page, 'pub');
  await page.getByTestId('nav-accounts').click();
  await expect(page.getByTestId('accounts-table')).toContainText('locky');
  await page.getByTestId('new-username').fill('zhang.wei');
  await page.getByTestId('new-role').selectOption('operator');
  await page.getByTestId('new-password').fill('short');
  await page.getByTestId('create-submit').click();
  await expect(page.getByTestId('create-error')).toHaveText('密码不符合要求：至少 12 个字符，且不能与用户名相同。');
  await page.getByTestId('new-password').fill('a long initial password');
  await page.getByTestId('create-submit').click();
  await expect(page.getByTestId('accounts-message')).toHaveText('账号 zhang.wei 已创建。');
  await expect(page.getByTestId('accounts-table')).toContainText('zhang.wei');
  await page.getByTestId('unlock-locky').click();
  await expect(page.getByTestId('accounts-message')).toHaveText('账号 locky 已更新。');
  await capture(page, 'accounts');
  await page.getByTestId('switch-language').click();
  await page.getByTestId('role-zhang.wei').selectOption('viewer');
  await page.getByTestId('save-role-zhang.wei').click();
  await expect(page.getByTestId('accounts-message')).toHaveText('Account zhang.wei updated.');
  await capture(page, 'accounts-en');
  // The unlocked account signs in again.
  const unlocked = await fetch(`${platform.url}/admin/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'locky', password: CONSOLE_PASSWORD }) });
  expect(unlocked.status).toBe(200);
});

test('refusals: the API refuses a viewer’s change by role, and a change without the CSRF token, and audits both', async ({ page }) => {
  await signIn(page, 'view');
  const kioskId = platform.fleet.kiosks[0]!.kioskId;
  // From inside the signed-in page, as a script injected there would try.
  const answers = await page.evaluate(async (id) => {
    const body = JSON.stringify({ regionCode: null, level: null, siteKind: null, siteName: null, hardware: null });
    const session = (await (await fetch('/admin/session')).json()) as { csrfToken: string };
    const withToken = await fetch(`/admin/kiosks/${id}/tags`, { method: 'PUT', headers: { 'content-type': 'application/json', 'x-csrf-token': session.csrfToken }, body });
    // A change the viewer may make (its own password), but without the session's CSRF token.
    const withoutToken = await fetch('/admin/session/password', { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ currentPassword: 'x', newPassword: 'a new password 123' }) });
    return [await withToken.json(), await withoutToken.json()] as Array<{ error: string }>;
  }, kioskId);
  expect(answers.map((a) => a.error)).toEqual(['forbidden', 'csrfRejected']);
  const entries = (await auditActions()).filter((e) => e.actor === 'view' && e.outcome === 'refused');
  expect(entries.slice(0, 2).map((e) => [e.action, e.error])).toEqual([
    ['session.changePassword', 'csrfRejected'],
    ['kiosks.setTags', 'forbidden'],
  ]);
  // A page the role may not open is not there at all.
  await page.goto(`${platform.consoleUrl}accounts`);
  await expect(page.getByRole('alert')).toHaveText('未找到该记录，可能已被删除。');
});

test('signing out and a session that ends while in use both return to the sign-in page', async ({ page, context }) => {
  await signIn(page, 'view');
  await page.getByTestId('sign-out').click();
  await expect(page.getByTestId('sign-in')).toBeVisible();
  await signIn(page, 'view');
  await context.clearCookies();
  await page.getByTestId('nav-kiosks').click();
  await expect(page.getByTestId('session-ended')).toHaveText('登录已失效，请重新登录。');
  await capture(page, 'session-ended');
});
