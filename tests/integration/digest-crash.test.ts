import { afterAll, beforeAll, expect, test } from 'vitest';
import { FeedServer } from '../helpers/feed-server.js';
import { entries, rss2 } from '../helpers/feeds.js';
import { quietLog, testConfig, testConfigInput } from '../helpers/harness.js';
import { waitUntil } from '../helpers/kaiku-process.js';
import { startWorkerBed, type WorkerBed } from '../helpers/worker-bed.js';
import { startMailSink, type MailSink } from '../helpers/mail.js';
import { advocate, approveItems } from '../helpers/digests.js';
import { createStore } from '../../db/store.js';
import { sendDigests } from '../../workflows/send-digests.js';

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
let bed: WorkerBed;

beforeAll(async () => {
  feeds = await FeedServer.start();
  feeds.feed('/news.xml', rss2('News', entries(`${feeds.origin}/news`, 5, 'news'), { language: 'fi' }));
  sink = await startMailSink();
  bed = await startWorkerBed('digest-crash');
});

afterAll(async () => {
  await bed?.close();
  await feeds.close();
  await sink.close();
});

test('every due advocate has exactly one digest after a SIGKILL mid-send and a restart', async () => {
  const { client, database, taskQueue } = bed;
  const configInput = testConfigInput(
    [{ id: 'news', kind: 'feed', url: feeds.url('/news.xml'), pollEvery: '1 hour', allowPrivateAddresses: true, approvers: [ADA] }],
    {
      temporal: { taskQueue, activityHeartbeatTimeout: '2 seconds' },
      fetch: { enrich: false },
      digest: { batchSize: 250, concurrency: CONCURRENCY },
    },
  );
  const start = bed.workers(configInput, { SMTP_URL: sink.url });
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
