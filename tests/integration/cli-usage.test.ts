import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import { KaikuProcess } from '../helpers/kaiku-process.js';
import { startHarness, testConfigInput, type Harness } from '../helpers/harness.js';
import { allRowVersions } from '../helpers/snapshot.js';
import { COMMANDS } from '../../commands/usage.js';

// The CLI as a shell script sees it: what each command prints for --help, and what its exit status says.

const dir = mkdtempSync(join(tmpdir(), 'kaiku-cli-usage-'));
let harness: Harness;
beforeAll(async () => {
  harness = await startHarness({ configInput: testConfigInput([]) });
  // the CLI reads this config: the harness's task queue, so `advocates import` reaches the harness's worker
  writeFileSync(join(dir, 'kaiku.yaml'), stringify({ ...testConfigInput([]), temporal: { taskQueue: harness.taskQueue } }));
});
afterAll(async () => {
  await harness?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function kaiku(args: string[]) {
  const run = KaikuProcess.start(args, {
    TEMPORAL_ADDRESS: inject('temporalAddress'),
    KAIKU_DATA_DIR: join(dir, 'data'),
    DATABASE_URL: undefined,
    KAIKU_CONFIG: undefined,
  });
  const { code } = await run.exited;
  return { code, output: run.output.join('\n') };
}

test('kaiku <command> --help prints that command’s own usage, options and example, and exits 0', async () => {
  const helps = new Map<string, string>();
  for (const spec of COMMANDS) {
    const name = spec.words.join(' ');
    const { code, output } = await kaiku([...spec.words, '--help']);
    expect(code, name).toBe(0);
    expect(output.startsWith(`kaiku ${name}: ${spec.summary}`), name).toBe(true);
    for (const option of Object.keys(spec.options)) expect(output, name).toContain(`--${option}`);
    expect(output, name).toContain(spec.examples[0]);
    helps.set(name, output);
  }
  expect(new Set(helps.values()).size).toBe(COMMANDS.length);
  // `kaiku help <command>` is the same page
  expect((await kaiku(['help', 'digest', 'preview'])).output).toBe(helps.get('digest preview'));
}, 180_000);

test('usage errors exit 2 and name what was wrong with the command’s usage line; nothing runs', async () => {
  const cases: [string[], string][] = [
    [['check', '--month', '2026-11'], "kaiku: check: Unknown option '--month'"],
    [['digest', 'preview'], 'kaiku: digest preview: --advocate is required'],
    [['advocates', 'import'], 'kaiku: advocates import: FILE is missing'],
    [['digest'], '"kaiku digest" is not a command; did you mean one of:'],
    [['frobnicate'], 'unknown command "frobnicate"'],
    [['rewards', 'close', '--month', 'November'], 'kaiku:'],
  ];
  for (const [args, says] of cases) {
    const { code, output } = await kaiku(args);
    expect(code, args.join(' ')).toBe(2);
    expect(output, args.join(' ')).toContain(says);
  }
  expect((await kaiku(['digest', 'preview'])).output).toContain('Usage: kaiku digest preview [--config FILE] --advocate EMAIL [--html FILE]');
}, 120_000);

test('advocates import exits 3 when a row is refused, and still imports the good rows; 0 when none is', async () => {
  const roster = join(dir, 'roster.csv');
  writeFileSync(
    roster,
    'email,name,language,time_zone,branch,topics,networks\naino@testcity.example,Aino Virtanen,fi,Europe/Helsinki,IT,jobs,linkedin\nnot-an-address,Broken Row,fi,Europe/Helsinki,,,\n',
  );
  const partly = await kaiku(['advocates', 'import', roster, '--config', join(dir, 'kaiku.yaml')]);
  expect(partly.output).toContain('1 imported (1 new, 0 updated), 1 refused');
  expect(partly.output).toMatch(/line 3 \(not-an-address\): .*not an email address/);
  expect(partly.code).toBe(3);
  expect((await harness.store.advocates.byEmail('aino@testcity.example'))?.name).toBe('Aino Virtanen');

  writeFileSync(roster, 'email,name,language,time_zone,branch,topics,networks\nbo@testcity.example,Bo Berg,sv,Europe/Helsinki,,,\n');
  const whole = await kaiku(['advocates', 'import', roster, '--config', join(dir, 'kaiku.yaml')]);
  expect([whole.code, whole.output]).toEqual([0, `${roster}: 1 imported (1 new, 0 updated), 0 refused`]);

  // a file that is not there: exit 2, and the store is as it was
  const before = await allRowVersions(harness.db.database.db);
  const missing = await kaiku(['advocates', 'import', join(dir, 'nope.csv'), '--config', join(dir, 'kaiku.yaml')]);
  expect([missing.code, missing.output]).toEqual([2, `kaiku: cannot read ${join(dir, 'nope.csv')}: no such file`]);
  expect(await allRowVersions(harness.db.database.db)).toEqual(before);
}, 120_000);
