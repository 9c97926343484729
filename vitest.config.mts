import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The local host serves the pages from dist/web: build them once if the sources are newer.
    globalSetup: ['test/support/web-build.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Integration suites each start their own Azurite; two cores do not gain from more forks.
    maxWorkers: 2,
  },
});
