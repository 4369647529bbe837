import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, inject, test } from 'vitest';
import { KaikuProcess } from '../helpers/kaiku-process.js';
import { freePort } from '../helpers/free-port.js';

// A newcomer tries the demo, then writes their own kaiku.yaml: `kaiku dev` says the demo's advocates, sources and
// items are still in data/, and `kaiku dev --fresh` moves data/ aside and starts clean.

const root = mkdtempSync(join(tmpdir(), 'kaiku-leftovers-'));
const dataDir = join(root, 'data');
const running: KaikuProcess[] = [];

afterAll(async () => {
  for (const process of running) await process.stop();
  for (const dir of readdirSync(root).map((name) => join(root, name))) {
    const pidFile = join(dir, 'temporal.pid');
    if (!existsSync(pidFile)) continue;
    try {
      globalThis.process.kill((JSON.parse(readFileSync(pidFile, 'utf8')) as { pid: number }).pid, 'SIGKILL');
    } catch {
      /* gone */
    }
  }
  rmSync(root, { recursive: true, force: true });
});

const OWN_CONFIG = `program:
  name: Test City advocates
  defaultLanguage: en
  languages: [en]
  timeZone: Europe/Helsinki
email:
  from: Test City advocates <kaiku@testcity.example>
admins:
  - name: Ada Admin
    email: ada@testcity.example
sources: []
`;

async function devRun(args: string[]): Promise<KaikuProcess> {
  const env = {
    KAIKU_DATA_DIR: dataDir,
    PORT: String(await freePort()),
    KAIKU_TEMPORAL_PORT: String(await freePort()),
    KAIKU_SMTP_PORT: String(await freePort()),
    SMTP_URL: undefined,
    KAIKU_SECRET: undefined,
    TEMPORAL_ADDRESS: undefined,
    DATABASE_URL: undefined,
    KAIKU_CONFIG: undefined,
    TEMPORAL_CLI: inject('temporalCli'),
  };
  const process = KaikuProcess.start(['dev', ...args], env);
  running.push(process);
  await process.waitForOutput(/Press Ctrl-C to stop/);
  return process;
}

test('the demo, then your own kaiku.yaml: kaiku dev names what the demo left; --fresh moves data/ aside and starts clean', async () => {
  const configPath = join(root, 'kaiku.yaml');
  writeFileSync(configPath, OWN_CONFIG);

  const demo = await devRun([]);
  expect(demo.output.join('\n')).toContain('kaiku is running: Demo City');
  expect(demo.output.join('\n')).not.toContain('still holds');
  expect((await demo.stop()).code).toBe(0);

  const own = await devRun(['--config', configPath]);
  const banner = own.output.join('\n');
  expect(banner).toContain('kaiku is running: Test City advocates');
  // The demo's four advocates and its two sources, and however many items its feeds gave by then (maybe none yet).
  expect(banner).toMatch(
    new RegExp(`Note: ${dataDir} still holds 4 advocates(, 2 sources and \\d+ items?| and 2 sources) of the demo programme\\. To start clean`),
  );
  expect(banner).toContain('`kaiku dev --fresh`');
  expect((await own.stop()).code).toBe(0);

  const fresh = await devRun(['--config', configPath, '--fresh']);
  const output = fresh.output.join('\n');
  const aside = /Moved \S+ aside to (\S+): starting clean\./.exec(output)?.[1];
  expect(aside, output).toMatch(new RegExp(`^${dataDir}-before-\\d{8}T\\d{6}Z$`));
  expect(existsSync(join(aside!, 'pglite'))).toBe(true); // the old store, kept
  expect(output).toContain('kaiku is running: Test City advocates');
  expect(output).not.toContain('still holds');
  expect((await fresh.stop()).code).toBe(0);
}, 400_000);
