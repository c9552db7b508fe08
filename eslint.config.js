// Lint rules checked by `npm test`. Type-aware where it matters for money and concurrency: a
// floating promise is a payment step nobody waits for.
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'dist/',
      'bench/results/',
      '**/*.cjs',
      'docs/',
      'test/fixtures/plugins/fixture-syntax-error/',
      'eslint.config.js',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false, attributes: false } }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-console': 'error',
      // Control characters are what the input checks look for.
      'no-control-regex': 'off',
      // `let x!: T` assigned once after a closure that reads it is the pattern for self-referencing servers.
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
    },
  },
  {
    // Tests, benchmarks and scripts may print and may use `any` where a fixture is deliberately loose.
    files: ['test/**', 'bench/**', 'scripts/**', 'plugins/*/test/**', 'src/plugin-api/testing/**'],
    // chai's `expect(x).to.be.true` is an expression statement by design.
    rules: { 'no-console': 'off', '@typescript-eslint/no-explicit-any': 'off', '@typescript-eslint/no-unused-expressions': 'off' },
  },
  prettier,
);
