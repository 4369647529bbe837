#!/usr/bin/env -S node --import tsx
import { parseArgs } from 'node:util';
import { ConfigError } from './config/errors.js';
import { readEnv } from './config/env.js';
import { loadConfig } from './config/load.js';
import { formatDuration } from './config/units.js';
import { ensureTemporalCli, TemporalCliError, TEMPORAL_CLI_VERSION } from './integrations/temporal/cli-binary.js';
import { boot, runDev, runServe, runWorker, type Running } from './worker.js';

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

The config file is --config, else KAIKU_CONFIG, else ./kaiku.yaml.
Secrets and addresses come from the environment: DATABASE_URL, TEMPORAL_ADDRESS,
TEMPORAL_NAMESPACE, TEMPORAL_API_KEY, PORT, LOG_LEVEL, LOG_FORMAT, KAIKU_DATA_DIR.
`;

async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { config: { type: 'string', short: 'c' }, help: { type: 'boolean', short: 'h' } },
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
      const { config, path, demo } = await loadConfig({ path: options.configPath, env });
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
