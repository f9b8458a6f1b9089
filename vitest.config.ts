import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/unit/**/*.test.ts', 'tests/integration/**/*.test.ts', 'tests/faults/**/*.test.ts'],
    environment: 'node',
    testTimeout: 20_000,
    hookTimeout: 30_000,
    // PTY and kill -9 tests spawn processes; two cores cannot take more than a couple at once.
    maxWorkers: 2,
    fileParallelism: true,
  },
});
