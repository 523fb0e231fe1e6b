import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';

const sharedLibs = [
  { onlyDependOnLibsWithTags: ['type:contracts'], sourceTag: 'type:contracts' },
  { onlyDependOnLibsWithTags: ['type:contracts', 'type:util'], sourceTag: 'type:util' },
  { onlyDependOnLibsWithTags: ['type:contracts', 'type:util', 'type:testing'], sourceTag: 'type:testing' },
  { onlyDependOnLibsWithTags: ['type:contracts', 'type:util', 'type:testing'], sourceTag: 'type:launcher' },
  { onlyDependOnLibsWithTags: ['type:contracts', 'type:util', 'type:testing', 'type:launcher'], sourceTag: 'type:e2e' },
  // Scopes: a service sees only itself and shared code, never another service.
  { onlyDependOnLibsWithTags: ['scope:shared'], sourceTag: 'scope:shared' },
  { onlyDependOnLibsWithTags: ['scope:shared', 'scope:gateway'], sourceTag: 'scope:gateway' },
  { onlyDependOnLibsWithTags: ['scope:shared', 'scope:ingest'], sourceTag: 'scope:ingest' },
  { onlyDependOnLibsWithTags: ['scope:shared', 'scope:analytics'], sourceTag: 'scope:analytics' },
  { onlyDependOnLibsWithTags: ['scope:shared', 'scope:governance'], sourceTag: 'scope:governance' },
  { onlyDependOnLibsWithTags: ['scope:shared', 'scope:backlog'], sourceTag: 'scope:backlog' },
  { onlyDependOnLibsWithTags: ['scope:shared'], sourceTag: 'scope:cli' },
  { onlyDependOnLibsWithTags: ['scope:shared'], sourceTag: 'scope:infra' },
  { onlyDependOnLibsWithTags: ['scope:shared', 'scope:infra'], sourceTag: 'scope:system-tests' },
  { onlyDependOnLibsWithTags: ['scope:shared', 'scope:infra'], sourceTag: 'scope:bench' },
];

const boundaries = (depConstraints) => [
  'error',
  {
    enforceBuildableLibDependency: false,
    allow: [],
    depConstraints,
    // The persistence and messaging libs' own tests use the testing lib (which builds on them).
    ignoredCircularDependencies: [['persistence', 'testing'], ['messaging', 'testing']],
  },
];

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', '.fulcrum/**', '.nx/**', 'coverage/**', '**/*.js', '**/*.mjs'] },
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  {
    files: ['**/*.ts'],
    rules: {
      // Production code: apps use contracts and util libs only (not the testing lib).
      '@nx/enforce-module-boundaries': boundaries([
        { onlyDependOnLibsWithTags: ['type:contracts', 'type:util'], sourceTag: 'type:app' },
        ...sharedLibs,
      ]),
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': [
        'error',
        { selector: 'ExportAllDeclaration', message: 'No `export *` barrels: export names explicitly.' },
      ],
    },
  },
  {
    // Tests of apps and libs may use the testing lib.
    files: ['**/*.spec.ts', '**/*.int-spec.ts', 'apps/*/test/**/*.ts', 'libs/*/test/**/*.ts'],
    rules: {
      '@nx/enforce-module-boundaries': boundaries([
        { onlyDependOnLibsWithTags: ['type:contracts', 'type:util', 'type:testing'], sourceTag: 'type:app' },
        { onlyDependOnLibsWithTags: ['type:contracts', 'type:util', 'type:testing'], sourceTag: 'type:util' },
        ...sharedLibs.filter((c) => c.sourceTag !== 'type:util'),
      ]),
    },
  },
  {
    // The gateway keeps no request envelope in async-local storage (on Node 20 that makes every
    // promise pay for promise hooks): each RPC gets its request's envelope explicitly.
    files: ['apps/gateway/src/**/*.ts'],
    ignores: ['**/*.spec.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: 'ExportAllDeclaration', message: 'No `export *` barrels: export names explicitly.' },
        {
          selector: "CallExpression[callee.property.name='request'][callee.object.property.name='rpc'][arguments.length<3]",
          message: "The gateway hands every RPC its request's envelope: rpc.request(subject, payload, { envelope }) (envelope/request-envelope.decorator.ts).",
        },
        {
          selector: "CallExpression[callee.property.name='request'][callee.object.property.name='rpc'] > ObjectExpression:nth-child(3):not(:has(Property[key.name='envelope']))",
          message: "The gateway hands every RPC its request's envelope: rpc.request(subject, payload, { envelope, ... }).",
        },
        {
          selector: "ImportSpecifier[imported.name=/^(runWithEnvelope|currentEnvelope|requireEnvelope)$/]",
          message: 'The gateway never uses the async-local request envelope: take the request\'s envelope (@Envelope()) and pass it on; withEnvelopeSync names it in a log line.',
        },
      ],
    },
  },
  {
    // Feature code never reads process.env: config is typed and validated in src/config/.
    files: ['apps/*/src/**/*.ts'],
    ignores: ['apps/*/src/config/**', 'apps/*/src/main.ts'],
    rules: {
      'no-restricted-properties': ['error', { object: 'process', property: 'env', message: 'Read config from the typed config in src/config/.' }],
    },
  },
);
