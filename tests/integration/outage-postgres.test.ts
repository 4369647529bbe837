import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { inject } from 'vitest';
import { sql } from 'kysely';
import { FeedServer } from '../helpers/feed-server.js';
import { entries, rss2 } from '../helpers/feeds.js';
import { quietLog, testConfig, testConfigInput } from '../helpers/harness.js';
import { KaikuProcess, waitUntil } from '../helpers/kaiku-process.js';
import { startWorkerBed, type WorkerBed } from '../helpers/worker-bed.js';
import { startMailSink, type MailSink } from '../helpers/mail.js';
import { advocate, approveItems } from '../helpers/digests.js';
import { startTestPostgres, createDatabaseOn, type TestPostgres } from '../setup/postgres.js';
import { openDatabase } from '../../db/database.js';
import { createStore } from '../../db/store.js';

// The real PostgreSQL server restarts (`pg_ctl -m fast`: every connection terminated with 57P01) under
// two `kaiku worker` processes, once in the middle of a poll and once in the middle of a digest run.
// Neither worker dies; the poll and the digest complete once the server is back. This test has a
// PostgreSQL cluster of its own: the run's shared one is never stopped.

const ADA = 'ada@testcity.example';
const ITEMS = 30;
const ADVOCATES = 600;
let postgres: TestPostgres;
let feeds: FeedServer;
let sink: MailSink;
let bed: WorkerBed;
const HELD = 'advocate300@testcity.example';

beforeAll(async () => {
  postgres = await startTestPostgres();
  feeds = await FeedServer.start();
  sink = await startMailSink({ hold: [HELD] });
  bed = await startWorkerBed('pg-outage', { postgresUrl: postgres.url });
}, 120_000);

afterAll(async () => {
  await postgres?.startServer();
  await bed?.close();
  await feeds?.close();
  await sink?.close();
  await postgres?.stop();
});

/** Stops PostgreSQL, runs `whileDown`, waits until `downMs` have passed, and starts it again; returns the time it was down. */
async function restartPostgres(downMs: number, whileDown: () => Promise<void> = async () => undefined): Promise<number> {
  const stopped = Date.now();
  await postgres.stopServer();
  await whileDown();
  await new Promise((r) => setTimeout(r, Math.max(0, downMs - (Date.now() - stopped))));
  await postgres.startServer();
  return Date.now() - stopped;
}

const alive = (worker: KaikuProcess) => worker.child.exitCode === null && worker.child.signalCode === null;
const heardLostConnection = (worker: KaikuProcess) => worker.output.some((line) => line.includes('lost a database connection'));

test('a transaction whose connection the server terminates fails that transaction, not the process; the next query reconnects', async () => {
  const url = await createDatabaseOn(postgres.url, 'kaiku_lost');
  const lost: Error[] = [];
  const database = await openDatabase({ url, onConnectionError: (error) => lost.push(error) });
  try {
    let inTransaction!: () => void;
    const holding = new Promise<void>((resolve) => (inTransaction = resolve));
    let restarted!: () => void;
    const serverBack = new Promise<void>((resolve) => (restarted = resolve));
    // The client is checked out and idle in its transaction when the server goes: the very case that crashed a worker.
    const transaction = database.db.transaction().execute(async (tx) => {
      await sql`select 1`.execute(tx);
      inTransaction();
      await serverBack;
      await sql`select 1`.execute(tx);
    });
    const failed = expect(transaction).rejects.toThrow();
    await holding;
    await restartPostgres(1_000, async () => {
      await waitUntil('the checked-out client to hear the termination', async () => lost.length > 0);
    });
    restarted();
    await failed;
    expect(lost.some((error) => (error as { code?: string }).code === '57P01' || /terminating connection/.test(error.message))).toBe(true);
    const after = await sql<{ n: number }>`select 1 as n`.execute(database.db);
    expect(after.rows).toEqual([{ n: 1 }]);
  } finally {
    await database.close();
  }
}, 60_000);

test('two workers outlive a PostgreSQL restart during a poll and during a digest run; both complete', async () => {
  let releaseFeed!: () => void;
  const feedHeld = new Promise<void>((resolve) => (releaseFeed = resolve));
  const body = rss2('News', entries(`${feeds.origin}/news`, ITEMS, 'news'), { language: 'fi' });
  feeds.route('/news.xml', async (_req, res) => {
    await feedHeld;
    res.writeHead(200, { 'content-type': 'application/rss+xml' });
    res.end(body);
  });
  const configInput = testConfigInput(
    [{ id: 'news', kind: 'feed', url: feeds.url('/news.xml'), pollEvery: '1 hour', allowPrivateAddresses: true, approvers: [ADA] }],
    { temporal: { activityHeartbeatTimeout: '5 seconds' }, fetch: { enrich: false }, digest: { batchSize: 100 } },
  );
  const start = bed.workers(configInput, { SMTP_URL: sink.url });
  const workers = [start(), start()];
  await Promise.all(workers.map((worker) => worker.waitForOutput(/poll schedules in place/)));
  const store = createStore(bed.database.db);

  // 1. During a poll: the feed is being fetched when the server goes; the items arrive while it is down.
  await waitUntil('the poll to reach the feed', async () => feeds.hits('/news.xml') >= 1);
  const pollDown = await restartPostgres(5_000, async () => releaseFeed());
  const pollStarted = Date.now();
  const stored = await waitUntil(`all ${ITEMS} items stored once the server is back`, async () => {
    const rows = await sql<{ n: number }>`select count(*)::int as n from items`.execute(bed.database.db);
    return rows.rows[0]!.n === ITEMS ? ITEMS : undefined;
  });
  const pollRecovered = Date.now() - pollStarted;
  expect(stored).toBe(ITEMS);
  expect(workers.every(alive)).toBe(true);
  expect(workers.some(heardLostConnection)).toBe(true);

  // 2. During a digest run: one advocate's message is held at RCPT TO, so a batch is mid-send when the server goes.
  const items = await waitUntil('every approval requested', async () => {
    const pending = await store.items.listByState('pending', 100);
    const trails = await store.approvals.trails(pending.map((i) => i.id));
    return pending.length === ITEMS && pending.every((i) => trails.get(i.id)?.some((e) => e.kind === 'requested')) ? pending : undefined;
  });
  const { config } = await testConfig({ ...configInput, temporal: { taskQueue: bed.taskQueue } });
  await approveItems(
    { client: bed.client, store, config, log: quietLog },
    items.map((i) => i.id),
    ADA,
  );
  await store.advocates.upsert(Array.from({ length: ADVOCATES }, (_, i) => advocate({ email: `advocate${i}@testcity.example` })));
  const send = KaikuProcess.start(['digest', 'send', '--now', '--config', join(bed.dir, 'kaiku.yaml')], {
    TEMPORAL_ADDRESS: inject('temporalAddress'),
    KAIKU_DATA_DIR: join(bed.dir, 'data'),
  });
  await waitUntil('a digest batch to be held mid-send', async () => sink.held.length > 0);
  const atStop = sink.messages.filter((m) => m.digest).length;
  const digestDown = await restartPostgres(5_000, async () => sink.release());
  const digestStarted = Date.now();
  const finished = await send.exited;
  const digestRecovered = Date.now() - digestStarted;
  expect(finished, send.output.join('\n')).toEqual({ code: 0, signal: null });
  expect(send.output.join('\n')).toMatch(/Digests: \d+ sent/);

  const byAdvocate = new Map<string, Set<string>>();
  for (const message of sink.messages.filter((m) => m.digest)) {
    const ids = byAdvocate.get(message.to[0]!) ?? new Set<string>();
    ids.add(message.messageId!);
    byAdvocate.set(message.to[0]!, ids);
  }
  expect(byAdvocate.size).toBe(ADVOCATES);
  // one digest per advocate: a message sent again after the outage is the same message (same Message-ID)
  expect([...byAdvocate.values()].every((ids) => ids.size === 1)).toBe(true);
  const rows = await bed.database.db.selectFrom('digests').select('state').execute();
  expect(rows.filter((row) => row.state === 'sent')).toHaveLength(ADVOCATES);
  expect(workers.every(alive)).toBe(true);
  const deliveries = sink.messages.filter((m) => m.digest).length;
  console.log(
    `PostgreSQL restart during a poll: down ${pollDown} ms, all ${ITEMS} items stored ${pollRecovered} ms after it was back. ` +
      `During a digest run (${atStop} of ${ADVOCATES} delivered at the stop): down ${digestDown} ms, the run finished ${digestRecovered} ms after; ` +
      `${deliveries} deliveries for ${ADVOCATES} advocates (${deliveries - ADVOCATES} sent again with their Message-ID); both workers running.`,
  );
}, 420_000);
