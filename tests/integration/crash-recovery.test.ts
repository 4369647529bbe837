import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { inject } from 'vitest';
import { stringify } from 'yaml';
import { sql } from 'kysely';
import { FeedServer } from '../helpers/feed-server.js';
import { entries, rss2 } from '../helpers/feeds.js';
import { connectTemporal, testConfigInput } from '../helpers/harness.js';
import { createPostgresDatabase, dropPostgresDatabase } from '../helpers/databases.js';
import { KaikuProcess, waitUntil } from '../helpers/kaiku-process.js';
import { openDatabase, type KaikuDatabase } from '../../db/database.js';
import { pollScheduleId } from '../../integrations/temporal/schedules.js';
import type { Client } from '@temporalio/client';
import { startMailSink, type MailSink } from '../helpers/mail.js';

// A kaiku worker process is SIGKILLed in the middle of a poll and started again:
// no item is lost, none is stored or sent for approval twice, and no approval email goes out twice.
describe('a worker killed during a poll', () => {
  let feeds: FeedServer;
  let dir: string;
  let client: Client;
  let closeTemporal: () => Promise<void>;
  let sink: MailSink;
  const cleanups: (() => Promise<unknown>)[] = [];

  beforeAll(async () => {
    feeds = await FeedServer.start();
    sink = await startMailSink();
    dir = mkdtempSync(join(tmpdir(), 'kaiku-crash-'));
    const temporal = await connectTemporal();
    client = temporal.client;
    closeTemporal = async () => {
      await temporal.native.close();
      await temporal.connection.close();
    };
  });

  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
    await closeTemporal();
    await feeds.close();
    await sink.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function setUp(name: string, feedPath: string) {
    const taskQueue = `crash-${name}-${randomBytes(4).toString('hex')}`;
    const databaseUrl = await createPostgresDatabase();
    const configPath = join(dir, `${name}.yaml`);
    writeFileSync(
      configPath,
      stringify(
        testConfigInput([{ id: name, kind: 'feed', url: feeds.url(feedPath), pollEvery: '1 hour', allowPrivateAddresses: true }], {
          temporal: { taskQueue, activityHeartbeatTimeout: '2 seconds' },
          fetch: { timeout: '1 minute' },
        }),
      ),
    );
    const env = {
      TEMPORAL_ADDRESS: inject('temporalAddress'),
      DATABASE_URL: databaseUrl,
      SMTP_URL: sink.url,
      KAIKU_SECRET: 's'.repeat(40),
      KAIKU_DATA_DIR: join(dir, `${name}-data`),
      LOG_LEVEL: 'info',
    };
    const database = await openDatabase({ url: databaseUrl });
    cleanups.push(async () => {
      await client.schedule.getHandle(pollScheduleId(taskQueue, name)).delete();
      await database.close();
      await dropPostgresDatabase(databaseUrl);
    });
    const start = () => {
      const worker = KaikuProcess.start(['worker', '--config', configPath], env);
      cleanups.push(() => worker.stop());
      return worker;
    };
    return { start, database, taskQueue };
  }

  async function expectExactlyOnce(database: KaikuDatabase, taskQueue: string, expected: number) {
    const items = await waitUntil(`all ${expected} items stored and sent for approval`, async () => {
      const rows = await sql<{ id: string; approval_started_at: Date | null }>`select id, approval_started_at from items`.execute(database.db);
      return rows.rows.length === expected && rows.rows.every((r) => r.approval_started_at) ? rows.rows : undefined;
    });
    const links = await sql<{ n: string }>`select count(*)::text as n from item_sources`.execute(database.db);
    expect(Number(links.rows[0]!.n)).toBe(expected);
    for (const item of items) expect((await client.workflow.getHandle(item.id).describe()).status.name, item.id).toBe('RUNNING');
    // one run per item, ever: a second start is reused or refused, never a new run
    const runs = await waitUntil('every approval run to be visible', async () => {
      const ids: string[] = [];
      for await (const run of client.workflow.list({ query: `WorkflowType = "approveItem" AND TaskQueue = "${taskQueue}"` })) ids.push(run.workflowId);
      return ids.length >= expected ? ids : undefined;
    });
    expect(runs.length).toBe(expected);
    expect(new Set(runs)).toEqual(new Set(items.map((item) => item.id)));
    // Each item's approval request went to each of the two admins exactly once (idempotency key item × approver × kind).
    const ids = new Set(items.map((item) => item.id));
    const requests = await waitUntil('an approval request per item and admin', async () => {
      const mine = sink.messages.filter((m) => m.item && ids.has(m.item) && m.subject?.startsWith('Approve?'));
      return mine.length >= expected * 2 ? mine : undefined;
    });
    await new Promise((r) => setTimeout(r, 1000));
    const sent = sink.messages.filter((m) => m.item && ids.has(m.item) && m.subject?.startsWith('Approve?'));
    expect(sent.length).toBe(requests.length);
    const perPair = new Map<string, number>();
    for (const message of sent) for (const to of message.to) perPair.set(`${message.item}:${to}`, (perPair.get(`${message.item}:${to}`) ?? 0) + 1);
    expect(perPair.size).toBe(expected * 2);
    expect([...perPair.values()].every((count) => count === 1)).toBe(true);
  }

  test('while the feed is being fetched: the restarted worker takes the poll over and stores every item once', async () => {
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const body = rss2('Held', entries(`${feeds.origin}/held`, 50, 'held'));
    feeds.route('/held.xml', async (_req, res) => {
      await released;
      res.writeHead(200, { 'content-type': 'application/rss+xml' });
      res.end(body);
    });
    const { start, database, taskQueue } = await setUp('held', '/held.xml');

    const first = start();
    await waitUntil('the poll to reach the feed', async () => feeds.hits('/held.xml') >= 1);
    await first.kill();
    expect(await database.db.selectFrom('items').select('id').execute()).toEqual([]);

    release();
    const second = start();
    await second.waitForOutput(/poll schedules in place/);
    await expectExactlyOnce(database, taskQueue, 50);
    await second.stop();
  }, 150_000);

  test('while items are being stored and their approval workflows started: none lost, none twice', async () => {
    feeds.feed('/burst.xml', rss2('Burst', entries(`${feeds.origin}/burst`, 150, 'burst')));
    const { start, database, taskQueue } = await setUp('burst', '/burst.xml');

    const first = start();
    // kill as soon as the first items are committed, while approval workflows are being started
    await waitUntil('the first items to be stored', async () => (await database.db.selectFrom('items').select('id').limit(1).execute()).length > 0);
    await first.kill();

    const second = start();
    await expectExactlyOnce(database, taskQueue, 150);
    await second.stop();
  }, 150_000);
});
