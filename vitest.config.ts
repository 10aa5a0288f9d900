import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    setupFiles: ['test/release-models.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // At least two files at once: most wait on processes of their own (servers, the model, the browser), so on 2
    // cores a second file runs in those waits (the suite took 889 s so against about 1,100 s one file at a time).
    maxWorkers: Math.max(2, availableParallelism() - 1),
    // Polls wait for answers and pages, which a busy machine gives in seconds rather than in the default 1 s.
    expect: { poll: { timeout: 15_000 } },
  },
});
