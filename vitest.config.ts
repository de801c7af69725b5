import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // PGlite instances are heavy: keep parallelism to the machine's two cores.
    maxWorkers: 2,
    // The browser tests load the built web client (web/dist): build it first when stale.
    globalSetup: ['tests/browser/global-setup.ts'],
  },
});
