import { defineConfig } from 'vitest/config';

/** Browser journeys: a real server (fresh embedded database, demo data) driven by Debian chromium. */
export default defineConfig({
  test: {
    root: new URL('..', import.meta.url).pathname,
    include: ['e2e/**/*.e2e.test.ts'],
    globalSetup: ['e2e/global-setup.ts'],
    testTimeout: 90_000,
    // A journey that breaks fails twice; one retry absorbs a browser timing hiccup on a loaded 2-core CI box.
    // Vitest reports retried tests, so a flaky one is still visible in the output.
    retry: 1,
    hookTimeout: 240_000,
    pool: 'forks',
    // One browser at a time: two shared cores.
    fileParallelism: false,
    maxWorkers: 1,
  },
});
