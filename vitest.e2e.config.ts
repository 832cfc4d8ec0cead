import { defineConfig } from 'vitest/config';

// Real-browser tests: one Chromium, files one after another (2-core CI machine).
export default defineConfig({
  test: {
    name: 'e2e',
    environment: 'node',
    include: ['test/e2e/**/*.e2e.ts'],
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
