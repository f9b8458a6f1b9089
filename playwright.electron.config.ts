import { defineConfig } from '@playwright/test';

// `npm run test:electron` (scripts/test-electron.mjs): the Electron shell's smoke test, for hosts
// that have the Electron binary. Not part of `npm test`: the binary cannot be downloaded everywhere.
export default defineConfig({
  testDir: 'tests/electron',
  testMatch: '**/*.electron.ts',
  outputDir: 'test-results/electron',
  timeout: 90_000,
  expect: { timeout: 15_000 },
  workers: 1,
  retries: 0,
  reporter: [['list']],
});
