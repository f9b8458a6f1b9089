// The console's rollout and remote-command pages end to end: a real `budayang platform serve`
// process, accounts made with the CLI, 20 kiosks seeded through the signed kiosk API that keep
// beating, and kiosk results sent as the kiosks would send them (signed `fleet.bundleResult` and
// `fleet.commandResult` events, heartbeats acknowledging commands). A publisher creates a rollout
// from the form and watches it advance past the canary and abort on a rollback; an operator
// pauses and cancels one but may not resume it; an operator sends a signed command to a group and
// sees delivery, receipt and result; a viewer sees no form. zh and en, axe and a screenshot each.
import { expect, test, type Page } from '@playwright/test';
import type { SeededKiosk } from '../../scripts/seedFleet';
import { ulid } from 'ulid';
import { captureConsole, CONSOLE_PASSWORD, startConsolePlatform, type ConsolePlatform } from './support/consolePlatform';

let platform: ConsolePlatform;
const cspViolations: string[] = [];

test.use({ viewport: { width: 1440, height: 1100 }, deviceScaleFactor: 1, hasTouch: false });

async function admin(method: string, path: string, body?: unknown): Promise<Record<string, unknown>> {
  const res = await fetch(`${platform.url}${path}`, { method, headers: { authorization: `Bearer ${platform.adminToken}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) }, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
  const json = (await res.json()) as Record<string, unknown>;
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}

test.beforeAll(async () => {
  test.setTimeout(180_000);
  platform = await startConsolePlatform({ kiosks: 20, accounts: [['pub', 'publisher'], ['ops', 'operator'], ['view', 'viewer']] });
  await admin('PUT', '/admin/fleet/groups/villages', { selector: { siteKinds: ['village'] } });
  await admin('POST', '/admin/bundles/config/sign', { version: 1, payload: { ui: { idleWarningSeconds: 80 } } });
  await admin('POST', '/admin/bundles/catalog/sign', { version: 1, payload: { version: 'catalog-e2e', items: [] } });
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
  if (language === 'en') await page.getByTestId('switch-language').click();
  await page.getByTestId('username').fill(username);
  await page.getByTestId('password').fill(CONSOLE_PASSWORD);
  await page.getByTestId('sign-in').click();
  await expect(page.getByTestId('signed-in-as')).toContainText(username);
}

function kioskById(id: string): SeededKiosk {
  return platform.fleet.kiosks.find((k) => k.kioskId === id)!;
}

/** What a kiosk's outbox sends after its health gate: a signed `fleet.bundleResult`. */
async function reportBundle(kiosk: SeededKiosk, outcome: 'applied' | 'rolledBack', version: number): Promise<void> {
  const at = new Date().toISOString();
  const base = { resultId: ulid(), kind: 'config', version, previousVersion: null, at };
  const payload = outcome === 'applied' ? { ...base, outcome, detail: `config v${version} passed the health gate` } : { ...base, outcome, reason: 'healthGate', detail: 'receiptPrinter: port /dev/ttyNOPE does not exist' };
  await platform.fleet.post(kiosk, '/v1/events', { events: [{ idempotencyKey: ulid(), streamKey: 'fleet:bundle:config', streamSeq: 1, kind: 'fleet.bundleResult', occurredAt: at, payload }] });
}

type RolloutKioskRow = { kioskId: string; kioskCode: string; ring: number; state: string };

async function rolloutKiosks(rolloutId: string): Promise<RolloutKioskRow[]> {
  return (await admin('GET', `/admin/rollouts/${rolloutId}/kiosks?limit=100`)).kiosks as RolloutKioskRow[];
}

test('a publisher rolls a bundle out to the village group from the form: the canary, then the rest; a rollback aborts it (zh)', async ({ page }) => {
  await signIn(page, 'pub');
  await page.getByRole('link', { name: '灰度发布' }).click();
  await expect(page.getByRole('heading', { level: 1, name: '灰度发布' })).toBeVisible();
  await expect(page.getByTestId('rollouts-table')).toContainText('暂无发布记录');

  await page.getByLabel('选择版本包').selectOption({ label: '配置 第 1 版' });
  await page.getByLabel('终端分组').selectOption('villages');
  await page.getByLabel('分批').fill('1,100%');
  await page.getByLabel('每批观察时间（分钟）').fill('0');
  await page.getByLabel('失败比例超过（%）时中止').fill('10');
  await page.getByLabel('至少上报台数').fill('2');
  await capture(page, 'rollouts-create-zh');
  await page.getByRole('button', { name: '开始发布' }).click();

  await expect(page.getByTestId('rollout-message')).toHaveText('发布已创建，第 1 批已下发。');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('配置 第 1 版发布');
  await expect(page.getByTestId('rollout-state')).toContainText('进行中');
  await expect(page.getByTestId('ring-1-state')).toHaveText('下发中');
  await expect(page.getByTestId('ring-2-state')).toHaveText('等待中');
  const rolloutId = decodeURIComponent(new URL(page.url()).pathname.split('/').pop()!);
  const [canary] = (await rolloutKiosks(rolloutId)).filter((k) => k.ring === 0);
  await expect(page.getByTestId(`kiosk-${canary!.kioskCode}-state`)).toHaveText('已下发，待上报');
  await capture(page, 'rollout-canary-zh');

  // The canary applies: ring 2 is told (soak 0). A kiosk of ring 2 rolls back: with 2 reported
  // and 1 failed (50 % > 10 %), the rollout aborts; the kiosks not yet reporting get their
  // previous desired version back, so nothing more changes.
  await reportBundle(kioskById(canary!.kioskId), 'applied', 1);
  await expect(page.getByTestId(`kiosk-${canary!.kioskCode}-state`)).toHaveText('已生效', { timeout: 20_000 });
  await expect(page.getByTestId('ring-2-state')).toHaveText('下发中', { timeout: 20_000 });
  const ring2 = (await rolloutKiosks(rolloutId)).filter((k) => k.ring === 1);
  const beating = ring2.find((k) => ['online', 'degraded'].includes(kioskById(k.kioskId).liveness))!;
  await reportBundle(kioskById(beating.kioskId), 'rolledBack', 1);
  await expect(page.getByTestId('rollout-state')).toContainText('已中止', { timeout: 20_000 });
  await expect(page.getByTestId(`kiosk-${beating.kioskCode}-state`)).toHaveText('失败（已回滚）');
  await expect(page.getByTestId('rollout-reason')).toContainText('failed');
  await expect(page.getByTestId('rollout-progress')).toContainText('成功 1／失败 1');
  const withdrawn = ring2.find((k) => k.kioskId !== beating.kioskId)!;
  await expect(page.getByTestId(`kiosk-${withdrawn.kioskCode}-state`)).toHaveText('已撤回（已拉取的仍会上报）');
  expect((await admin('GET', `/admin/fleet/kiosks?limit=500`)).kiosks).toEqual(
    expect.arrayContaining([expect.objectContaining({ kioskId: withdrawn.kioskId, config: expect.objectContaining({ desired: null }) })]),
  );
  // A stopped rollout offers no action.
  await expect(page.getByTestId('rollout-pause')).toHaveCount(0);
  await expect(page.getByTestId('rollout-abort')).toHaveCount(0);
  await page.getByLabel('结果').selectOption({ label: '失败（已回滚）' });
  await expect(page.getByTestId('rollout-kiosks').locator('tbody tr')).toHaveCount(1);
  await page.getByLabel('结果').selectOption('');
  await capture(page, 'rollout-aborted-zh');

  await page.getByRole('link', { name: '返回发布列表' }).click();
  await expect(page.getByTestId('rollout-config-1')).toBeVisible();
  await expect(page.getByTestId('rollouts-table')).toContainText('已中止');
  // The same version again is refused with a sentence, not a code.
  await page.getByLabel('选择版本包').selectOption({ label: '配置 第 1 版' });
  await page.getByRole('button', { name: '开始发布' }).click();
  await expect(page.getByTestId('create-error')).toHaveText('该版本不高于已发布过的版本，请选择更新的版本。');
});

test('an operator pauses and cancels a rollout but may not resume or create one (en)', async ({ page }) => {
  const created = await admin('POST', '/admin/rollouts', { kind: 'catalog', version: 1, target: { group: 'villages' }, rings: [{ kiosks: 1 }, { percent: 100 }], soakSeconds: 3600 });
  await signIn(page, 'ops', 'en');
  await page.getByRole('link', { name: 'Rollouts' }).click();
  await expect(page.getByTestId('create-rollout')).toHaveCount(0);
  await page.getByTestId('rollout-catalog-1').click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Catalog version 1 rollout');
  await page.getByRole('button', { name: 'Pause' }).click();
  await expect(page.getByTestId('rollout-message')).toHaveText('Done: Paused.');
  await expect(page.getByTestId('rollout-state')).toContainText('Paused');
  await expect(page.getByRole('button', { name: 'Resume' })).toHaveCount(0);
  await page.getByRole('button', { name: 'Cancel rollout' }).click();
  await expect(page.getByText('Kiosks not yet told never will be')).toBeVisible();
  await capture(page, 'rollout-confirm-cancel-en');
  await page.getByRole('button', { name: 'Confirm cancel' }).click();
  await expect(page.getByTestId('rollout-state')).toContainText('Canceled');
  await expect(page.getByTestId('ring-2-state')).toHaveText('Not told');
  await expect(page.getByTestId('rollout-reason')).toHaveText('canceled by ops');
  await capture(page, 'rollout-canceled-en');
  const audit = (await admin('GET', '/admin/audit?limit=50')).entries as Array<{ actor: string | null; action: string; target: string | null }>;
  expect(audit.filter((e) => e.actor === 'ops' && e.target === `rollout:${String(created.rolloutId)}`).map((e) => e.action)).toEqual(['rollouts.stop', 'rollouts.stop']);
});

test('an operator sends a signed maintenance command to the village group and sees delivery, receipt and result; a viewer sees no form (zh)', async ({ page, browser }) => {
  await signIn(page, 'ops');
  await page.getByRole('link', { name: '远程指令' }).click();
  await expect(page.getByRole('heading', { level: 1, name: '远程指令' })).toBeVisible();
  await page.getByLabel('终端分组').check();
  await page.getByLabel('分组', { exact: true }).selectOption('villages');
  await page.getByLabel('指令', { exact: true }).selectOption({ label: '维护模式' });
  await page.getByLabel('维护原因（中文，显示在终端屏幕上）').fill('设备检修，请到镇便民服务中心办理');
  await page.getByLabel('维护原因（英文）').fill('Servicing; please use the township service centre');
  await page.getByRole('button', { name: '签名并下发' }).click();
  const villages = platform.fleet.kiosks.filter((k) => k.siteKind === 'village');
  await expect(page.getByTestId('command-message')).toHaveText(`已为 ${villages.length} 台终端签发指令，将在下一次心跳时送达。`);

  // A beating kiosk gets it in its next heartbeat answer; it stores it (the next heartbeat lists
  // it as received) and reports the result through its outbox.
  const kiosk = villages.find((k) => k.liveness === 'online')!;
  const [command] = (await admin('GET', `/admin/fleet/commands?kioskId=${kiosk.kioskId}`)).commands as Array<{ commandId: string; deliveredAt: string | null }>;
  const result = page.getByTestId(`command-result-${command!.commandId}`);
  await expect(result).toHaveText('已送达，待确认', { timeout: 20_000 });
  await platform.fleet.post(kiosk, '/v1/heartbeat', { sentAt: new Date().toISOString(), devices: [], queue: { pending: 0, deadLetter: 0, oldestPendingAgeSeconds: null }, versions: { app: kiosk.appVersion, config: 'site-1' }, diskFreeBytes: null, commandResults: [], receivedCommandIds: [command!.commandId] });
  await expect(result).toHaveText('已保存，待执行');
  const at = new Date().toISOString();
  await platform.fleet.post(kiosk, '/v1/events', {
    events: [{ idempotencyKey: ulid(), streamKey: `fleet:command:${command!.commandId}`, streamSeq: 1, kind: 'fleet.commandResult', occurredAt: at, payload: { commandId: command!.commandId, action: 'setMaintenance', outcome: 'done', detail: 'maintenance mode on', receivedAt: at, finishedAt: at } }],
  });
  await expect(result).toHaveText('已执行');
  // A kiosk that never beats keeps it waiting.
  const silent = villages.find((k) => k.liveness === 'never')!;
  await page.getByLabel('按终端 ID 筛选').fill(silent.kioskId);
  await page.getByRole('button', { name: '查询' }).click();
  await expect(page.getByTestId('commands-table').locator('tbody tr')).toHaveCount(1);
  await expect(page.getByTestId('commands-table')).toContainText('等待送达');
  await page.getByRole('button', { name: '重置' }).click();
  await capture(page, 'commands-zh');
  // A kiosk page links to its commands.
  await page.goto(`${platform.consoleUrl}kiosks/${encodeURIComponent(kiosk.kioskId)}`);
  await page.getByRole('main').getByRole('link', { name: '远程指令' }).click();
  await expect(page.getByLabel('按终端 ID 筛选')).toHaveValue(kiosk.kioskId);
  await expect(page.getByTestId(`command-result-${command!.commandId}`)).toHaveText('已执行');

  const viewer = await browser.newPage();
  await signIn(viewer, 'view');
  await viewer.getByRole('link', { name: '远程指令' }).click();
  await expect(viewer.getByTestId('commands-table')).toContainText('已执行');
  await expect(viewer.getByTestId('send-command')).toHaveCount(0);
  await viewer.getByRole('link', { name: '灰度发布' }).click();
  await expect(viewer.getByTestId('create-rollout')).toHaveCount(0);
  await viewer.close();
});
