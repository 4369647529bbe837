import tseslint from 'typescript-eslint';

const NODE_BUILTINS = [
  'assert',
  'buffer',
  'child_process',
  'crypto',
  'dns',
  'events',
  'fs',
  'fs/promises',
  'http',
  'https',
  'net',
  'os',
  'path',
  'process',
  'stream',
  'timers',
  'tls',
  'url',
  'util',
  'worker_threads',
  'zlib',
];

const WORKFLOW_BUILTINS = NODE_BUILTINS.flatMap((name) => [
  { name, message: 'Workflows are deterministic: do I/O in an activity.' },
  { name: `node:${name}`, message: 'Workflows are deterministic: do I/O in an activity.' },
]);

const ENTRIES = ['cli.js', 'worker.js', 'index.js'];
/** For each room, the rooms above it (and the types it may still name from them). */
const LAYERS = {
  model: {
    above: ['config', 'db', 'rules', 'integrations', 'activities', 'workflows', 'server', 'commands', ...ENTRIES],
    allowTypes: [],
    message: 'model/ is the leaf every layer shares; it imports nothing of kaiku.',
  },
  config: {
    above: ['db', 'rules', 'integrations', 'activities', 'workflows', 'server', 'commands', ...ENTRIES],
    allowTypes: [],
    message: 'the config is read by everyone and reads only model/.',
  },
  db: {
    above: ['rules', 'integrations', 'activities', 'workflows', 'server', 'commands', ...ENTRIES],
    allowTypes: [],
    message: 'the store knows tables and the model, not who calls it.',
  },
  rules: {
    above: ['db', 'integrations', 'activities', 'workflows', 'server', 'commands', ...ENTRIES],
    allowTypes: ['db'],
    message: 'rules are pure: no I/O, no transport (a row type from db/schema may be named).',
  },
  integrations: {
    above: ['activities', 'workflows', 'server', 'commands', ...ENTRIES],
    allowTypes: [],
    message: 'the outside world is reached from activities and the server, not the other way round.',
  },
  activities: {
    above: ['workflows', 'server', 'commands', ...ENTRIES],
    allowTypes: [],
    message: 'activities do I/O for workflows; start workflows through integrations/temporal.',
  },
  workflows: {
    above: ['db', 'integrations', 'activities', 'server', 'commands', ...ENTRIES],
    allowTypes: ['activities'],
    message: 'workflows decide and wait: activities only as types (called through proxyActivities), no I/O.',
  },
  server: {
    above: ['commands', ...ENTRIES],
    allowTypes: [],
    message: 'the HTTP server is started by the entry points, not the other way round.',
  },
  commands: {
    above: ENTRIES,
    allowTypes: [],
    message: "the CLI's commands are called by cli.ts.",
  },
};

export default tseslint.config(
  { ignores: ['node_modules/**', 'data/**', '.tools/**', 'coverage/**', 'dist/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // A handler registered before its state is assigned reads it later: that is not a const.
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
    },
  },
  // The layers: arrows point down only (entry → server / workflows → activities → integrations / rules → db →
  // config → model). Each room lists the rooms above it that it must not import (see DESIGN.md, "Layout").
  ...Object.entries(LAYERS).map(([room, { above, allowTypes, message }]) => ({
    files: [`${room}/**/*.ts`],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: room === 'workflows' ? WORKFLOW_BUILTINS : [],
          patterns: [
            ...above.map((target) => ({
              group: [`**/${target}`, `**/${target}/**`],
              allowTypeImports: allowTypes.includes(target),
              message: `${room}/ must not import ${target}: ${message}`,
            })),
            ...(room === 'workflows'
              ? [
                  {
                    group: ['pino', 'kysely', 'pg', 'undici', 'cheerio', '@electric-sql/*', 'nodemailer', '@slack/*'],
                    message: 'Workflows do no I/O: move this into an activity.',
                  },
                ]
              : []),
          ],
        },
      ],
      ...(room === 'workflows'
        ? {
            'no-restricted-globals': [
              'error',
              { name: 'fetch', message: 'Workflows do no I/O.' },
              { name: 'setTimeout', message: 'Use sleep() from @temporalio/workflow.' },
            ],
          }
        : {}),
    },
  })),
  {
    // The Temporal client side of kaiku's own workflows: it starts them, signals them and sends their Updates, so
    // it knows their names, inputs, ids and definitions, which live beside each workflow (as in the SDK's samples).
    files: ['integrations/temporal/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: ['activities', 'server', 'commands', 'cli.js', 'worker.js', 'index.js'].map((target) => ({
            group: [`**/${target}`, `**/${target}/**`],
            message: `integrations/ must not import ${target}: ${LAYERS.integrations.message}`,
          })),
        },
      ],
    },
  },
);
