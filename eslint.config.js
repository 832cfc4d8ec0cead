// Lint + the dependency rules of ../shared/ARCHITECTURE.md, enforced here rather than by review.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

// Type-only imports are allowed across boundaries: they leave no runtime code behind.
const restrict = (patterns, message) => ({
  'no-restricted-imports': 'off',
  '@typescript-eslint/no-restricted-imports': ['error', { patterns: [{ group: patterns, message, allowTypeImports: true }] }],
});

export default tseslint.config(
  { ignores: ['node_modules/**', 'widget/**', '.data/**', 'test/emulator/host/public/vendor/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': ['error', { allow: ['warn', 'error'] }],
    },
  },
  {
    files: ['src/core/**'],
    rules: restrict(['preact', 'preact/*', '@preact/*', 'node:*', 'fs', 'path', '**/amo/**', '**/widget/**', '**/service/**'], 'src/core is pure: no framework, no I/O, nothing else from src'),
  },
  {
    files: ['src/amo/**'],
    rules: restrict(['preact', 'preact/*', '@preact/*', '**/widget/**', '**/service/**'], 'src/amo may import only src/core'),
  },
  {
    files: ['src/widget/ui/**'],
    rules: restrict(['**/features/**', '**/host/**', '**/amo/http*', '**/service/**', 'jquery'], 'ui components: props in, JSX out'),
  },
  {
    files: ['src/widget/features/**'],
    rules: restrict(['**/host/**', '**/service/**', 'jquery'], 'features must not touch the host or globals'),
  },
  {
    files: ['src/widget/**'],
    rules: restrict(['**/service/**', 'node:*'], 'the widget never imports the service or node built-ins'),
  },
  {
    files: ['src/service/**'],
    rules: restrict(['**/widget/**', 'preact', 'preact/*'], 'the service never imports widget code'),
  },
  {
    files: ['test/emulator/**'],
    ignores: ['test/emulator/**/*.test.ts'],
    // The sandbox is a second, independent implementation: a bug shared with src would hide.
    // Only `import type` from src/amo/wire is allowed.
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', {
        patterns: [{ regex: '(^|/)src/(?!amo/wire(\\.ts)?$)', message: 'the sandbox must not import code from src (import type from src/amo/wire only)' },
          { regex: '(^|/)src/amo/wire', message: 'import type only', allowTypeImports: true }],
      }],
    },
  },
);
