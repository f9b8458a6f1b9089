// The Electron shell itself (Playwright's `_electron`), on hosts with the binary: the core starts
// as a utility process and the kiosk window shows the attract screen; the renderer has no Node,
// gets only the preload's bootstrap function, cannot open windows or navigate away; a crashed
// renderer is reloaded. Run with `npm run test:electron` (not part of `npm test`).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { _electron as electron, expect, test } from '@playwright/test';

const root = path.resolve(__dirname, '..', '..');

test('the kiosk window: attract screen, locked down, reloaded after a renderer crash', async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'budayang-electron-'));
  const app = await electron.launch({
    args: [path.join(root, 'dist', 'shell', 'electron', 'main.cjs')],
    env: { ...process.env, BUDAYANG_DATA: dataDir, BUDAYANG_PROFILE: 'demo', BUDAYANG_HEADLESS: '1' },
  });
  try {
    const page = await app.firstWindow();
    await expect(page.getByTestId('attract-screen')).toBeVisible();
    await expect(page.getByText('轻触屏幕开始办理').first()).toBeVisible();
    expect(new URL(page.url()).hostname).toBe('127.0.0.1');

    expect(await page.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined');
    expect(await page.evaluate(() => typeof (globalThis as { process?: unknown }).process)).toBe('undefined');
    expect(await page.evaluate(() => Object.keys((globalThis as { budayang?: object }).budayang ?? {}))).toEqual(['bootstrapCode']);

    expect(await page.evaluate(() => window.open('https://example.com/') === null)).toBe(true);
    const home = page.url();
    await page.evaluate(() => {
      window.location.href = 'https://example.com/';
    });
    await expect.poll(() => page.url()).toBe(home);
    expect(app.windows()).toHaveLength(1);

    // A renderer crash: the shell reloads the page (processGone.ts), the attract screen returns.
    await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]!.webContents.forcefullyCrashRenderer());
    const reloaded = await app.firstWindow();
    await expect(reloaded.getByTestId('attract-screen')).toBeVisible();
  } finally {
    await app.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
