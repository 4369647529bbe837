import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../helpers/free-port.js';

export interface TestPostgres {
  url: string;
  /** Stops the server as an operator's `pg_ctl -m fast stop` does (every connection terminated, 57P01); the data stays. */
  stopServer(): Promise<void>;
  /** Starts it again on the same port and data, once it accepts connections. */
  startServer(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * A throwaway PostgreSQL cluster from Debian's packages on a free loopback port, so the store tests
 * run on real PostgreSQL as well as PGlite (and the benchmarks, `durable`, with fsync on).
 * `KAIKU_TEST_DATABASE_URL` points at an existing server instead.
 */
export async function startTestPostgres(options: { durable?: boolean } = {}): Promise<TestPostgres> {
  if (process.env.KAIKU_TEST_DATABASE_URL) {
    const refuse = async () => {
      throw new Error("a server named by KAIKU_TEST_DATABASE_URL is not this test run's to restart");
    };
    return { url: process.env.KAIKU_TEST_DATABASE_URL, stopServer: refuse, startServer: refuse, stop: async () => undefined };
  }
  const bin = findPostgresBin();
  if (!bin) {
    throw new Error(
      'PostgreSQL is not installed, and the store tests run on it too: `apt-get install -y postgresql` (Debian), or set KAIKU_TEST_DATABASE_URL=postgres://user:pass@host:5432/db',
    );
  }
  const root = process.getuid?.() === 0;
  const dir = mkdtempSync(join(tmpdir(), 'kaiku-pg-'));
  chmodSync(dir, 0o777);
  const dataDir = join(dir, 'data');
  const asOwner = (command: string, args: string[]) => (root ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args]) as [string, string[]];

  const [initCmd, initArgs] = asOwner(join(bin, 'initdb'), ['-D', dataDir, '-U', 'kaiku', '--auth=trust', '-E', 'UTF8', '--no-sync']);
  const init = spawnSync(initCmd, initArgs, { encoding: 'utf8' });
  if (init.status !== 0) throw new Error(`initdb failed: ${init.stderr || init.stdout}`);

  const port = await freePort();
  const [pgCmd, pgArgs] = asOwner(join(bin, 'postgres'), [
    '-D',
    dataDir,
    '-p',
    String(port),
    '-k',
    dir,
    '-c',
    'listen_addresses=127.0.0.1',
    // Tests trade durability for speed; a benchmark keeps PostgreSQL's defaults, as production runs it.
    ...(options.durable ? [] : ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off']),
    '-c',
    'max_connections=200',
  ]);
  let stderr = '';
  const spawnServer = () => {
    const child = spawn(pgCmd, pgArgs, { stdio: ['ignore', 'ignore', 'pipe'] });
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    return { child, exited: new Promise((resolve) => child.once('exit', resolve)) };
  };
  let server: ReturnType<typeof spawnServer> | undefined = spawnServer();
  const url = `postgres://kaiku@127.0.0.1:${port}/postgres`;
  await waitForPostgres(url, () => stderr);
  const stopServer = async () => {
    if (!server) return;
    // runuser does not pass signals on: ask the server itself to stop.
    const [stopCmd, stopArgs] = asOwner(join(bin, 'pg_ctl'), ['-D', dataDir, '-m', 'fast', '-w', 'stop']);
    spawnSync(stopCmd, stopArgs, { encoding: 'utf8' });
    await server.exited;
    server = undefined;
  };
  return {
    url,
    stopServer,
    async startServer() {
      if (server) return;
      server = spawnServer();
      await waitForPostgres(url, () => stderr);
    },
    async stop() {
      await stopServer();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function findPostgresBin(): string | undefined {
  const base = '/usr/lib/postgresql';
  if (!existsSync(base)) return undefined;
  const versions = readdirSync(base)
    .filter((v) => existsSync(join(base, v, 'bin', 'postgres')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] ? join(base, versions[0], 'bin') : undefined;
}

async function waitForPostgres(url: string, stderr: () => string): Promise<void> {
  const { default: pg } = await import('pg');
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const client = new pg.Client({ connectionString: url });
    try {
      await client.connect();
      await client.end();
      return;
    } catch {
      await client.end().catch(() => undefined);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  throw new Error(`the test PostgreSQL did not start:\n${stderr()}`);
}

/** A new, empty database on the server `adminUrl` points at; returns its URL. */
export async function createDatabaseOn(adminUrl: string, prefix: string): Promise<string> {
  const { default: pg } = await import('pg');
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  await client.query(`create database ${name}`);
  await client.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.href;
}

/** Drops the database `url` names (connections and all), through the server's `adminUrl`. */
export async function dropDatabaseOn(adminUrl: string, url: string): Promise<void> {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  await client.query(`drop database if exists ${new URL(url).pathname.slice(1)} with (force)`);
  await client.end();
}
