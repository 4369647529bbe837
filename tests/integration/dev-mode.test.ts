import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { inject } from 'vitest';
import { KaikuProcess, waitUntil } from '../helpers/kaiku-process.js';
import { freePort } from '../helpers/free-port.js';

// The README's first command, as a newcomer runs it: `kaiku dev` with no config brings up the demo
// program on the embedded Temporal dev server and PGlite; killed and started again, it loses nothing
// and duplicates nothing.
const dataDir = mkdtempSync(join(tmpdir(), 'kaiku-dev-'));
const running: KaikuProcess[] = [];

afterAll(async () => {
  for (const process of running) await process.stop();
  const pidFile = join(dataDir, 'temporal.pid');
  if (existsSync(pidFile)) {
    const { pid } = JSON.parse(readFileSync(pidFile, 'utf8')) as { pid: number };
    try {
      globalThis.process.kill(pid, 'SIGKILL');
    } catch {
      /* gone */
    }
  }
  rmSync(dataDir, { recursive: true, force: true });
});

async function pendingOnAdminPage(url: string): Promise<string[]> {
  const page = await (await fetch(`${url}/admin`)).text();
  return [...page.matchAll(/data-item-id="(itm_[0-9a-f]+)" data-state="pending"/g)].map((m) => m[1]!);
}

test('kaiku dev runs the demo end to end, and survives SIGKILL without losing or duplicating items', async () => {
  const port = await freePort();
  const temporalPort = await freePort();
  const env = {
    KAIKU_DATA_DIR: dataDir,
    PORT: String(port),
    KAIKU_TEMPORAL_PORT: String(temporalPort),
    TEMPORAL_ADDRESS: undefined,
    DATABASE_URL: undefined,
    KAIKU_CONFIG: undefined,
    TEMPORAL_CLI: inject('temporalCli'),
  };
  const url = `http://127.0.0.1:${port}`;

  const first = KaikuProcess.start(['dev'], env);
  running.push(first);
  await first.waitForOutput(/kaiku is running: Demo City/, 120_000);
  expect(first.output.join('\n')).toContain(`admin page    ${url}/admin`);
  const items = await waitUntil('the demo items on the admin page', async () => {
    const ids = await pendingOnAdminPage(url);
    return ids.length === 9 ? ids : undefined;
  });
  const health = await (await fetch(`${url}/healthz`)).json();
  expect(health).toEqual({ status: 'ok', checks: { database: 'ok', temporal: 'ok' } });

  await first.kill();
  expect(existsSync(join(dataDir, 'temporal.pid'))).toBe(true); // its Temporal server was orphaned

  const second = KaikuProcess.start(['dev'], env);
  running.push(second);
  await second.waitForOutput(/kaiku is running/, 120_000);
  // the orphaned server is taken over (or, if it cannot answer, replaced on the same database)
  expect(second.output.join('\n')).toMatch(/adopted the Temporal dev server|replacing the Temporal dev server left by an earlier kaiku/);
  expect((await pendingOnAdminPage(url)).sort()).toEqual([...items].sort());

  expect(await second.stop()).toEqual({ code: 0, signal: null });
  expect(existsSync(join(dataDir, 'temporal.pid'))).toBe(false); // stopped cleanly, server included

  // a third start brings the server back from data/temporal.db: the approval workflows still wait
  const third = KaikuProcess.start(['dev'], env);
  running.push(third);
  await third.waitForOutput(/kaiku is running/, 120_000);
  expect((await pendingOnAdminPage(url)).sort()).toEqual([...items].sort());
  const { Connection, Client } = await import('@temporalio/client');
  const connection = await Connection.connect({ address: `127.0.0.1:${temporalPort}` });
  const client = new Client({ connection });
  // each item's approval workflow runs (the dispatcher may still be starting those the kill interrupted)
  await waitUntil('every item to have a running approval workflow', async () => {
    const statuses = await Promise.all(
      items.map((id) =>
        client.workflow
          .getHandle(id)
          .describe()
          .then(
            (d) => d.status.name,
            () => 'MISSING',
          ),
      ),
    );
    return statuses.every((status) => status === 'RUNNING');
  });
  await connection.close();
  expect(await third.stop()).toEqual({ code: 0, signal: null });
}, 300_000);
