import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // Tests start real servers (Temporal, PostgreSQL, HTTP); forks keep each file's native runtime apart.
    pool: 'forks',
    maxWorkers: 2,
    globalSetup: ['tests/setup/global-setup.ts'],
    setupFiles: ['tests/setup/report-pending-waits.ts'],
    testTimeout: 60_000,
    hookTimeout: 240_000,
    teardownTimeout: 60_000,
    reporters: ['default'],
  },
});
