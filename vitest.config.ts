import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['app/**/*.test.ts', 'main/**/*.test.ts', 'renderer/**/*.test.ts', 'tests/unit/**/*.test.ts', 'tests/harness/**/*.test.ts', 'scripts/**/*.test.ts'],
    environment: 'node',
    setupFiles: ['tests/harness/fast-check-budget.ts'],
    // Vitest's 5 s default is a measure of the machine, not of the code: with both cores busy (CI, or other
    // work) a test that reads real files or starts a worker took 5.2 s. A hang still fails, at 30 s.
    testTimeout: 30_000,
  },
});
