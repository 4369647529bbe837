import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import { stringify } from 'yaml';
import { FeedServer } from '../helpers/feed-server.js';
import { entries, rss2 } from '../helpers/feeds.js';
import { connectTemporal, quietLog, testConfig, testConfigInput } from '../helpers/harness.js';
import { createPostgresDatabase, dropPostgresDatabase } from '../helpers/databases.js';
import { KaikuProcess, waitUntil } from '../helpers/kaiku-process.js';
import { startMailSink, type MailSink } from '../helpers/mail.js';
import { advocate, approveItems } from '../helpers/digests.js';
import { openDatabase, type KaikuDatabase } from '../../db/database.js';
import { createStore } from '../../db/store.js';
import { pollScheduleId } from '../../integrations/temporal/schedules.js';
import { digestScheduleId, sendDigests } from '../../workflows/send-digests.js';
import type { Client } from '@temporalio/client';

// A kaiku worker is SIGKILLed in the middle of a 2,000-advocate digest and started again. Every advocate
// ends with exactly one digest: one Message-ID each, the same mail if it had to go again.
//
// SMTP has no two-phase commit (RFC 1047): a message the server accepted in the instant before the kill,
// whose acceptance kaiku never got to record, is ambiguous. kaiku sends those again as the same message,
// same Message-ID and content, which receiving mailboxes collapse; they are at most the messages in
// flight at the kill (digest.concurrency), and the test prints how many there were.

const ADVOCATES = 2000;
const CONCURRENCY = 16;
const ADA = 'ada@testcity.example';
let feeds: FeedServer;
let sink: MailSink;
let dir: string;
let client: Client;
let database: KaikuDatabase;
let databaseUrl: string;
const taskQueue = `digest-crash-${randomBytes(4).toString('hex')}`;
const cleanups: (() => Promise<unknown>)[] = [];

beforeAll(async () => {
  feeds = await FeedServer.start();
  feeds.feed('/news.xml', rss2('News', entries(`${feeds.origin}/news`, 5, 'news'), { language: 'fi' }));
  sink = await startMailSink();
  dir = mkdtempSync(join(tmpdir(), 'kaiku-digest-crash-'));
  const temporal = await connectTemporal();
  client = temporal.client;
  cleanups.push(async () => {
    await temporal.native.close();
    await temporal.connection.close();
  });
  databaseUrl = await createPostgresDatabase();
  database = await openDatabase({ url: databaseUrl });
  cleanups.push(async () => {
    await database.close();
    await dropPostgresDatabase(databaseUrl);
  });
});

afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
  await feeds.close();
  await sink.close();
  rmSync(dir, { recursive: true, force: true });
});

test('every due advocate has exactly one digest after a SIGKILL mid-send and a restart', async () => {
  const configInput = testConfigInput(
    [{ id: 'news', kind: 'feed', url: feeds.url('/news.xml'), pollEvery: '1 hour', allowPrivateAddresses: true, approvers: [ADA] }],
    {
      temporal: { taskQueue, activityHeartbeatTimeout: '2 seconds' },
      fetch: { enrich: false },
      digest: { batchSize: 250, concurrency: CONCURRENCY },
    },
  );
  const configPath = join(dir, 'kaiku.yaml');
  writeFileSync(configPath, stringify(configInput));
  const env = {
    TEMPORAL_ADDRESS: inject('temporalAddress'),
    DATABASE_URL: databaseUrl,
    SMTP_URL: sink.url,
    KAIKU_SECRET: 's'.repeat(40),
    KAIKU_DATA_DIR: join(dir, 'data'),
    LOG_LEVEL: 'info',
  };
  const start = () => {
    const worker = KaikuProcess.start(['worker', '--config', configPath], env);
    cleanups.push(() => worker.stop());
    return worker;
  };
  cleanups.push(() => client.schedule.getHandle(pollScheduleId(taskQueue, 'news')).delete());
  cleanups.push(() => client.schedule.getHandle(digestScheduleId(taskQueue)).delete());

  const first = start();
  await first.waitForOutput(/poll schedules in place/, 90_000);
  const store = createStore(database.db);
  const { config } = await testConfig(configInput);
  const items = await waitUntil('the feed polled and its approvals requested', async () => {
    const pending = await store.items.listByState('pending', 10);
    const trails = await store.approvals.trails(pending.map((i) => i.id));
    return pending.length === 5 && pending.every((i) => trails.get(i.id)?.some((e) => e.kind === 'requested')) ? pending : undefined;
  });
  await approveItems(
    { client, store, config, log: quietLog },
    items.map((i) => i.id),
    ADA,
  );
  await store.advocates.upsert(Array.from({ length: ADVOCATES }, (_, i) => advocate({ email: `advocate${i}@testcity.example` })));

  const handle = await client.workflow.start(sendDigests, {
    taskQueue,
    workflowId: `${taskQueue}:digest-now`,
    args: [{ force: true, batchSize: 250, heartbeatTimeoutMs: 2_000 }],
  });
  const digests = () => sink.messages.filter((m) => m.digest);
  await waitUntil('a quarter of the digests to be sent', async () => digests().length >= ADVOCATES / 4, 120_000);
  await first.kill();
  const atKill = digests().length;
  expect(atKill).toBeLessThan(ADVOCATES);

  const second = start();
  const result = await handle.result();
  await second.stop();

  const byAdvocate = new Map<string, Set<string>>();
  for (const message of digests()) {
    const ids = byAdvocate.get(message.to[0]!) ?? new Set<string>();
    ids.add(message.messageId!);
    byAdvocate.set(message.to[0]!, ids);
  }
  expect(byAdvocate.size).toBe(ADVOCATES);
  expect([...byAdvocate.values()].every((ids) => ids.size === 1)).toBe(true);
  const resent = digests().length - ADVOCATES;
  console.log(
    `digest crash: killed after ${atKill} of ${ADVOCATES}; ${resent} ambiguous message(s) resent with their Message-ID; result ${JSON.stringify(result)}`,
  );
  expect(resent).toBeGreaterThanOrEqual(0);
  expect(resent).toBeLessThanOrEqual(CONCURRENCY);
  const rows = await database.db.selectFrom('digests').select(['advocate_id', 'state']).execute();
  expect(rows).toHaveLength(ADVOCATES);
  expect(rows.every((row) => row.state === 'sent')).toBe(true);
}, 300_000);
