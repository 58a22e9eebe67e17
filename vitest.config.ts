import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['protocol/**/*.test.ts', 'server/**/*.test.ts', 'extension/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
  },
});
