import { defineConfig } from 'vitest/config';

// Browser tests: playwright-core drives Debian's Chromium against the built app (`vite preview`).
export default defineConfig({
  test: {
    include: ['tests/e2e/**/*.test.ts'],
    environment: 'node',
    testTimeout: 300_000,
    hookTimeout: 180_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
