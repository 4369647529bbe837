import { join } from 'node:path';
import { expect, inject, onTestFinished, test } from 'vitest';
import { FeedServer } from '../helpers/feed-server.js';
import { entries, rss2 } from '../helpers/feeds.js';
import { quietLog, testConfig, testConfigInput } from '../helpers/harness.js';
import { KaikuProcess, waitUntil } from '../helpers/kaiku-process.js';
import { startWorkerBed, type WorkerBed } from '../helpers/worker-bed.js';
import { startMailSink, type MailSink, type MailSinkOptions } from '../helpers/mail.js';
import { advocate, approveItems } from '../helpers/digests.js';
import { createStore, type Store } from '../../db/store.js';
import { MESSAGES_PER_CONNECTION } from '../../integrations/email/mailer.js';
import { sendDigests } from '../../workflows/send-digests.js';

// A kaiku worker is SIGKILLed in the middle of a 600-advocate digest, two batches of 300 sending at once
// over a connection each, and another worker finishes the run. The kill is placed, not raced: the test
// SMTP server freezes each batch's connection at a chosen point and the kill comes while both are frozen.
//
// SMTP has no two-phase commit (RFC 1047): a message the relay has taken whose acceptance the sender never
// heard of is ambiguous, and is sent again as the same message (same Message-ID and content), which
// mailboxes collapse. Every message whose acceptance kaiku heard of is recorded at once, so the resent
// are exactly the messages in that ambiguous moment at the kill: none when killed between transactions.

const ADVOCATES = 600;
const BATCH = 300;
const ADA = 'ada@testcity.example';
const email = (i: number) => `advocate${i}@testcity.example`;

interface CrashBed {
  bed: WorkerBed;
  sink: MailSink;
  store: Store;
  configPath: string;
  /** The worker that polled and approved, about to be killed. */
  first: KaikuProcess;
  /** Another `kaiku worker` on the same queue and store. */
  another(): KaikuProcess;
  /** Digest deliveries per advocate: every Message-ID it received, once per delivery. */
  deliveries(): Map<string, string[]>;
  /** Digests recorded as sent in the store. */
  recordedSent(): Promise<number>;
}

/** Two batches of 300 at once (two relay connections, two messages in flight on each), five approved items, 600 advocates. */
async function crashBed(name: string, sinkOptions: MailSinkOptions): Promise<CrashBed> {
  const feeds = await FeedServer.start();
  onTestFinished(() => feeds.close());
  feeds.feed('/news.xml', rss2('News', entries(`${feeds.origin}/news`, 5, 'news'), { language: 'fi' }));
  const sink = await startMailSink(sinkOptions);
  onTestFinished(() => sink.close());
  const bed = await startWorkerBed(name);
  onTestFinished(() => bed.close());
  const configInput = testConfigInput(
    [{ id: 'news', kind: 'feed', url: feeds.url('/news.xml'), pollEvery: '1 hour', allowPrivateAddresses: true, approvers: [ADA] }],
    {
      temporal: { taskQueue: bed.taskQueue, activityHeartbeatTimeout: '2 seconds' },
      fetch: { enrich: false },
      digest: { batchSize: BATCH, concurrency: 4, relay: { connections: 2 } },
    },
  );
  const start = bed.workers(configInput, { SMTP_URL: sink.url });
  const first = start();
  await first.waitForOutput(/poll schedules in place/);
  const store = createStore(bed.database.db);
  const { config } = await testConfig(configInput);
  const items = await waitUntil('the feed polled and its approvals requested', async () => {
    const pending = await store.items.listByState('pending', 10);
    const trails = await store.approvals.trails(pending.map((i) => i.id));
    return pending.length === 5 && pending.every((i) => trails.get(i.id)?.some((e) => e.kind === 'requested')) ? pending : undefined;
  });
  await approveItems(
    { client: bed.client, store, config, log: quietLog },
    items.map((i) => i.id),
    ADA,
  );
  // The approvers' confirmations are out before the digest starts: from here on, the sink's connections are the digest's.
  await waitUntil('every approval confirmed by mail', async () => {
    const trails = await store.approvals.trails(items.map((i) => i.id));
    return items.every((i) => trails.get(i.id)?.some((e) => e.kind === 'confirmed'));
  });
  await store.advocates.upsert(Array.from({ length: ADVOCATES }, (_, i) => advocate({ email: email(i) })));
  return {
    bed,
    sink,
    store,
    configPath: join(bed.dir, 'kaiku.yaml'),
    first,
    another: start,
    deliveries() {
      const byAdvocate = new Map<string, string[]>();
      for (const message of sink.messages.filter((m) => m.digest))
        byAdvocate.set(message.to[0]!, [...(byAdvocate.get(message.to[0]!) ?? []), message.messageId!]);
      return byAdvocate;
    },
    async recordedSent() {
      const row = await bed.database.db
        .selectFrom('digests')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('state', '=', 'sent')
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },
  };
}

/** Every advocate one Message-ID; the advocates who received their digest more than once. */
function duplicatesIn(deliveries: Map<string, string[]>): string[] {
  expect(deliveries.size).toBe(ADVOCATES);
  for (const [to, ids] of deliveries) expect(new Set(ids).size, `${to} got different digests`).toBe(1);
  return [...deliveries].filter(([, ids]) => ids.length > 1).map(([to]) => to);
}

test('killed inside SMTP transactions: the message held at RCPT goes once, the one taken but unanswered goes twice as the same mail, nothing else again', async () => {
  // Batch 0 freezes at its 51st message, held at RCPT; batch 1 at its 51st, taken by the relay and left unanswered.
  const atRcpt = email(50);
  const afterData = email(BATCH + 50);
  const { bed, sink, store, first, another, deliveries, recordedSent } = await crashBed('digest-crash-inside', { hold: [atRcpt], holdAfterData: [afterData] });
  const handle = await bed.client.workflow.start(sendDigests, {
    taskQueue: bed.taskQueue,
    workflowId: `${bed.taskQueue}:digest-now`,
    args: [{ force: true, batchSize: BATCH, heartbeatTimeoutMs: 2_000 }],
  });
  await waitUntil('both batches frozen mid-transaction', async () => sink.held.includes(atRcpt) && sink.heldAfterData.includes(afterData));
  const runs = await store.digests.runs(1);
  const batches = await bed.database.db
    .selectFrom('digests')
    .innerJoin('advocates', 'advocates.id', 'digests.advocate_id')
    .select(['email', 'batch'])
    .execute();
  const batchOf = new Map(batches.map((b) => [b.email, b.batch]));
  expect([batchOf.get(atRcpt), batchOf.get(afterData), runs[0]!.batches]).toEqual([0, 1, 2]);
  // Every message the relay answered is recorded before the next one on its connection is answered.
  const answered = sink.messages.filter((m) => m.digest).length - sink.heldAfterData.length;
  expect(answered).toBe(100);
  await waitUntil('every answered message recorded', async () => (await recordedSent()) === answered);

  await first.kill();
  const inFlight = sink.held.length + sink.heldAfterData.length;
  expect(inFlight).toBe(2);
  expect(await recordedSent()).toBe(answered);
  sink.release();
  const second = another();
  const result = await handle.result();
  await second.stop();

  const duplicates = duplicatesIn(deliveries());
  expect(duplicates).toEqual([afterData]);
  expect(duplicates.length).toBeLessThanOrEqual(inFlight);
  expect(deliveries().get(atRcpt)).toHaveLength(1);
  expect(result).toMatchObject({ planned: ADVOCATES, sent: ADVOCATES, empty: 0, bounced: 0, batches: 2 });
  const rows = await bed.database.db.selectFrom('digests').select('state').execute();
  expect(rows.map((r) => r.state)).toEqual(Array(ADVOCATES).fill('sent'));
  console.log(
    `digest crash inside transactions: ${answered} recorded at the kill, ${inFlight} in flight, ${duplicates.length} resent twice: ${duplicates.join(', ')}`,
  );
}, 300_000);

test('killed between SMTP transactions: nothing is sent twice, and the CLI counts every delivery', async () => {
  const { bed, sink, first, another, deliveries, recordedSent, configPath } = await crashBed('digest-crash-between', {});
  // Each batch's connection takes 100 messages and closes; the greeting of the next one is held, so both
  // batches freeze after their 100th message with no transaction open.
  sink.holdNewConnections(2);
  const cli = KaikuProcess.start(['digest', 'send', '--now', '--config', configPath], {
    TEMPORAL_ADDRESS: inject('temporalAddress'),
    KAIKU_SECRET: 's'.repeat(40),
    KAIKU_DATA_DIR: join(bed.dir, 'cli-data'),
  });
  onTestFinished(async () => void (await cli.stop()));
  await waitUntil('both batches between transactions', async () => sink.heldGreetings === 2);
  const answered = sink.messages.filter((m) => m.digest).length;
  expect(answered).toBe(2 * MESSAGES_PER_CONNECTION);
  await waitUntil('every answered message recorded', async () => (await recordedSent()) === answered);

  await first.kill();
  expect(sink.held.length + sink.heldAfterData.length).toBe(0);
  sink.release();
  const second = another();
  expect(await cli.exited).toEqual({ code: 0, signal: null });
  await second.stop();

  expect(duplicatesIn(deliveries())).toEqual([]);
  expect(sink.messages.filter((m) => m.digest)).toHaveLength(ADVOCATES);
  expect(cli.output.join('\n')).toMatch(
    new RegExp(`Digests: ${ADVOCATES} sent, 0 with nothing relevant \\(no mail\\), 0 refused by the mail server, 0 deferred; ${ADVOCATES} newly due`),
  );
  console.log(`digest crash between transactions: ${answered} recorded at the kill, none in flight, none resent`);
}, 300_000);
