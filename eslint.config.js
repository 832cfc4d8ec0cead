// Lint + the dependency rules of ../shared/ARCHITECTURE.md, enforced here rather than by review.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

// Type-only imports are allowed across boundaries: they leave no runtime code behind.
// `extra`: further pattern entries for the same rule (a block can set it only once, see below).
const restrict = (patterns, message, extra = []) => ({
  'no-restricted-imports': 'off',
  '@typescript-eslint/no-restricted-imports': ['error', { patterns: [{ group: patterns, message, allowTypeImports: true }, ...extra] }],
});

// Features reach amoCRM only through AppEnv.amo: the port's types (src/amo/port.ts), nothing else
// from src/amo, not even as types (docs/decisions/0004-widget-amo-port.md).
const AMO_PORT_ONLY = [
  { regex: '(^|/)amo/(?!port(\\.ts)?$)', message: 'features reach amoCRM through AppEnv.amo only (import type from src/amo/port)' },
  { regex: '(^|/)amo/port(\\.ts)?$', message: 'import type only: the host builds the port', allowTypeImports: true },
];

// What nothing in src/widget may import at run time, whatever its folder.
const WIDGET = ['**/service/**', 'node:*'];
const WIDGET_MESSAGE = 'the widget never imports the service or node built-ins';

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
  // One block per folder, each carrying its parents' patterns too: in a flat config the last block
  // that sets a rule for a file replaces the earlier ones, so a separate `src/widget/**` block would
  // silently drop the features/ui restrictions (it did, until a probe test caught it).
  {
    // The entry point wires the host; it is host code that happens to sit at the root.
    files: ['src/widget/host/**', 'src/widget/index.ts'],
    rules: restrict(WIDGET, WIDGET_MESSAGE),
  },
  {
    files: ['src/widget/*.ts', 'src/widget/*.tsx'],
    ignores: ['src/widget/index.ts'],
    rules: restrict([...WIDGET, '**/host/**'], 'widget modules outside host/ must not touch the host'),
  },
  {
    files: ['src/widget/features/**'],
    rules: restrict([...WIDGET, '**/host/**', 'jquery'], 'features must not touch the host or globals', AMO_PORT_ONLY),
  },
  {
    files: ['src/widget/ui/**'],
    rules: restrict([...WIDGET, '**/features/**', '**/host/**', '**/amo/**', '**/service-client*', '@preact/signals', 'jquery'], 'ui components: props in, JSX out'),
  },
  {
    files: ['src/service/**'],
    rules: restrict(['**/widget/**', 'preact', 'preact/*'], 'the service never imports widget code'),
  },
  {
    // One clock: a service module reads the time from the Clock it is given (issue 12), so tests
    // and the e2e stack can drive it; src/service/clock.ts is the only reading of the system time.
    files: ['src/service/**'],
    ignores: ['src/service/clock.ts'],
    rules: {
      'no-restricted-properties': ['error', { object: 'Date', property: 'now', message: 'read the time from the Clock you are given (src/service/clock.ts)' }],
      'no-restricted-syntax': ['error', { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'new Date(clock.now()), not new Date(): read the time from the Clock you are given' }],
    },
  },
  {
    // The widget<->service contract: types only, so both sides may import it and nothing of it
    // reaches the bundle. Any runtime statement or value import here is an error; importers need
    // no rule of their own: with verbatimModuleSyntax a value import of a type does not compile.
    files: ['src/contract/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', { patterns: [
        { group: ['**/widget/**'], message: 'the contract is shared: it never names widget code' },
        { group: ['**/service/**'], message: 'the contract is shared: it never names service code (the service imports the contract, not the other way)' },
      ] }],
      'no-restricted-syntax': ['error', ...[
        'ImportDeclaration[importKind!="type"]', 'ExportNamedDeclaration[source][exportKind!="type"]',
        'ExportAllDeclaration[exportKind!="type"]', 'VariableDeclaration', 'FunctionDeclaration', 'ClassDeclaration',
        'TSEnumDeclaration', 'ExpressionStatement', 'ExportDefaultDeclaration',
      ].map((selector) => ({ selector, message: 'src/contract holds types only: use `import type` / `export type`, no runtime code' }))],
    },
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
