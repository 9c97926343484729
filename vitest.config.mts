import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The local host serves the pages from dist/web: build them once if the sources are newer.
    globalSetup: ['test/support/web-build.ts'],
    environment: 'node',
    // A hang detector, not a performance assertion: the heaviest suites (property-based HTTP fuzzing,
    // local-host restarts) take 40–60 s each when the shared two-core machine is busy.
    testTimeout: 180_000,
    hookTimeout: 120_000,
    // Integration suites each start their own Azurite; two cores do not gain from more forks.
    maxWorkers: 2,
  },
});
