import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, inject, test } from 'vitest';
import { freePort } from '../helpers/free-port.js';
import { Command, descendantsOf, envWith, survivorsAfter, type ProcessInfo } from '../helpers/process-tree.js';
import { PROJECT_ROOT } from '../../integrations/temporal/cli-binary.js';

// `npm start` as a person runs it, stopped the two ways people stop it: SIGTERM to npm (a supervisor, `kill`)
// and Ctrl-C in a terminal (SIGINT to the whole foreground process group). Each time, every process it
// started must be gone afterwards: kaiku, and the Temporal dev server kaiku started.

const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

async function npmStart(options: { ownGroup: boolean; logLevel?: string }): Promise<{ npm: Command; tree: ProcessInfo[] }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'kaiku-signals-'));
  dirs.push(dataDir);
  const env = envWith({
    KAIKU_DATA_DIR: dataDir,
    PORT: String(await freePort()),
    KAIKU_TEMPORAL_PORT: String(await freePort()),
    KAIKU_SMTP_PORT: String(await freePort()),
    TEMPORAL_CLI: inject('temporalCli'),
    LOG_FORMAT: 'json',
    LOG_LEVEL: options.logLevel ?? 'info',
    TEMPORAL_ADDRESS: undefined,
    DATABASE_URL: undefined,
    KAIKU_CONFIG: undefined,
    SMTP_URL: undefined,
  });
  const npm = new Command('npm', ['start'], { cwd: PROJECT_ROOT, env, detached: options.ownGroup });
  await npm.waitFor(/poll schedules in place/);
  const tree = descendantsOf(npm.pid);
  // what must be stopped: kaiku itself and its Temporal dev server, both started under npm
  expect(tree.some((p) => /cli\.ts dev/.test(p.cmdline))).toBe(true);
  expect(tree.some((p) => /server start-dev/.test(p.cmdline) && p.cmdline.includes(dataDir))).toBe(true);
  return { npm, tree };
}

test('SIGTERM to npm start stops kaiku and the Temporal dev server it started', async () => {
  const { npm, tree } = await npmStart({ ownGroup: false });
  npm.child.kill('SIGTERM');
  await npm.exited;
  expect(await survivorsAfter(tree, 30_000)).toEqual([]);
  expect(npm.output.some((line) => line.includes('"msg":"kaiku stopped"'))).toBe(true);
}, 240_000);

test('Ctrl-C (SIGINT to the process group) stops kaiku cleanly and the Temporal dev server after it', async () => {
  // debug: each step of the stop is logged with its name
  const { npm, tree } = await npmStart({ ownGroup: true, logLevel: 'debug' });
  // the terminal signals every process of the foreground group: npm, kaiku (and npm relays it once more)
  process.kill(-npm.pid, 'SIGINT');
  await npm.exited;
  expect(await survivorsAfter(tree, 30_000)).toEqual([]);
  // a clean stop, in order: the worker first, the Temporal dev server after it, the store last
  const stopped = npm.output.filter((line) => line.includes('"msg":"stopped"')).map((line) => (JSON.parse(line) as { what: string }).what);
  expect(stopped.indexOf('worker')).toBeLessThan(stopped.indexOf('Temporal dev server'));
  expect(stopped.at(-1)).toBe('store');
  expect(npm.output.some((line) => line.includes('"msg":"kaiku stopped"'))).toBe(true);
  expect(npm.output.some((line) => line.includes('without a clean stop'))).toBe(false);
}, 240_000);
