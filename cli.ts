#!/usr/bin/env -S node --import tsx
import { parseArgs } from 'node:util';
import { ConfigError } from './config/errors.js';
import { readEnv } from './config/env.js';
import { loadConfig } from './config/load.js';
import { formatDuration } from './config/units.js';
import { ensureTemporalCli, TemporalCliError, TEMPORAL_CLI_VERSION } from './integrations/temporal/cli-binary.js';
import { boot, runDev, runServe, runWorker, type Running } from './worker.js';
import { importRoster, previewDigestCommand, sendDigestsNow } from './commands/digest.js';
import { closeRewardsCommand } from './commands/rewards.js';
import { enrolOnboardingCommand } from './commands/onboarding.js';
import { sourceKinds } from './activities/sources/registry.js';

const HELP = `kaiku: employee advocacy on Temporal

Usage: kaiku <command> [--config kaiku.yaml]

Commands
  dev       everything in one process: embedded Temporal dev server, PGlite in data/,
            migrations, worker and HTTP server (runs a demo program without a config file)
  worker    the worker alone (needs TEMPORAL_ADDRESS; DATABASE_URL for PostgreSQL)
  serve     the HTTP server alone (admin page, health)
  migrate   apply the store's migrations and exit
  check     validate the config and print what it configures
  setup     build the pinned Temporal CLI into .tools/ (dev and tests do it on demand)

  advocates import FILE             add or update advocates from a roster CSV
                                    (email,name,language,time_zone,branch,topics,networks)
  digest preview --advocate EMAIL   print one advocate's next digest without sending it
                                    (--html FILE writes its HTML too)
  digest send --now                 send this period's digests to everyone due now
  rewards close --month YYYY-MM     close a month: winners recorded and mailed once
                                    (the 1st of each month closes the month before by itself)
  onboarding enrol --all | --advocate EMAIL
                                    welcome advocates who were on the roster before
                                    onboarding was turned on (new ones are welcomed by themselves)
  (these five hand the work to the running worker: start kaiku dev or kaiku worker first)

The config file is --config, else KAIKU_CONFIG, else ./kaiku.yaml.
Secrets and addresses come from the environment: DATABASE_URL, TEMPORAL_ADDRESS,
TEMPORAL_NAMESPACE, TEMPORAL_API_KEY, PORT, LOG_LEVEL, LOG_FORMAT, KAIKU_DATA_DIR.
`;

async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      config: { type: 'string', short: 'c' },
      help: { type: 'boolean', short: 'h' },
      advocate: { type: 'string', multiple: true },
      all: { type: 'boolean' },
      html: { type: 'string' },
      now: { type: 'boolean' },
      month: { type: 'string' },
    },
  });
  const command = positionals[0] ?? 'help';
  if (values.help || command === 'help') {
    process.stdout.write(HELP);
    return 0;
  }
  const options = { configPath: values.config };

  switch (command) {
    case 'dev':
      return keepRunning(await runDev(options));
    case 'worker':
      return keepRunning(await runWorker(options));
    case 'serve':
      return keepRunning(await runServe(options));
    case 'migrate': {
      const { database, log } = await boot(options, true);
      log.info('store is up to date');
      await database.close();
      return 0;
    }
    case 'check': {
      const env = readEnv();
      const { config, path, demo } = await loadConfig({ path: options.configPath, env, kinds: sourceKinds() });
      process.stdout.write(
        [
          `${path ?? 'built-in demo program'} is valid${demo ? ' (no kaiku.yaml found)' : ''}.`,
          `  program  ${config.program.name} (${config.program.languages.join(', ')}; ${config.program.timeZone}) ${config.program.hashtags.join(' ')}`,
          `  admins   ${config.admins.map((a) => a.email).join(', ')}`,
          ...config.sources.map(
            (s) =>
              `  source   ${s.settings.id}: ${s.settings.kind} ${s.settings.url} every ${formatDuration(s.settings.pollEveryMs)}${s.settings.enabled ? '' : ' (disabled)'}`,
          ),
          '',
        ].join('\n'),
      );
      return 0;
    }
    case 'advocates': {
      const file = positionals[2];
      if (positionals[1] !== 'import' || !file) return usage('kaiku advocates import roster.csv');
      const env = readEnv();
      const { config } = await loadConfig({ path: options.configPath, env, kinds: sourceKinds() });
      return importRoster(file, env, config, write);
    }
    case 'digest': {
      const env = readEnv();
      if (positionals[1] === 'preview') {
        if (!values.advocate) return usage('kaiku digest preview --advocate aino@example.org');
        const { config } = await loadConfig({ path: options.configPath, env, kinds: sourceKinds() });
        return previewDigestCommand(values.advocate[0]!, values.html, env, config, write);
      }
      if (positionals[1] === 'send') {
        if (!values.now) return usage("kaiku digest send --now   (the hourly schedule sends the others at each advocate's own hour)");
        const { config } = await loadConfig({ path: options.configPath, env, kinds: sourceKinds() });
        return sendDigestsNow(env, config, write);
      }
      return usage('kaiku digest preview --advocate EMAIL | kaiku digest send --now');
    }
    case 'rewards': {
      if (positionals[1] !== 'close' || !values.month) return usage('kaiku rewards close --month 2026-11');
      const env = readEnv();
      const { config } = await loadConfig({ path: options.configPath, env, kinds: sourceKinds() });
      return closeRewardsCommand(values.month, env, config, write);
    }
    case 'onboarding': {
      const emails = values.advocate ?? [];
      if (positionals[1] !== 'enrol' || (values.all === true) === emails.length > 0)
        return usage('kaiku onboarding enrol --all | kaiku onboarding enrol --advocate aino@example.org');
      const env = readEnv();
      const { config } = await loadConfig({ path: options.configPath, env, kinds: sourceKinds() });
      return enrolOnboardingCommand({ all: values.all === true, emails }, env, config, write);
    }
    case 'setup': {
      const binary = await ensureTemporalCli();
      process.stdout.write(`Temporal CLI ready: ${binary} (kaiku pins ${TEMPORAL_CLI_VERSION})\n`);
      return 0;
    }
    default:
      process.stderr.write(`kaiku: unknown command "${command}"\n\n${HELP}`);
      return 2;
  }
}

function write(text: string): void {
  process.stdout.write(text);
}

function usage(example: string): number {
  process.stderr.write(`kaiku: usage: ${example}\n`);
  return 2;
}

function keepRunning(running: Running): Promise<number> {
  return new Promise((resolve) => {
    let stoppingSince = 0;
    const stop = (signal: NodeJS.Signals) => {
      // npm and tsx relay the terminal's signal too: only a second Ctrl-C a moment later means "now".
      if (stoppingSince) {
        if (Date.now() - stoppingSince < 1500) return;
        running.log.warn('second signal: exiting without a clean stop');
        process.exit(130);
      }
      stoppingSince = Date.now();
      running.log.info({ signal }, 'stopping');
      void running.stop().then(() => resolve(0));
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof ConfigError) {
      process.stderr.write(`\nkaiku cannot start: ${error.format()}`);
      process.exit(2);
    }
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`\nkaiku cannot start: ${message}\n`);
    if (process.env.LOG_LEVEL === 'debug' && error instanceof Error && !(error instanceof TemporalCliError)) process.stderr.write(`${error.stack}\n`);
    process.exit(1);
  },
);
