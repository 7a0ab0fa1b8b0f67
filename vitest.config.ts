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
    // A worker process runs its files one after another without re-importing every module for each: the suite's
    // files import most of the platform, and importing it again per file took a fifth of the run (vitest's
    // `import` total fell from 50 to 15 s over src/api; the whole suite took 768 s against 968 s the run before,
    // both beside a benchmark, same tests passing). Each worker is still a process of its own, and no test may
    // rely on module state another file left behind.
    isolate: false,
    // Vitest's default is one worker fewer than the cores: one worker on a 2-core machine. The suite
    // waits on Chromium, the PostgreSQL server and fsyncs much of the time, so two files side by side
    // finish sooner there.
    maxWorkers: Math.max(2, availableParallelism() - 1),
  },
});
