#!/usr/bin/env node
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { ConfigError } from './config/errors.js';
import { KAIKU_VERSION } from './config/package.js';
import { EXIT } from './commands/exit-codes.js';
import { COMMANDS, commandHelp, commandsStartingWith, findCommand, globalHelp, usageLine, type CommandSpec } from './commands/usage.js';

// The `kaiku` command. Each command's words and options are in commands/usage.ts; what runs is loaded only
// when it runs, so `kaiku --help` answers at once.

type Values = Record<string, string | boolean | undefined>;
type Handler = (values: Values, rest: string[]) => Promise<number>;

const HANDLERS: Record<string, Handler> = {
  init: async (_values, [folder]) => {
    const { initProgramme } = await import('./commands/init.js');
    return initProgramme(folder ?? '.', KAIKU_VERSION, out, errOut);
  },
  dev: async (values) => {
    const [{ runDev }, { runUntilSignal }] = await Promise.all([import('./worker.js'), import('./commands/signals.js')]);
    if (values.fresh) {
      const [{ readEnv }, { moveDataAside }, { resolve }] = await Promise.all([
        import('./config/env.js'),
        import('./server/demo/leftovers.js'),
        import('node:path'),
      ]);
      const env = readEnv();
      if (env.DATABASE_URL) {
        errOut('kaiku dev --fresh starts a clean data directory, but DATABASE_URL names the store: drop and create that database yourself.\n');
        return EXIT.usage;
      }
      const aside = moveDataAside(resolve(env.KAIKU_DATA_DIR));
      out(aside ? `Moved ${resolve(env.KAIKU_DATA_DIR)} aside to ${aside}: starting clean.\n` : 'No data directory yet: starting clean.\n');
    }
    // dev is a terminal's tool: it also stops when npx or the shell that ran it dies without passing the signal on.
    return runUntilSignal(() => runDev(runOptions(values)), { stopWithParent: true });
  },
  worker: async (values) => {
    const [{ runWorker }, { runUntilSignal }] = await Promise.all([import('./worker.js'), import('./commands/signals.js')]);
    return runUntilSignal(() => runWorker(runOptions(values)));
  },
  serve: async (values) => {
    const [{ runServe }, { runUntilSignal }] = await Promise.all([import('./worker.js'), import('./commands/signals.js')]);
    return runUntilSignal(() => runServe(runOptions(values)));
  },
  migrate: async (values) => {
    const { boot } = await import('./worker.js');
    const { database, log } = await boot(runOptions(values), true);
    log.info('store is up to date');
    await database.close();
    return EXIT.ok;
  },
  check: async (values) => {
    const { loadProgramme } = await commandContext();
    const { formatDuration } = await import('./config/units.js');
    const { config, path, demo, registry } = await loadProgramme(values);
    out(
      [
        `${path ?? 'built-in demo program'} is valid${demo ? ' (no kaiku.yaml found)' : ''}.`,
        `  program  ${config.program.name} (${config.program.languages.join(', ')}; ${config.program.timeZone}) ${config.program.hashtags.join(' ')}`,
        `  admins   ${config.admins.map((a) => a.email).join(', ')}`,
        `  kinds    ${registry.kinds().join(', ')}`,
        ...config.sources.map(
          (s) =>
            `  source   ${s.settings.id}: ${s.settings.kind} ${s.settings.url} every ${formatDuration(s.settings.pollEveryMs)}${s.settings.enabled ? '' : ' (disabled)'}`,
        ),
        '',
      ].join('\n'),
    );
    return EXIT.ok;
  },
  setup: async () => {
    const { ensureTemporalCli, TEMPORAL_CLI_VERSION } = await import('./integrations/temporal/cli-binary.js');
    const binary = await ensureTemporalCli();
    out(`Temporal CLI ready: ${binary} (kaiku pins ${TEMPORAL_CLI_VERSION})\n`);
    return EXIT.ok;
  },
  'advocates import': async (values, [file]) => {
    const { loadProgramme, env } = await commandContext();
    const { importRoster } = await import('./commands/digest.js');
    return importRoster(file!, env, (await loadProgramme(values)).config, out);
  },
  'digest preview': async (values) => {
    const { loadProgramme, env } = await commandContext();
    const { previewDigestCommand } = await import('./commands/digest.js');
    return previewDigestCommand(values.advocate as string, values.html as string | undefined, env, (await loadProgramme(values)).config, out);
  },
  'digest send': async (values) => {
    const { loadProgramme, env } = await commandContext();
    const { sendDigestsNow } = await import('./commands/digest.js');
    return sendDigestsNow(env, (await loadProgramme(values)).config, out);
  },
  'onboarding enrol': async (values) => {
    const emails = (values.advocate as string[] | undefined) ?? [];
    if ((values.all === true) === emails.length > 0)
      return usageError('onboarding enrol: give either --all or --advocate EMAIL (one or more)', false, findCommand(['onboarding', 'enrol'])!.spec);
    const { loadProgramme, env } = await commandContext();
    const { enrolOnboardingCommand } = await import('./commands/onboarding.js');
    return enrolOnboardingCommand({ all: values.all === true, emails }, env, (await loadProgramme(values)).config, out);
  },
  'rewards close': async (values) => {
    const { loadProgramme, env } = await commandContext();
    const { closeRewardsCommand } = await import('./commands/rewards.js');
    return closeRewardsCommand(values.month as string, env, (await loadProgramme(values)).config, out);
  },
};

async function main(argv: string[]): Promise<number> {
  // A first, lenient pass knows every option, so values are not taken for command words.
  const every = Object.assign({}, ...COMMANDS.map((spec) => optionsOf(spec))) as NonNullable<ParseArgsConfig['options']>;
  const loose = parseArgs({ args: argv, options: { ...every, version: { type: 'boolean', short: 'v' } }, allowPositionals: true, strict: false });
  const words = loose.positionals;
  if (words.length === 0) {
    if (loose.values.version) return (out(`${KAIKU_VERSION}\n`), EXIT.ok);
    if (!loose.values.help && argv.length > 0) return usageError(`unknown option ${argv[0]}`, true);
    out(globalHelp(KAIKU_VERSION));
    return EXIT.ok;
  }
  if (words[0] === 'help') {
    // `kaiku help --help` explains help itself
    const asked = words.length > 1 ? findCommand(words.slice(1)) : loose.values.help ? findCommand(['help']) : undefined;
    if (words.length > 1 && !asked) return usageError(`no command "${words.slice(1).join(' ')}"`, true);
    out(asked ? commandHelp(asked.spec) : globalHelp(KAIKU_VERSION));
    return EXIT.ok;
  }
  const found = findCommand(words);
  if (!found) {
    const family = commandsStartingWith(words[0]!);
    if (family.length > 0) {
      const wanted = family.map((spec) => `  ${usageLine(spec)}`).join('\n');
      return usageError(`"kaiku ${words.join(' ')}" is not a command; did you mean one of:\n${wanted}`);
    }
    return usageError(`unknown command "${words[0]}"`, true);
  }
  const { spec } = found;
  const name = spec.words.join(' ');
  let values: Values;
  let rest: string[];
  try {
    const parsed = parseArgs({ args: argv, options: optionsOf(spec), allowPositionals: true, strict: true });
    values = parsed.values as Values;
    rest = parsed.positionals.slice(spec.words.length);
  } catch (error) {
    // node's own advice about '--' after an unknown option is beside the point here.
    return usageError(`${name}: ${(error as Error).message.split('\n')[0]!.replace(/\. To specify a positional argument.*$/, '')}`, false, spec);
  }
  if (values.help) return (out(commandHelp(spec)), EXIT.ok);
  const args = spec.args ?? [];
  const missingArg = args.find((arg, index) => arg.required && rest[index] === undefined);
  if (missingArg) return usageError(`${name}: ${missingArg.name} is missing (${missingArg.description})`, false, spec);
  if (rest.length > args.length) return usageError(`${name}: unexpected argument "${rest[args.length]}"`, false, spec);
  const missingOption = Object.entries(spec.options).find(([option, o]) => o.required && values[option] === undefined);
  if (missingOption) return usageError(`${name}: --${missingOption[0]} is required (${missingOption[1].description})`, false, spec);
  return HANDLERS[name]!(values, rest);
}

function optionsOf(spec: CommandSpec): NonNullable<ParseArgsConfig['options']> {
  const options: NonNullable<ParseArgsConfig['options']> = { help: { type: 'boolean', short: 'h' } };
  for (const [name, option] of Object.entries(spec.options))
    options[name] = { type: option.type, ...(option.short ? { short: option.short } : {}), ...(option.multiple ? { multiple: true } : {}) };
  return options;
}

function runOptions(values: Values) {
  return { configPath: values.config as string | undefined };
}

/** What the commands that read the config share: the environment, and the config with its kinds of source. */
async function commandContext() {
  const [{ readEnv }, { loadConfig }, { sourceKinds }] = await Promise.all([
    import('./config/env.js'),
    import('./config/load.js'),
    import('./activities/sources/registry.js'),
  ]);
  const env = readEnv();
  const loadProgramme = (values: Values) => loadConfig({ path: values.config as string | undefined, env, kinds: sourceKinds() });
  return { env, loadProgramme };
}

function out(text: string): void {
  process.stdout.write(text);
}

function errOut(text: string): void {
  process.stderr.write(text);
}

/** Exit 2 with what was wrong, the command's usage line and where to read more. */
function usageError(problem: string, withGlobalHelp = false, spec?: CommandSpec): number {
  const hint = spec
    ? `\nUsage: ${usageLine(spec)}\n(kaiku ${spec.words.join(' ')} --help says more)\n`
    : withGlobalHelp
      ? `\n${globalHelp(KAIKU_VERSION)}`
      : '\n';
  process.stderr.write(`kaiku: ${problem}\n${hint}`);
  return EXIT.usage;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof ConfigError) {
      process.stderr.write(`\nkaiku cannot start: ${error.format()}`);
      process.exit(EXIT.usage);
    }
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`\nkaiku cannot start: ${message}\n`);
    if (process.env.LOG_LEVEL === 'debug' && error instanceof Error && error.name !== 'TemporalCliError') process.stderr.write(`${error.stack}\n`);
    process.exit(EXIT.failure);
  },
);
