import { defineConfig } from '@playwright/test';

// Each test drives two or three real Chromium profiles plus a real server: on a 2-core machine
// one worker is all it can take without media timing going flaky.
export default defineConfig({
  testDir: 'e2e',
  // The server bundled once for the run: each test's server starts in ~1 s instead of ~6 s.
  globalSetup: './e2e/global-setup.ts',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 90_000,
  expect: { timeout: 15_000 },
  reporter: [['list']],
  // Several people run suites on this machine at once; a run clears its outputDir first.
  outputDir: process.env.E2E_OUTPUT_DIR ?? 'test-results',
  use: { actionTimeout: 15_000, navigationTimeout: 15_000 },
});
