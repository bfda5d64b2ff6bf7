// The console's ESLint flat config (its own package: run from web/, or by the root `npm run lint`
// and `npm test` as `eslint -c web/eslint.config.js web`). Type-aware through web/tsconfig.json.
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import jsxA11y from 'eslint-plugin-jsx-a11y';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

export default defineConfig(
  { ignores: ['dist/', 'node_modules/'] },

  js.configs.recommended,
  tseslint.configs.recommended,
  reactHooks.configs.flat.recommended,
  jsxA11y.flatConfigs.recommended,

  {
    languageOptions: {
      parserOptions: {
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
      },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    // The router's Link renders an <a href={to}>: checked as the anchor it is.
    settings: { 'jsx-a11y': { components: { Link: 'a' } } },
    rules: {
      // Cheap with the project service, and the bugs a console makes: a promise nobody awaits or
      // catches, or an async handler where React expects a plain one.
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',

      // The recommended set only warns on these; a warning nobody is made to read is no rule.
      'react-hooks/exhaustive-deps': 'error',
      'react-hooks/incompatible-library': 'error',
      'react-hooks/unsupported-syntax': 'error',

      'jsx-a11y/anchor-is-valid': ['error', { components: ['Link'], specialLink: ['to'] }],

      // As in the root config: tsc reports unused locals and parameters (noUnusedLocals).
      '@typescript-eslint/no-unused-vars': 'off',
    },
  },
  {
    files: ['**/*.ts', '**/*.tsx'],
    // TypeScript checks undefined names itself (typescript-eslint recommends no-undef off).
    rules: { 'no-undef': 'off' },
  },

  // This file is outside tsconfig.json: no type-aware rules.
  {
    files: ['**/*.js'],
    ...tseslint.configs.disableTypeChecked,
  },
);
