// ESLint flat config (ESLint 9 + typescript-eslint 8, type-aware through the project service).
// `npm run lint` runs this and then knip (unused exports/files/dependencies, see knip.jsonc).
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

// Node built-ins, bare (`fs`, `fs/promises`, `crypto`, …) or `node:`-prefixed.
const nodeBuiltins = builtinModules.filter((m) => !m.startsWith('_')).map((m) => m.replaceAll('/', '\\/'));
const NODE_BUILTIN = `^(node:|(${nodeBuiltins.join('|')})(\\/|$))`;

/** A restricted-import pattern for the relative paths (any depth of `../`) to the given src/ entries. */
const up = (...names) => `^(\\.\\.\\/)+(${names.join('|')})(\\/|\\.js$|$)`;

const nodeBuiltinPattern = (where) => ({
  regex: NODE_BUILTIN,
  message: `${where} must not use Node built-ins.`,
});

const apiImportPatterns = [
  {
    regex: '^(\\.\\.\\/)+db\\/schema',
    message: 'src/api must not use the table definitions (src/db/schema*): go through a src/db module.',
  },
  {
    regex: '^(\\.\\.\\/)+workflows(\\/(?!messages(\\.js)?$)|$)',
    message: 'src/api may import only src/workflows/messages from the workflows.',
  },
];

// Every Temporal call from the API goes through src/api/workflow-calls.ts: it holds each call to
// TEMPORAL_CALL_TIMEOUT_MS, answers 503/429 with Retry-After when Temporal fails, and treats an
// already started workflow as started. Anywhere else in src/api the Temporal client is out of reach.
const VIA_WORKFLOW_CALLS = 'src/api reaches Temporal only through src/api/workflow-calls.ts (deadline, 503 with Retry-After, already-started): add or use a function there.';
const temporalClientImport = { regex: '^@temporalio\\/client(\\/|$)', allowTypeImports: true, message: VIA_WORKFLOW_CALLS };
const temporalClientSyntax = [
  // `temporal.client…`, `deps.temporal['client']`, `const { client } = temporal`.
  "MemberExpression[property.name='client']",
  "MemberExpression[property.value='client']",
  "ObjectPattern > Property[key.name='client']",
  // The client's own entry points, however the client was reached.
  "MemberExpression[property.name=/^(getHandle|signalWithStart|workflowService)$/]",
].map((selector) => ({ selector, message: VIA_WORKFLOW_CALLS }));

export default defineConfig(
  {
    // web/ is the console: its own package, tsconfig, type check and lint (web/eslint.config.js, run by
    // `npm run lint --prefix web` in `npm test` and `npm run lint`).
    ignores: ['node_modules/', 'dist/', 'data/', 'coverage/', '.tools/', 'drizzle/', 'web/', 'test/artifacts/', 'bench/reports/', 'clients/typescript/*.d.ts'],
  },

  js.configs.recommended,
  tseslint.configs.recommended,

  {
    languageOptions: {
      parserOptions: {
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
      },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',

      // Turned off, to keep the rule set to what finds bugs:
      // - no-unused-vars: tsc already reports unused locals and parameters (noUnusedLocals,
      //   noUnusedParameters); the lint rule would report the same things a second time and
      //   disagree with tsc on `_`-prefixed names (all 7 of its reports on this code are
      //   `const { x: _x, ...rest } = …` omissions that tsc accepts).
      '@typescript-eslint/no-unused-vars': 'off',

      // Adjusted: workflows declare `let clock` before the handlers that read it and assign it
      // after them (handlers may run first, when a `const` would still be in its TDZ); such a
      // `let` is not a missed `const`.
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
    },
  },
  {
    files: ['**/*.ts'],
    // - no-undef: TypeScript checks undefined names itself, and the core rule knows neither Node's
    //   nor TypeScript's globals (typescript-eslint recommends it off for TypeScript files).
    rules: { 'no-undef': 'off' },
  },

  // JavaScript files (this config, scripts/*.mjs) are outside tsconfig.json: no type-aware rules.
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      ...tseslint.configs.disableTypeChecked.languageOptions,
      globals: { process: 'readonly', console: 'readonly', URL: 'readonly' },
    },
  },

  // ---- Layering: who may import whom (typescript-eslint's rule, for `allowTypeImports`). ----
  // The base rule is off so that the two do not report the same import twice.
  { rules: { 'no-restricted-imports': 'off' } },

  // Workflow code runs in Temporal's deterministic sandbox and is bundled from
  // src/workflows/index.ts: no Node, no I/O layers, no zod in the bundle; activities by type only.
  {
    files: ['src/workflows/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            nodeBuiltinPattern('Workflow code (Temporal sandbox)'),
            {
              regex: up('db', 'api', 'temporal', 'config[^/]*'),
              message: 'Workflow code must not import the database, the API, the Temporal client or the config.',
            },
            {
              regex: up('activities'),
              allowTypeImports: true,
              message: 'Workflows reach activities through proxyActivities: `import type` only.',
            },
            {
              regex: '^zod(\\/|$)',
              message: 'zod must stay out of the workflow bundle.',
            },
            {
              regex: '^@temporalio\\/(activity|client|worker|testing)(\\/|$)',
              message: 'Workflow code may use @temporalio/workflow and @temporalio/common only.',
            },
          ],
        },
      ],
      'no-restricted-syntax': [
        'error',
        { selector: 'ImportExpression', message: 'No dynamic import() in workflow code (it is bundled).' },
      ],
    },
  },

  // Pure rules: nothing above src/domain (no I/O, no framework, no Temporal, no Node).
  {
    files: ['src/domain/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            nodeBuiltinPattern('src/domain (pure rules)'),
            {
              regex: up('db', 'api', 'workflows', 'activities', 'temporal', 'config[^/]*'),
              message: 'src/domain imports nothing above it.',
            },
            {
              regex: '^(@temporalio\\/|zod(\\/|$)|drizzle-orm(\\/|$)|postgres$|fastify|@fastify\\/)',
              message: 'src/domain is pure: no Temporal, zod, database or HTTP packages.',
            },
          ],
        },
      ],
      'no-restricted-syntax': [
        'error',
        { selector: 'ImportExpression', message: 'No dynamic import() in src/domain.' },
      ],
    },
  },

  // The database and the activities sit below the workflows and the API.
  {
    files: ['src/db/**/*.ts', 'src/activities/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: up('workflows', 'api'),
              message: 'src/db and src/activities must not import from src/workflows or src/api.',
            },
          ],
        },
      ],
    },
  },

  // The API reads through src/db modules (not the schema) and talks to workflows only through
  // their message contracts (src/workflows/messages.ts)...
  {
    files: ['src/api/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', { patterns: [...apiImportPatterns, temporalClientImport] }],
      'no-restricted-syntax': ['error', ...temporalClientSyntax],
    },
  },
  // ...and reaches Temporal only through src/api/workflow-calls.ts.
  {
    files: ['src/api/workflow-calls.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', { patterns: apiImportPatterns }],
      'no-restricted-syntax': 'off',
    },
  },
);
