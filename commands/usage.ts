import type { KaikuEnv } from '../config/env.js';
import { EXIT_CODE_HELP } from './exit-codes.js';

// Every command's words, options, usage and example: cli.ts parses with these and `--help` prints them.

export interface OptionSpec {
  type: 'string' | 'boolean';
  short?: string;
  /** How the value is written in the usage line, e.g. EMAIL. */
  value?: string;
  /** The command refuses to run without it. */
  required?: boolean;
  /** May be given more than once: `--advocate a@x --advocate b@x`. */
  multiple?: boolean;
  description: string;
}

export interface CommandSpec {
  /** The words that name it: `['digest', 'preview']`. */
  words: readonly string[];
  summary: string;
  /** Positional arguments after the words, in the usage line's notation: `[folder]`, `FILE`. */
  args?: { name: string; required: boolean; description: string }[];
  options: Record<string, OptionSpec>;
  /** What it needs and does, in a few lines. */
  details: string[];
  examples: string[];
}

const CONFIG: Record<string, OptionSpec> = {
  config: {
    type: 'string',
    short: 'c',
    value: 'FILE',
    description: 'the config file (else KAIKU_CONFIG, else ./kaiku.yaml, else the built-in demo programme)',
  },
};
const NEEDS_WORKER = 'It hands the work to the running worker through Temporal: start `kaiku dev` (or `kaiku worker`) first.';

export const COMMANDS: readonly CommandSpec[] = [
  {
    words: ['init'],
    summary: 'scaffold a programme folder: kaiku.yaml, sources/ with an example kind, package.json, README',
    args: [{ name: 'folder', required: false, description: 'where to create it (default: the current folder)' }],
    options: {},
    details: [
      'Writes kaiku.yaml (commented, valid), sources/json-posts.ts (a kind of source written with defineSource)',
      'and README.md, and creates or completes package.json (type module, kaiku as a dependency, scripts dev and',
      'check) and .gitignore (data/): missing keys and lines are added, none is changed. It never overwrites:',
      'when kaiku.yaml, the example kind or README.md exists, it names them and writes nothing (exit 2).',
    ],
    examples: ['npx kaiku init city-advocates && cd city-advocates && npm install && npm run dev'],
  },
  {
    words: ['dev'],
    summary: 'everything in one process: Temporal dev server, PGlite, migrations, worker and HTTP server',
    options: {
      ...CONFIG,
      fresh: {
        type: 'boolean',
        description: 'start clean: move KAIKU_DATA_DIR aside to <dir>-before-<time> first (nothing is deleted)',
      },
    },
    details: [
      'State lives in KAIKU_DATA_DIR (default data/): the store, the Temporal dev server, the signing key.',
      'Moving from the demo to your own kaiku.yaml keeps the demo in data/ (it says so at start): --fresh starts clean.',
      'Mail is caught by an embedded SMTP server and shown at /outbox (unless SMTP_URL is set).',
      'The Temporal CLI comes from TEMPORAL_CLI, else `temporal` on PATH, else it is built once with Go.',
      'Without a config file it runs a demo programme. SIGTERM or Ctrl-C stops it and its Temporal dev server;',
      'it stops too when the process that started it (npm, npx, a shell) is gone.',
    ],
    examples: ['kaiku dev', 'PORT=8090 KAIKU_DATA_DIR=/tmp/kaiku kaiku dev --config kaiku.yaml', 'kaiku dev --fresh'],
  },
  {
    words: ['worker'],
    summary: 'the worker alone: workflows, activities, Schedules (production)',
    options: CONFIG,
    details: [
      'Needs TEMPORAL_ADDRESS and SMTP_URL; DATABASE_URL for PostgreSQL (else PGlite in KAIKU_DATA_DIR);',
      'KAIKU_SECRET shared by every process. Migrates the store and brings the Schedules in line with the config.',
      'Run as many as you like against one task queue. SIGTERM or SIGINT stops it cleanly.',
    ],
    examples: ['TEMPORAL_ADDRESS=temporal.internal:7233 DATABASE_URL=postgres://kaiku@db/kaiku SMTP_URL=smtp://smtp.example.org:587 kaiku worker'],
  },
  {
    words: ['serve'],
    summary: 'the HTTP server alone: admin page, digest links, mail webhook, Slack, /healthz (production)',
    options: CONFIG,
    details: ['Needs TEMPORAL_ADDRESS, SMTP_URL and the same DATABASE_URL and KAIKU_SECRET as the workers; listens on PORT.'],
    examples: ['PORT=8080 TEMPORAL_ADDRESS=temporal.internal:7233 DATABASE_URL=postgres://kaiku@db/kaiku SMTP_URL=smtp://smtp.example.org:587 kaiku serve'],
  },
  {
    words: ['migrate'],
    summary: "apply the store's migrations and exit",
    options: CONFIG,
    details: ['Against DATABASE_URL, else PGlite in KAIKU_DATA_DIR. Safe to run beside workers: an advisory lock serialises them.'],
    examples: ['DATABASE_URL=postgres://kaiku@db.internal:5432/kaiku kaiku migrate'],
  },
  {
    words: ['check'],
    summary: 'validate the config and print what it configures',
    options: CONFIG,
    details: ["Loads the config's sourceModules too, so a kind's own keys are checked by its schema. Exit 2 names every wrong key and its line."],
    examples: ['kaiku check --config kaiku.yaml'],
  },
  {
    words: ['setup'],
    summary: 'build the pinned Temporal CLI into .tools/ (dev and the tests do it on demand)',
    options: {},
    details: ['Uses TEMPORAL_CLI or `temporal` on PATH when there is one; else builds it with Go (GOFLAGS is passed on). Nothing is downloaded as a binary.'],
    examples: ['kaiku setup'],
  },
  {
    words: ['advocates', 'import'],
    summary: 'add or update advocates from a roster CSV',
    args: [{ name: 'FILE', required: true, description: 'the roster: a header row, then email,name,language,time_zone,branch,topics,networks' }],
    options: CONFIG,
    details: [
      'Every row is checked here; the good ones are imported, the others are listed with their line and reason',
      '(exit 3 when any row was refused). ' + NEEDS_WORKER,
    ],
    examples: ['kaiku advocates import roster.csv'],
  },
  {
    words: ['digest', 'preview'],
    summary: "print one advocate's next digest without sending it",
    options: {
      ...CONFIG,
      advocate: { type: 'string', value: 'EMAIL', required: true, description: "the advocate's email address" },
      html: { type: 'string', value: 'FILE', description: 'also write the HTML version to FILE' },
    },
    details: [NEEDS_WORKER],
    examples: ['kaiku digest preview --advocate aino@example.org --html aino.html'],
  },
  {
    words: ['digest', 'send'],
    summary: "send this period's digests to everyone due now",
    options: {
      ...CONFIG,
      now: { type: 'boolean', required: true, description: "send now (the hourly Schedule otherwise sends each at the advocate's own hour)" },
    },
    details: ['Advocates who had this period’s digest are left out, so running it twice sends nothing twice. ' + NEEDS_WORKER],
    examples: ['kaiku digest send --now'],
  },
  {
    words: ['rewards', 'close'],
    summary: 'close a month: winners recorded and mailed once',
    options: { ...CONFIG, month: { type: 'string', value: 'YYYY-MM', required: true, description: 'the month to close, in the programme’s time zone' } },
    details: ['The 1st of each month closes the month before by itself; closing a month again changes nothing. ' + NEEDS_WORKER],
    examples: ['kaiku rewards close --month 2026-11'],
  },
  {
    words: ['onboarding', 'enrol'],
    summary: 'welcome advocates who were on the roster before onboarding was turned on',
    options: {
      ...CONFIG,
      all: { type: 'boolean', description: 'every advocate on the roster not welcomed yet' },
      advocate: { type: 'string', value: 'EMAIL', multiple: true, description: 'this advocate (repeat for more)' },
    },
    details: [
      'New advocates are welcomed by themselves once `onboarding` is on; this enrols the ones who came before.',
      'Addresses not on the roster are named and nothing is done for them (exit 1). ' + NEEDS_WORKER,
    ],
    examples: ['kaiku onboarding enrol --all', 'kaiku onboarding enrol --advocate aino@example.org --advocate erik@example.org'],
  },
  {
    words: ['help'],
    summary: "this help, or a command's own",
    args: [{ name: 'command', required: false, description: 'the command to explain, e.g. `digest preview`' }],
    options: {},
    details: ['`kaiku <command> --help` prints the same.'],
    examples: ['kaiku help digest preview'],
  },
];

/** What each environment variable does; `kaiku --help` lists them all (a test holds this to config/env.ts). */
export const ENV_HELP: Record<keyof KaikuEnv, string> = {
  KAIKU_CONFIG: 'the config file, when --config is not given (default ./kaiku.yaml, else the demo programme)',
  KAIKU_DATA_DIR: "embedded state: PGlite, the Temporal dev server's database, the signing key, an installed kaiku's workflow bundle (default data)",
  DATABASE_URL: 'PostgreSQL instead of PGlite, e.g. postgres://kaiku:secret@db.internal:5432/kaiku',
  TEMPORAL_ADDRESS: 'host:port of a Temporal server; worker and serve need it, dev starts its own',
  TEMPORAL_NAMESPACE: 'the Temporal namespace (default temporal.namespace in the config, else default)',
  TEMPORAL_API_KEY: 'an API key for Temporal Cloud',
  KAIKU_METRICS_ADDRESS: "host:port where a `kaiku worker` serves kaiku's own /metrics (the HTTP server serves it on its own port)",
  TEMPORAL_METRICS_ADDRESS: "host:port for the Temporal SDK's Prometheus exporter (worker metrics)",
  TEMPORAL_TLS: 'true to reach Temporal over TLS',
  TEMPORAL_CLI: 'the temporal binary dev runs (default: temporal on PATH, else built once with Go into .tools/bin)',
  KAIKU_TEMPORAL_PORT: "the embedded Temporal dev server's port, its UI 1000 above (default 7233)",
  PORT: 'the HTTP server port (default server.port in the config, 8080)',
  KAIKU_SECRET: 'the signing key, 32 characters or more, the same in every process (default: generated into KAIKU_DATA_DIR)',
  SMTP_URL: 'the mail server kaiku sends through; worker and serve need it, dev catches mail itself',
  IMAP_URL: 'a mailbox the worker reads approval replies from',
  INBOUND_WEBHOOK_SECRET: 'the secret of POST /inbound/email, for mail delivered by a webhook',
  SLACK_BOT_TOKEN: 'a Slack bot token (xoxb-…): approval cards in Slack, with SLACK_SIGNING_SECRET',
  SLACK_SIGNING_SECRET: "the Slack app's signing secret: kaiku checks every click with it",
  OIDC_CLIENT_SECRET: 'the client secret of auth.oidc (Entra: Certificates & secrets); without it kaiku is a public client, PKCE alone',
  SCIM_TOKEN: 'turns SCIM provisioning at /scim/v2 on: the bearer token your directory sends (≥ 32 characters: openssl rand -base64 48)',
  TEAMS_APP_ID: "the Teams bot's Microsoft App ID (Azure Bot resource → Configuration); with the next two, approvals in Teams (docs/teams.md)",
  TEAMS_APP_PASSWORD: "the client secret of the bot's Entra app registration",
  TEAMS_TENANT_ID: 'your Entra tenant id',
  TEAMS_SERVICE_URL: "the Bot Connector's base URL (default https://smba.trafficmanager.net/teams/)",
  TEAMS_LOGIN_URL: "Entra's login origin (default https://login.microsoftonline.com)",
  TEAMS_OPENID_METADATA_URL: "Bot Framework's OpenID metadata, whose keys sign Teams' requests (default Microsoft's)",
  SLACK_API_URL: "Slack's Web API base URL (default https://slack.com/api/)",
  KAIKU_SMTP_PORT: "dev's embedded SMTP catcher port (default 2525)",
  LOG_LEVEL: 'trace, debug, info, warn, error, fatal or silent (default info)',
  LOG_FORMAT: 'pretty or json (default pretty in a terminal, json otherwise)',
};

/** The command named by the leading positionals (`digest preview` takes two words), and the positionals after it. */
export function findCommand(positionals: readonly string[]): { spec: CommandSpec; rest: string[] } | undefined {
  const matches = COMMANDS.filter((spec) => spec.words.every((word, index) => positionals[index] === word));
  const spec = matches.sort((a, b) => b.words.length - a.words.length)[0];
  return spec ? { spec, rest: positionals.slice(spec.words.length) } : undefined;
}

/** Commands whose first word is `word` (`digest` → preview and send), for a helpful error on `kaiku digest`. */
export function commandsStartingWith(word: string): CommandSpec[] {
  return COMMANDS.filter((spec) => spec.words[0] === word);
}

export function usageLine(spec: CommandSpec): string {
  const args = (spec.args ?? []).map((arg) => (arg.required ? arg.name : `[${arg.name}]`));
  const options = Object.entries(spec.options).map(([name, option]) => {
    const written = `--${name}${option.value ? ` ${option.value}` : ''}${option.multiple ? ' …' : ''}`;
    return option.required ? written : `[${written}]`;
  });
  return ['kaiku', ...spec.words, ...args, ...options].join(' ');
}

/** `kaiku <command> --help`: its usage, arguments, options, what it needs and an example. */
export function commandHelp(spec: CommandSpec): string {
  const lines = [`kaiku ${spec.words.join(' ')}: ${spec.summary}`, '', `Usage: ${usageLine(spec)}`, ''];
  if (spec.args?.length) {
    lines.push('Arguments');
    for (const arg of spec.args) lines.push(`  ${arg.name.padEnd(22)}${arg.description}`);
    lines.push('');
  }
  lines.push('Options');
  for (const [name, option] of Object.entries(spec.options)) {
    const flag = `${option.short ? `-${option.short}, ` : ''}--${name}${option.value ? ` ${option.value}` : ''}`;
    lines.push(`  ${flag.padEnd(22)}${option.description}${option.required ? ' (required)' : ''}`);
  }
  lines.push(`  ${'-h, --help'.padEnd(22)}this help`, '', ...spec.details, '', spec.examples.length > 1 ? 'Examples' : 'Example');
  for (const example of spec.examples) lines.push(`  ${example}`);
  return `${lines.join('\n')}\n`;
}

/** `kaiku --help`: the commands, the environment variables, the exit codes. */
export function globalHelp(version: string): string {
  const lines = [
    `kaiku ${version}: employee advocacy on Temporal`,
    '',
    'Usage: kaiku <command> [options]     (kaiku <command> --help: its own usage; kaiku --version)',
    '',
    'Commands',
  ];
  for (const spec of COMMANDS) lines.push(`  ${spec.words.join(' ').padEnd(18)}${spec.summary}`);
  lines.push('', 'Environment (secrets and addresses never go in kaiku.yaml)');
  for (const [name, text] of Object.entries(ENV_HELP)) lines.push(`  ${name.padEnd(26)}${text}`);
  lines.push(`  ${'PATH'.padEnd(26)}where dev looks for a temporal binary; GOFLAGS is passed to go when setup builds one`);
  lines.push(`  ${'OTEL_TRACES_EXPORTER'.padEnd(26)}traces (otlp, console; off unless this or an OTLP endpoint is set): OpenTelemetry's own, with`);
  lines.push(`  ${''.padEnd(26)}OTEL_EXPORTER_OTLP_ENDPOINT, OTEL_EXPORTER_OTLP_TRACES_ENDPOINT, OTEL_SERVICE_NAME, OTEL_SDK_DISABLED`);
  lines.push('', 'Exit codes');
  for (const [code, text] of EXIT_CODE_HELP) lines.push(`  ${String(code).padEnd(4)}${text}`);
  lines.push('', "More: kaiku's README (every config key in docs/configuration.md, new kinds of source in docs/writing-a-source.md).", '');
  return lines.join('\n');
}
