import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inject } from 'vitest';
import { startDevServer } from '../../integrations/temporal/dev-server.js';
import { freePort } from './free-port.js';
import { quietLog } from './harness.js';

/** A Temporal dev server of one test file's own, which the file can freeze without stopping any other file's work. */
export interface FreezableTemporal {
  address: string;
  /** SIGSTOP: connections stay open and nothing comes back, as a hung server does. */
  freeze(): void;
  /** SIGCONT, if frozen. */
  thaw(): void;
  /** Thaws, stops the server and removes its data. */
  stop(): Promise<void>;
}

/** Starts the pinned Temporal CLI's dev server on a free port, its data in a temporary directory named `name`-…. */
export async function startFreezableTemporal(name: string): Promise<FreezableTemporal> {
  const dir = mkdtempSync(join(tmpdir(), `${name}-`));
  const server = await startDevServer({ binary: inject('temporalCli'), dataDir: dir, port: await freePort(), namespace: 'default', log: quietLog });
  const { pid } = JSON.parse(readFileSync(join(dir, 'temporal.pid'), 'utf8')) as { pid: number };
  let frozen = false;
  const thaw = () => {
    if (frozen) process.kill(pid, 'SIGCONT');
    frozen = false;
  };
  return {
    address: server.address,
    freeze: () => {
      process.kill(pid, 'SIGSTOP');
      frozen = true;
    },
    thaw,
    async stop() {
      thaw();
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
