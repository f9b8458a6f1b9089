import { defineConfig } from 'vitest/config';

/**
 * The platform suite: run twice, on the embedded PGlite store (project `default`) and on a real
 * PostgreSQL server started for the run (project `platform-postgres`), with the same assertions.
 */
const PLATFORM_SUITE = [
  'tests/unit/platform/**/*.test.ts',
  'tests/integration/platform/**/*.test.ts',
  'tests/faults/platform/**/*.test.ts',
  'tests/integration/sync/platform_contract.test.ts',
  'tests/integration/fees/platformPayments.test.ts',
];

export default defineConfig({
  test: {
    environment: 'node',
    testTimeout: 20_000,
    hookTimeout: 30_000,
    // PTY and kill -9 tests spawn processes; two cores cannot take more than a couple at once.
    maxWorkers: 2,
    fileParallelism: true,
    projects: [
      {
        extends: true,
        test: {
          name: 'default',
          include: ['tests/unit/**/*.test.ts', 'tests/integration/**/*.test.ts', 'tests/faults/**/*.test.ts'],
          // Several instances sharing one database need a server; the embedded store is one process's.
          exclude: ['**/postgres-only/**', '**/node_modules/**'],
          globalSetup: ['tests/support/pgliteTemplate.globalSetup.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'platform-postgres',
          include: PLATFORM_SUITE,
          globalSetup: ['tests/support/postgres.globalSetup.ts'],
        },
      },
    ],
  },
});
