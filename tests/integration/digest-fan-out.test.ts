import { expect, onTestFinished, test } from 'vitest';
import { FeedServer } from '../helpers/feed-server.js';
import { entries, rss2 } from '../helpers/feeds.js';
import { quietLog, testConfig, testConfigInput } from '../helpers/harness.js';
import { waitUntil } from '../helpers/kaiku-process.js';
import { startWorkerBed } from '../helpers/worker-bed.js';
import { startMailSink, type MailSink } from '../helpers/mail.js';
import { advocate, approveItems } from '../helpers/digests.js';
import { createStore } from '../../db/store.js';
import { sendDigests } from '../../workflows/send-digests.js';

// Two `kaiku worker` processes on one task queue share the batches of one digest run, within the relay's
// limits for both together: 400 advocates in 20 batches, 4 connections, 40 messages a second.

const ADVOCATES = 400;
const BATCH = 20;
const CONNECTIONS = 4;
const PER_SECOND = 40;
const ADA = 'ada@testcity.example';

/** The most digest transactions (MAIL FROM to the end of DATA) the sink had open at once. */
function mostAtOnce(messages: MailSink['messages']): number {
  const edges = messages.flatMap((m) => [
    { at: m.startedAt, step: 1 },
    { at: m.receivedAt, step: -1 },
  ]);
  edges.sort((a, b) => a.at - b.at || a.step - b.step);
  let open = 0;
  let most = 0;
  for (const edge of edges) most = Math.max(most, (open += edge.step));
  return most;
}

/** The most digests the sink took within any one second. */
function mostInASecond(messages: MailSink['messages']): number {
  const times = messages.map((m) => m.receivedAt).sort((a, b) => a - b);
  let most = 0;
  for (let first = 0, last = 0; first < times.length; first++) {
    while (last < times.length && times[last]! < times[first]! + 1000) last++;
    most = Math.max(most, last - first);
  }
  return most;
}

test('two workers send the batches of one run: every advocate one digest, never more connections or messages a second than the relay allows', async () => {
  const feeds = await FeedServer.start();
  onTestFinished(() => feeds.close());
  feeds.feed('/news.xml', rss2('News', entries(`${feeds.origin}/news`, 3, 'news'), { language: 'fi' }));
  const sink = await startMailSink();
  onTestFinished(() => sink.close());
  const bed = await startWorkerBed('digest-fan-out');
  onTestFinished(() => bed.close());
  const configInput = testConfigInput(
    [{ id: 'news', kind: 'feed', url: feeds.url('/news.xml'), pollEvery: '1 hour', allowPrivateAddresses: true, approvers: [ADA] }],
    {
      temporal: { taskQueue: bed.taskQueue, activityHeartbeatTimeout: '5 seconds' },
      fetch: { enrich: false },
      digest: { batchSize: BATCH, concurrency: 2 * CONNECTIONS, relay: { connections: CONNECTIONS, messagesPerSecond: PER_SECOND } },
    },
  );
  const start = bed.workers(configInput, { SMTP_URL: sink.url });
  const workers = [start(), start()];
  await Promise.all(workers.map((w) => w.waitForOutput(/poll schedules in place/)));
  await waitUntil('both workers polling for activities', async () => {
    const described = await bed.client.workflowService.describeTaskQueue({ namespace: 'default', taskQueue: { name: bed.taskQueue }, taskQueueType: 2 });
    return new Set((described.pollers ?? []).map((p) => p.identity)).size === 2;
  });
  const store = createStore(bed.database.db);
  const { config } = await testConfig(configInput);
  const items = await waitUntil('the feed polled and its approvals requested', async () => {
    const pending = await store.items.listByState('pending', 10);
    const trails = await store.approvals.trails(pending.map((i) => i.id));
    return pending.length === 3 && pending.every((i) => trails.get(i.id)?.some((e) => e.kind === 'requested')) ? pending : undefined;
  });
  await approveItems(
    { client: bed.client, store, config, log: quietLog },
    items.map((i) => i.id),
    ADA,
  );
  await store.advocates.upsert(Array.from({ length: ADVOCATES }, (_, i) => advocate({ email: `advocate${i}@testcity.example` })));

  const result = await bed.client.workflow.execute(sendDigests, {
    taskQueue: bed.taskQueue,
    workflowId: `${bed.taskQueue}:digest-now`,
    args: [{ force: true, batchSize: BATCH, heartbeatTimeoutMs: 5_000 }],
  });
  expect(result).toMatchObject({ planned: ADVOCATES, sent: ADVOCATES, batches: ADVOCATES / BATCH });
  // a few activities per batch, never one per advocate
  expect(result.activities).toBeLessThanOrEqual(ADVOCATES / BATCH + 3);

  const digests = sink.messages.filter((m) => m.digest);
  const recipients = digests.map((m) => m.to[0]!);
  expect(recipients).toHaveLength(ADVOCATES);
  expect(new Set(recipients).size).toBe(ADVOCATES);
  const batches = await bed.database.db.selectFrom('digest_batches').select(['batch', 'worker']).execute();
  expect(batches).toHaveLength(ADVOCATES / BATCH);
  const byWorker = new Map<string, number>();
  for (const batch of batches) byWorker.set(batch.worker!, (byWorker.get(batch.worker!) ?? 0) + 1);
  expect(byWorker.size).toBe(2);

  // One connection per batch running: both workers together never open more than the relay allows, and they use them.
  const atOnce = mostAtOnce(digests);
  expect(atOnce).toBeLessThanOrEqual(CONNECTIONS);
  expect(atOnce).toBeGreaterThan(1);
  // Each connection starts a message at most every 1/(40/4) s; a second holds that many starts per connection,
  // one more at its edge and the one that was on the wire when it began.
  const inASecond = mostInASecond(digests);
  expect(inASecond).toBeLessThanOrEqual(PER_SECOND + 2 * CONNECTIONS);
  const seconds = (Math.max(...digests.map((m) => m.receivedAt)) - Math.min(...digests.map((m) => m.startedAt))) / 1000;
  console.log(
    `digest fan-out: batches per worker ${[...byWorker.values()].join(' + ')}; at most ${atOnce} transactions at once, ${inASecond} messages in a second; ${ADVOCATES} in ${seconds.toFixed(1)} s`,
  );
}, 300_000);
