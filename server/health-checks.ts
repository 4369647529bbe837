import { connect } from 'node:net';
import { sql } from 'kysely';
import type { Client } from '@temporalio/client';
import type { KaikuDatabase } from '../db/database.js';
import type { Store } from '../db/store.js';
import type { KaikuConfig } from '../config/schema.js';
import type { Mailer } from '../integrations/email/mailer.js';

/** Each check's own limit: they run side by side, so the whole answer comes in well under a second. */
export const CHECK_TIMEOUT_MS = 600;
/** A worker's long poll lasts about a minute; one not seen for two has stopped polling. */
const POLLER_FRESH_MS = 2 * 60_000;
/** A page's banner reuses results this young; /healthz always runs a fresh round (sharing one already running). */
const CACHE_MS = 1_000;

export type CheckResult = { ok: true; detail?: string } | { ok: false; detail: string };

export interface HealthReport {
  /** `ok` when every dependency answers; `degraded` names which did not. */
  status: 'ok' | 'degraded';
  checks: {
    database: CheckResult;
    temporal?: CheckResult;
    /** At least one worker polled the task queue lately (Temporal's DescribeTaskQueue pollers). */
    workers?: CheckResult & { pollers?: number };
    smtp?: CheckResult;
  };
  /** Sources whose last poll failed: shown, but not a reason for 503 (the others go on). */
  sources: { unhealthy: number; total: number } | { unknown: string };
  checkedAt: string;
}

export interface HealthDeps {
  database: KaikuDatabase;
  store: Store;
  config: KaikuConfig;
  client?: Client | undefined;
  mailer?: Mailer | undefined;
}

/**
 * The truth about kaiku's dependencies, each check bounded by `CHECK_TIMEOUT_MS`, for `/healthz`,
 * `/readyz` and the admin page's banner.
 */
export function createHealthChecks(deps: HealthDeps) {
  let last: { at: number; running: boolean; report: Promise<HealthReport> } | undefined;
  let settled: HealthReport | undefined;

  async function run(): Promise<HealthReport> {
    const [database, temporal, workers, smtp, sources] = await Promise.all([
      bounded(async () => void (await sql`select 1`.execute(deps.database.db))),
      deps.client ? bounded(() => temporalAnswers(deps.client!)) : undefined,
      deps.client ? pollers(deps.client, deps.config) : undefined,
      deps.mailer ? bounded(() => smtpGreets(deps.mailer!.describe)) : undefined,
      withTimeout(deps.store.sources.list(), CHECK_TIMEOUT_MS).then(
        (rows) => ({ unhealthy: rows.filter((row) => row.active && row.health === 'unhealthy').length, total: rows.filter((row) => row.active).length }),
        (error: unknown) => ({ unknown: reason(error) }),
      ),
    ]);
    const checks: HealthReport['checks'] = { database };
    if (temporal) checks.temporal = temporal;
    if (workers) checks.workers = workers;
    if (smtp) checks.smtp = smtp;
    const ok = Object.values(checks).every((check) => check.ok);
    return { status: ok ? 'ok' : 'degraded', checks, sources, checkedAt: new Date().toISOString() };
  }

  return {
    /** The latest report, at most `CACHE_MS` old (`fresh`: started now or still running); concurrent callers share one round. */
    report(options: { fresh?: boolean } = {}): Promise<HealthReport> {
      if (!last || (options.fresh && !last.running) || Date.now() - last.at > CACHE_MS) {
        const round = { at: Date.now(), running: true, report: run() };
        void round.report.then((done) => {
          round.running = false;
          settled = done;
        });
        last = round;
      }
      return last.report;
    },
    /** The last finished report, for a page's banner (call `report()` first to refresh it). */
    latest: (): HealthReport | undefined => settled,
  };
}

export type HealthChecks = ReturnType<typeof createHealthChecks>;

async function temporalAnswers(client: Client): Promise<void> {
  await client.withDeadline(Date.now() + CHECK_TIMEOUT_MS, () => client.workflowService.getSystemInfo({}));
}

async function pollers(client: Client, config: KaikuConfig): Promise<CheckResult & { pollers?: number }> {
  const result = await bounded(async () => {
    const described = await client.withDeadline(Date.now() + CHECK_TIMEOUT_MS, () =>
      client.workflowService.describeTaskQueue({ namespace: client.options.namespace, taskQueue: { name: config.temporal.taskQueue }, taskQueueType: 1 }),
    );
    const now = Date.now();
    return (described.pollers ?? []).filter((poller) => {
      const seconds = Number(poller.lastAccessTime?.seconds ?? 0);
      return now - seconds * 1000 < POLLER_FRESH_MS;
    }).length;
  });
  if (!result.ok) return result;
  const count = result.value;
  return count > 0
    ? { ok: true, pollers: count }
    : { ok: false, pollers: 0, detail: `no kaiku worker is polling task queue "${config.temporal.taskQueue}": start \`kaiku worker\`` };
}

/** Opens a connection to the SMTP server and waits for its 220 greeting; sends nothing. */
function smtpGreets(describe: string): Promise<void> {
  const url = new URL(describe);
  const port = Number(url.port || (url.protocol === 'smtps:' ? 465 : 587));
  return new Promise((resolve, reject) => {
    const socket = connect({ host: url.hostname.replace(/^\[|\]$/g, ''), port });
    const done = (error?: Error) => {
      socket.destroy();
      if (error) reject(error);
      else resolve();
    };
    socket.setTimeout(CHECK_TIMEOUT_MS, () => done(new Error(`no answer from ${describe}`)));
    socket.once('error', done);
    // smtps:// greets inside TLS: a connection accepted is as far as a check without a handshake goes.
    if (url.protocol === 'smtps:') socket.once('connect', () => done());
    else
      socket.once('data', (chunk: Buffer) =>
        done(chunk.toString().startsWith('220') ? undefined : new Error(`${describe} greeted with ${chunk.toString().slice(0, 40)}`)),
      );
  });
}

async function bounded<T>(check: () => Promise<T>): Promise<({ ok: true; value: T } & CheckResult) | { ok: false; detail: string }> {
  try {
    return { ok: true, value: await withTimeout(check(), CHECK_TIMEOUT_MS) };
  } catch (error) {
    return { ok: false, detail: `unavailable: ${reason(error)}` };
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms)));
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function reason(error: unknown): string {
  return String((error as Error)?.message ?? error).split('\n')[0]!;
}
