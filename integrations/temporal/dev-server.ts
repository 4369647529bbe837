import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { Connection } from '@temporalio/client';
import type { Logger } from 'pino';

export interface DevServer {
  address: string;
  uiUrl: string | undefined;
  namespace: string;
  /** True when a server left running by a killed kaiku was taken over instead of started. */
  adopted: boolean;
  /** Its process id, so a kaiku that must exit at once can still signal it. */
  pid: number | undefined;
  stop(): Promise<void>;
}

export interface DevServerOptions {
  binary: string;
  dataDir: string;
  port?: number;
  uiPort?: number;
  headless?: boolean;
  namespace?: string;
  log: Logger;
  readyTimeoutMs?: number;
}

interface PidRecord {
  pid: number;
  address: string;
  uiUrl: string | undefined;
  dbFile: string;
}

/**
 * Runs `temporal server start-dev` with its state in `<dataDir>/temporal.db`, so workflows and
 * Schedules survive restarts; resolves once the server answers. A server orphaned by a kaiku that
 * was killed is adopted if it answers, else stopped and replaced.
 */
export async function startDevServer(options: DevServerOptions): Promise<DevServer> {
  const dataDir = resolve(options.dataDir);
  mkdirSync(dataDir, { recursive: true });
  const dbFile = join(dataDir, 'temporal.db');
  const pidFile = join(dataDir, 'temporal.pid');
  const port = options.port ?? 7233;
  const namespace = options.namespace ?? 'default';
  const address = `127.0.0.1:${port}`;
  const log = options.log.child({ component: 'temporal-dev-server' });

  const orphan = readPidRecord(pidFile);
  if (orphan && isOurServer(orphan.pid, dbFile)) {
    // A busy machine can take a few seconds to answer; replacing the server costs more than waiting.
    if (
      orphan.address === address &&
      (await waitUntilAnswering(address, 15_000).then(
        () => true,
        () => false,
      ))
    ) {
      log.info({ pid: orphan.pid, address }, 'adopted the Temporal dev server left running by an earlier kaiku');
      return { address, uiUrl: orphan.uiUrl, namespace, adopted: true, pid: orphan.pid, stop: () => stopPid(orphan.pid, pidFile) };
    }
    log.info({ pid: orphan.pid, address: orphan.address }, 'replacing the Temporal dev server left by an earlier kaiku: it does not answer here');
    await stopPid(orphan.pid, pidFile);
  }

  if (!(await portIsFree(port))) {
    throw new Error(
      `port ${port} is taken, so kaiku cannot start its Temporal dev server there. If a Temporal server runs there, use it: TEMPORAL_ADDRESS=${address}; or pick another port: KAIKU_TEMPORAL_PORT=7300`,
    );
  }
  // The UI beside the server, as Temporal's own default (7233 → 8233); if that port is taken, any free one, said in the log.
  const uiPort = options.uiPort ?? (await uiPortNear(port + 1000));
  const args = ['server', 'start-dev', '--db-filename', dbFile, '--ip', '127.0.0.1', '--port', String(port), '--log-level', 'warn'];
  if (options.headless) args.push('--headless');
  else args.push('--ui-port', String(uiPort));
  if (namespace !== 'default') args.push('--namespace', namespace);

  // Its output goes to a file, not a pipe: a server orphaned by a killed kaiku must not die of SIGPIPE
  // when it next writes, so the next kaiku can adopt it. Its own process group: a terminal's Ctrl-C reaches
  // kaiku alone, which stops the worker first and the server after (a worker whose server died first hangs).
  const logFile = join(dataDir, 'temporal.log');
  const uiUrl = options.headless ? undefined : `http://127.0.0.1:${uiPort}`;
  // The server picks free ports of its own (HTTP API, metrics, membership) as it starts; another process can take
  // one in between and the server dies of it. That race is retried once; a second exit is reported.
  for (let attempt = 1; ; attempt++) {
    const logStart = existsSync(logFile) ? statSync(logFile).size : 0;
    const output = openSync(logFile, 'a');
    const child = spawn(options.binary, args, { stdio: ['ignore', output, output], detached: true });
    closeSync(output);
    writeFileSync(pidFile, JSON.stringify({ pid: child.pid ?? 0, address, uiUrl, dbFile } satisfies PidRecord));

    const exited = new Promise<number | null>((resolvePromise) => child.once('exit', (code) => resolvePromise(code)));
    const ready = await Promise.race([
      waitUntilAnswering(address, options.readyTimeoutMs ?? 60_000).then(() => 'ready' as const),
      exited.then(() => 'exited' as const),
    ]);
    if (ready === 'ready') {
      log.info({ address, uiUrl, dbFile, logFile }, 'Temporal dev server is up');
      return { address, uiUrl, namespace, adopted: false, pid: child.pid, stop: () => stopChild(child, exited, pidFile) };
    }
    rmSync(pidFile, { force: true });
    const written = readFileSync(logFile, 'utf8').slice(logStart).split('\n');
    // The first error or panic says why; the last lines where.
    const why = written.filter((line) => /level=ERROR|^panic:|fatal error|address already in use/.test(line)).slice(0, 5);
    const tail = written.slice(-15);
    if (attempt === 1 && (await portIsFree(port))) {
      log.warn({ address, logFile, why }, 'the Temporal dev server exited as it started; starting it once more');
      continue;
    }
    throw new Error(`the Temporal dev server exited before it answered (its log: ${logFile}):\n${[...why, '…', ...tail].join('\n')}`);
  }
}

async function waitUntilAnswering(address: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await answers(address, 2_000)) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`the Temporal dev server did not answer at ${address} within ${Math.round(timeoutMs / 1000)} s`);
}

async function answers(address: string, timeoutMs: number): Promise<boolean> {
  let connection: Connection | undefined;
  try {
    connection = await Connection.connect({ address, connectTimeout: timeoutMs });
    await connection.workflowService.getSystemInfo({});
    return true;
  } catch {
    return false;
  } finally {
    await connection?.close().catch(() => undefined);
  }
}

/** `wanted` if it is free, else a port the system gives (a UI on another port beats no kaiku). */
async function uiPortNear(wanted: number): Promise<number> {
  if (await portIsFree(wanted)) return wanted;
  return new Promise((resolvePromise, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolvePromise(port));
    });
  });
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolvePromise) => {
    const server = createServer();
    server.once('error', () => resolvePromise(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolvePromise(true)));
  });
}

async function stopChild(child: ChildProcess, exited: Promise<number | null>, pidFile: string): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) {
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  }
  rmSync(pidFile, { force: true });
}

async function stopPid(pid: number, pidFile: string): Promise<void> {
  signal(pid, 'SIGTERM');
  for (let waited = 0; waited < 10_000 && isAlive(pid); waited += 100) await new Promise((r) => setTimeout(r, 100));
  if (isAlive(pid)) signal(pid, 'SIGKILL');
  for (let waited = 0; waited < 5_000 && isAlive(pid); waited += 100) await new Promise((r) => setTimeout(r, 100));
  rmSync(pidFile, { force: true });
}

function readPidRecord(pidFile: string): PidRecord | undefined {
  try {
    return JSON.parse(readFileSync(pidFile, 'utf8')) as PidRecord;
  } catch {
    return undefined;
  }
}

/** The pid is alive and is a `temporal server start-dev` on our database file (not a recycled pid). */
function isOurServer(pid: number, dbFile: string): boolean {
  try {
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    return cmdline.includes('start-dev') && cmdline.includes(dbFile);
  } catch {
    return false;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    /* already gone */
  }
}
