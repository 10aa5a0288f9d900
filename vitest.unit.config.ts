import { defineConfig } from 'vitest/config';

/** The fast tier: the stages and the decision with the stand-in embeddings, no model and no corpus index. */
export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts', 'test/question/**/*.test.ts'],
    testTimeout: 20_000,
  },
});
