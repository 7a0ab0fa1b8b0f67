import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import layers from './eslint-rules/layers.js';

export default tseslint.config(
  { ignores: ['node_modules/', 'web/dist/', 'data/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    plugins: { onething: { rules: { layers } } },
    rules: {
      'onething/layers': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off',
    },
  },
  {
    // A flow instance's tokens, tasks, jobs and subscriptions are Maps: Object.keys/values/entries of one, or a
    // `for … in` over it, is always empty (a test counting with it could not fail).
    files: ['src/**', 'test/**', 'scripts/**', 'bench/**'],
    rules: {
      'no-restricted-syntax': ['error',
        {
          selector: "CallExpression[callee.object.name='Object'][callee.property.name=/^(keys|values|entries)$/] > MemberExpression.arguments[property.name=/^(tokens|tasks|jobs|subscriptions)$/]",
          message: "A flow instance's tokens, tasks, jobs and subscriptions are Maps: use .keys(), .values() or the Map itself.",
        },
        {
          selector: 'ForInStatement > MemberExpression.right[property.name=/^(tokens|tasks|jobs|subscriptions)$/]',
          message: "A flow instance's tokens, tasks, jobs and subscriptions are Maps: iterate them with for … of.",
        },
      ],
    },
  },
  {
    // Library code logs through pino, never the console.
    files: ['src/kernel/**', 'src/db/**', 'src/engines/**', 'src/platform/**', 'src/scenarios/**'],
    ignores: ['**/*.test.ts'],
    rules: { 'no-console': 'error' },
  },
);
