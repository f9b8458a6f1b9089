import { defineConfig } from '@playwright/test';
import { chromiumLaunchArgs, CHROMIUM_PATH } from './tests/e2e/support/faceFeeds';

// Debian's Chromium, never a downloaded browser (no `playwright install` anywhere).
const executablePath = CHROMIUM_PATH;

export default defineConfig({
  testDir: 'tests/e2e',
  testMatch: '**/*.e2e.ts',
  outputDir: 'test-results/e2e',
  timeout: 90_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  use: {
    browserName: 'chromium',
    viewport: { width: 1080, height: 1920 },
    deviceScaleFactor: 0.5,
    hasTouch: true,
    launchOptions: {
      executablePath,
      // The fake camera shows the demo residents' face: 人证核验 passes for them (tests/e2e/support/faceFeeds.ts).
      args: chromiumLaunchArgs('demoResident'),
    },
  },
});
