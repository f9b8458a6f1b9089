// Diagnostics mode end to end (demo profile, whose technician PIN is the documented 246810): the
// hidden corner gesture, a wrong PIN refused with the attempts left, then device statuses, a test
// page on the receipt printer, the camera's self-test in the renderer, a maintenance lease on the certificate printer, its calibration
// loop, the network and dead letters, the bundle saved, and back to a clean attract screen with
// the lease given back. Then a lease from the CLI while a citizen is on the home screen: the
// service that needs the printer says, in plain words, that the device is under maintenance.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { ROOT, screenshot, startKiosk, type RunningKiosk } from './support/kiosk';

let kiosk: RunningKiosk;

test.beforeEach(async () => {
  kiosk = await startKiosk({ profile: 'demo' });
});

test.afterEach(async () => {
  await kiosk.stop();
});

async function typePin(page: Page, pin: string) {
  for (const digit of pin) await page.getByTestId(`key-${digit}`).click();
}

test('a technician enters with the PIN, sees every device and prints a test page', async ({ page }) => {
  await page.goto(kiosk.url);
  await expect(page.getByTestId('maintenance-corner')).toBeVisible({ timeout: 15_000 });
  for (let i = 0; i < 5; i++) await page.getByTestId('maintenance-corner').click();
  await expect(page.getByTestId('diagnostics-pin')).toBeVisible();
  await typePin(page, '1234');
  await page.getByTestId('diagnostics-enter').click();
  await expect(page.getByTestId('diagnostics-error')).toContainText('还可尝试 4 次');
  await typePin(page, '246810');
  await page.getByTestId('diagnostics-enter').click();
  await expect(page.getByTestId('diagnostics')).toBeVisible();
  for (const device of ['id-reader', 'scanner', 'bill-acceptor', 'receipt-printer', 'a4-printer', 'certificate-printer']) {
    await expect(page.getByTestId(`diag-device-${device}`)).toContainText('online');
  }
  await expect(page.getByTestId('diag-queue')).toContainText('平台在线');
  await page.getByTestId('diag-test-page').click();
  await expect(page.getByTestId('diag-message')).toHaveText('完成：printed');
  // The camera's self-test runs in the renderer (Chromium's fake camera here) and is kept by the core.
  await page.getByTestId('diag-selftest-renderer-camera').click();
  await expect(page.getByTestId('diag-selftest-result-renderer-camera')).toHaveAttribute('data-outcome', 'passed');
  await expect(page.getByTestId('diag-selftest-result-renderer-camera')).toContainText('frame · 通过');
  await screenshot(page, 'diagnostics-01-devices');

  // 占用设备维护: the certificate printer, held from this screen.
  await page.getByTestId('diag-lease-take-certificate-printer').click();
  await expect(page.getByTestId('diag-lease-certificate-printer')).toContainText('本人占用至');
  await expect(page.getByTestId('diag-device-certificate-printer')).toContainText('deviceBusy');

  // The calibration loop under that lease: print, enter the measured shift, confirm, print again.
  await page.getByTestId('diag-tab-calibration').click();
  await expect(page.getByTestId('diag-calibration-current')).toContainText('当前偏移：横向 0 毫米，纵向 0 毫米（未校准）');
  await page.getByTestId('diag-calibration-print').click();
  await expect(page.getByTestId('diag-calibration-message')).toHaveText('校准页已打印（printed）');
  await page.getByTestId('diag-calibration-x-plus-0.5').click();
  await page.getByTestId('diag-calibration-x-plus-0.5').click();
  await page.getByTestId('diag-calibration-y-minus-0.5').click();
  await expect(page.getByTestId('diag-calibration-x-value')).toHaveText('1 mm');
  await page.getByTestId('diag-calibration-save').click();
  await expect(page.getByTestId('diag-calibration-confirm')).toContainText('横向 -1 毫米、纵向 0.5 毫米');
  await screenshot(page, 'diagnostics-02-calibration-confirm');
  await page.getByTestId('diag-calibration-confirm-yes').click();
  await expect(page.getByTestId('diag-calibration-current')).toContainText('当前偏移：横向 -1 毫米，纵向 0.5 毫米（本机校准');
  await expect(page.getByTestId('diag-calibration-message')).toHaveText('校准页已打印（printed）');

  // Network and dead letters.
  await page.getByTestId('diag-tab-outbox').click();
  await expect(page.getByTestId('diag-network-reachable')).toHaveText('可达');
  await expect(page.getByTestId('diag-network-rtt')).toHaveText(/^\d+(\.\d)? ms$/);
  await expect(page.getByTestId('diag-dead-none')).toBeVisible();
  await screenshot(page, 'diagnostics-03-network');

  // The bundle, saved in the data dir's diagnostics/ with its path shown.
  await page.getByTestId('diag-tab-overview').click();
  await page.getByTestId('diag-bundle').click();
  await expect(page.getByTestId('diag-message')).toContainText(`诊断包已保存：${path.join(kiosk.dataDir, 'diagnostics', 'diagnostics-')}`);

  // Leaving gives the printer back: 自助取证 is open again.
  await page.getByTestId('diag-exit').click();
  await expect(page.getByTestId('attract-screen')).toBeVisible();
  await page.getByTestId('attract-screen').click();
  await expect(page.getByTestId('home-screen')).toBeVisible();
  await expect(page.getByTestId('service-pickup')).toHaveAttribute('aria-disabled', 'false');

  // A technician's CLI takes the certificate printer while a citizen is on the home screen.
  const lease = spawn(process.execPath, [path.join(ROOT, 'bin', 'budayang.mjs'), 'devices', 'lease', 'certificate-printer', '--data', kiosk.dataDir, '--json'], { stdio: ['ignore', 'pipe', 'pipe'] });
  try {
    await new Promise<void>((resolve) => lease.stdout!.on('data', (d: Buffer) => d.toString().includes('"event":"leased"') && resolve()));
    await expect(page.getByTestId('service-pickup')).toHaveAttribute('aria-disabled', 'true');
    await expect(page.getByTestId('service-pickup')).toContainText('暂停服务：设备维护中，请稍候');
    await expect(page.getByTestId('service-apply')).toHaveAttribute('aria-disabled', 'false');
    await screenshot(page, 'diagnostics-04-citizen-maintenance');
  } finally {
    lease.kill('SIGTERM');
  }
  await expect(page.getByTestId('service-pickup')).toHaveAttribute('aria-disabled', 'false');
});
