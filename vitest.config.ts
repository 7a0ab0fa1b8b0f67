import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'web/**/*.test.ts', 'eslint-rules/**/*.test.ts'],
    // Builds web/dist once, before any browser suite starts.
    globalSetup: ['test/browser/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Vitest's default is one worker fewer than the cores: one worker on a 2-core machine. The suite
    // waits on Chromium, the PostgreSQL server and fsyncs much of the time, so two files side by side
    // finish sooner there.
    maxWorkers: Math.max(2, availableParallelism() - 1),
  },
});
