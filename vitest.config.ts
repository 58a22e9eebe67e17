import { defineConfig } from 'vitest/config';

// Suites that start several server processes with PostgreSQL and Redis: they run one file at a
// time after everything else, so two clusters never share the 2 cores (and their timing) at once.
const clusterSuites = [
  'server/scale-out.test.ts',
  'server/scale-out-recovery.test.ts',
  'server/limits/shared-limits.test.ts',
];

export default defineConfig({
  test: {
    testTimeout: 20_000,
    hookTimeout: 30_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['protocol/**/*.test.ts', 'server/**/*.test.ts', 'extension/**/*.test.ts'],
          exclude: clusterSuites,
          sequence: { groupOrder: 0 },
        },
      },
      {
        extends: true,
        test: {
          name: 'cluster',
          include: clusterSuites,
          // One PostgreSQL, one Redis and one server bundle for the three files.
          globalSetup: ['testing/cluster-setup.ts'],
          fileParallelism: false,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
