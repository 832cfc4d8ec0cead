import { defineConfig } from 'vitest/config';

// One config, one project per test environment (see docs/decisions/0001).
export default defineConfig({
  esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
  test: {
    projects: [
      { extends: true, test: { name: 'unit', environment: 'node', include: ['test/unit/**/*.test.ts'] } },
      { extends: true, test: { name: 'component', environment: 'jsdom', include: ['test/component/**/*.test.{ts,tsx}'], setupFiles: ['test/component/setup/async-timeout.ts'], testTimeout: 20_000 } },
      { extends: true, test: { name: 'service', environment: 'node', include: ['test/service/**/*.test.ts'], testTimeout: 60_000, hookTimeout: 60_000 } },
      { extends: true, test: { name: 'emulator', environment: 'node', include: ['test/emulator/**/*.test.ts'], testTimeout: 30_000 } },
    ],
  },
});
