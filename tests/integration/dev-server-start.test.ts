import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, expect, inject, test } from 'vitest';
import { startDevServer } from '../../integrations/temporal/dev-server.js';
import { freePort } from '../helpers/free-port.js';

// The embedded Temporal dev server dying as it starts (here: its UI port held by another process, as one of the ports
// it picks for itself can be taken by another process on a busy machine): kaiku starts it once more, then says why it
// could not, quoting the server's own error line rather than only its stack's last lines.

const dir = mkdtempSync(join(tmpdir(), 'kaiku-devserver-'));
let holder: Server | undefined;

afterAll(async () => {
  await new Promise((resolve) => (holder ? holder.close(resolve) : resolve(undefined)));
  rmSync(dir, { recursive: true, force: true });
});

test('a server that exits as it starts is started once more, then reported with its own error line', async () => {
  const port = await freePort();
  const uiPort = await freePort();
  holder = createServer();
  await new Promise<void>((resolve) => holder!.listen(uiPort, '127.0.0.1', resolve));
  const lines: { msg?: string; why?: string[] }[] = [];
  const log = pino({ level: 'info' }, { write: (line: string) => void lines.push(JSON.parse(line) as { msg?: string; why?: string[] }) });
  const started = startDevServer({ binary: inject('temporalCli'), dataDir: dir, port, uiPort, namespace: 'default', log });
  await expect(started).rejects.toThrow(
    new RegExp(`the Temporal dev server exited before it answered[^]*can't set UI port ${uiPort}: .*address already in use`),
  );
  const retried = lines.filter((line) => line.msg === 'the Temporal dev server exited as it started; starting it once more');
  expect(retried).toHaveLength(1);
  expect(retried[0]!.why!.join('\n')).toContain(`can't set UI port ${uiPort}`);
}, 120_000);

test('with no UI port given and the one beside the server (its port + 1000) taken, the server starts with its UI on a free port', async () => {
  // CI saw `npm start` die of it: another test's process held the port 1000 above kaiku's Temporal port.
  let port = await freePort();
  while (port + 1000 > 65_535) port = await freePort();
  const taken = createServer();
  await new Promise<void>((resolve) => taken.listen(port + 1000, '127.0.0.1', resolve));
  const log = pino({ level: 'silent' });
  const server = await startDevServer({ binary: inject('temporalCli'), dataDir: join(dir, 'ui-taken'), port, namespace: 'default', log });
  try {
    expect(server.address).toBe(`127.0.0.1:${port}`);
    expect(server.uiUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(server.uiUrl).not.toBe(`http://127.0.0.1:${port + 1000}`);
    expect((await fetch(server.uiUrl!)).status).toBe(200);
  } finally {
    await server.stop();
    await new Promise((resolve) => taken.close(resolve));
  }
}, 120_000);
