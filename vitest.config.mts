import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Integration suites each start their own Azurite; two cores do not gain from more forks.
    maxWorkers: 2,
  },
});
