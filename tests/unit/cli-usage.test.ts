import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { COMMANDS, commandHelp, findCommand, globalHelp, usageLine } from '../../commands/usage.js';
import { EXIT, EXIT_CODE_HELP } from '../../commands/exit-codes.js';
import { ENV_VARIABLES } from '../../config/env.js';
import { PROJECT_ROOT } from '../../integrations/temporal/cli-binary.js';

const ALL_OPTIONS = [...new Set(COMMANDS.flatMap((spec) => Object.keys(spec.options)))];

test.each(COMMANDS.map((spec) => [spec.words.join(' '), spec] as const))('kaiku %s --help names its own options, and no other command’s', (name, spec) => {
  const help = commandHelp(spec);
  expect(help.startsWith(`kaiku ${name}: ${spec.summary}\n`)).toBe(true);
  expect(help).toContain(`Usage: ${usageLine(spec)}`);
  for (const option of Object.keys(spec.options)) expect(help).toMatch(new RegExp(`--${option}\\b`));
  for (const option of ALL_OPTIONS.filter((o) => !(o in spec.options))) expect(help).not.toMatch(new RegExp(`--${option}\\b`));
  for (const arg of spec.args ?? []) expect(help).toContain(`  ${arg.name}`);
  expect(help).toMatch(/\nExamples?\n {2}\S/);
});

test('no two commands print the same help', () => {
  const helps = COMMANDS.map(commandHelp);
  expect(new Set(helps).size).toBe(COMMANDS.length);
});

test('a command of two words is found by both, and its arguments follow', () => {
  expect(findCommand(['advocates', 'import', 'roster.csv'])).toMatchObject({ spec: { words: ['advocates', 'import'] }, rest: ['roster.csv'] });
  expect(findCommand(['init', 'city'])).toMatchObject({ spec: { words: ['init'] }, rest: ['city'] });
  expect(findCommand(['digest'])).toBeUndefined();
  expect(usageLine(findCommand(['digest', 'preview'])!.spec)).toBe('kaiku digest preview [--config FILE] --advocate EMAIL [--html FILE]');
});

/** Every `env.NAME` and `process.env.NAME` in kaiku's own code (not its tests or benchmarks). */
function variablesReadInCode(): string[] {
  const names = new Set<string>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) {
        if (!['node_modules', '.git', '.tools', 'data', 'dist', 'tests', 'bench', 'docs', 'test-results'].includes(entry.name)) walk(join(dir, entry.name));
      } else if (entry.name.endsWith('.ts')) {
        for (const match of readFileSync(join(dir, entry.name), 'utf8').matchAll(/\benv\??\.([A-Z][A-Z0-9_]+)\b/g)) names.add(match[1]!);
      }
    }
  };
  walk(PROJECT_ROOT);
  return [...names].sort();
}

test('kaiku --help lists every environment variable kaiku reads, and the exit codes', () => {
  const help = globalHelp('0.1.0');
  const read = variablesReadInCode();
  // the scan finds what config/env.ts declares, and the two a Go build is given
  expect(read).toEqual(expect.arrayContaining(['DATABASE_URL', 'TEMPORAL_ADDRESS', 'SLACK_BOT_TOKEN', 'GOFLAGS', 'PATH']));
  for (const name of new Set([...ENV_VARIABLES, ...read])) expect(help, name).toMatch(new RegExp(`\\b${name}\\b`));
  for (const spec of COMMANDS) expect(help).toContain(`  ${spec.words.join(' ')}`);
  for (const [code] of EXIT_CODE_HELP) expect(help).toMatch(new RegExp(`\\n {2}${code} +\\S`));
  expect(Object.values(EXIT)).toEqual([0, 1, 2, 3, 130]);
});
