import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { FeedServer } from '../helpers/feed-server.js';
import { entries, rss2 } from '../helpers/feeds.js';
import { quietLog, testConfig, testConfigInput } from '../helpers/harness.js';
import { waitUntil } from '../helpers/kaiku-process.js';
import { startWorkerBed, type WorkerBed } from '../helpers/worker-bed.js';
import { startMailSink, type MailSink } from '../helpers/mail.js';
import { advocate, approveItems } from '../helpers/digests.js';
import { createStore } from '../../db/store.js';
import { urgentSend, urgentSendWorkflowId } from '../../workflows/urgent-send.js';

// A `kaiku worker` process is SIGKILLed in the middle of an urgent send: one advocate's mail is in flight (the mail
// server has not answered its RCPT TO). A new worker finishes the send: every advocate of the segment has exactly
// one urgent mail, one Message-ID, and the send's record counts each of them once.

const ADA = 'ada@testcity.example';
const ADVOCATES = 6;
const email = (i: number) => `advocate${i}@testcity.example`;
let feeds: FeedServer;
let sink: MailSink;
let bed: WorkerBed;

beforeAll(async () => {
  bed = await startWorkerBed('urgent-crash');
  feeds = await FeedServer.start();
  feeds.feed('/news.xml', rss2('News', entries(`${feeds.origin}/news`, 1, 'news'), { language: 'fi' }));
});

afterAll(async () => {
  await bed?.close();
  await sink?.close();
  await feeds?.close();
});

test('an urgent send whose worker is killed mid-send and restarted: each advocate mailed once, the send counted once', async () => {
  const { client, database, taskQueue } = bed;
  const configInput = testConfigInput(
    [{ id: 'news', kind: 'feed', url: feeds.url('/news.xml'), pollEvery: '1 hour', allowPrivateAddresses: true, approvers: [ADA] }],
    { temporal: { taskQueue, activityHeartbeatTimeout: '2 seconds' }, fetch: { enrich: false } },
  );
  const store = createStore(database.db);
  sink = await startMailSink({ hold: [email(3)], keepRaw: true });
  const start = bed.workers(configInput, { SMTP_URL: sink.url });
  const first = start();
  await first.waitForOutput(/poll schedules in place/);
  const [item] = await waitUntil('the feed polled and its approval requested', async () => {
    const pending = await store.items.listByState('pending', 10);
    const trails = await store.approvals.trails(pending.map((i) => i.id));
    return pending.length === 1 && trails.get(pending[0]!.id)?.some((e) => e.kind === 'requested') ? pending : undefined;
  });
  const { config } = await testConfig(configInput);
  await approveItems({ client, store, config, log: quietLog }, [item!.id], ADA);
  await store.advocates.upsert(Array.from({ length: ADVOCATES }, (_, i) => advocate({ email: email(i) })));

  // What the console's "Send now" does: the send recorded, then its workflow started.
  const sendId = randomUUID();
  const segment = { kind: 'all' as const, values: [] };
  await store.urgent.create({ id: sendId, itemId: item!.id, actor: ADA, segment });
  const handle = await client.workflow.start(urgentSend, {
    taskQueue,
    workflowId: urgentSendWorkflowId(taskQueue, item!.id, sendId),
    args: [{ sendId, itemId: item!.id, segment }],
  });
  await waitUntil('advocate3’s urgent mail in flight', async () => sink.held.length > 0);
  const urgentMails = () => sink.messages.filter((m) => /^X-Kaiku-Mail: urgent/im.test(m.head));
  const beforeKill = urgentMails().length;
  expect(beforeKill).toBeLessThan(ADVOCATES); // the send was stopped part-way, not after it finished
  await first.kill();
  sink.release();

  const second = start();
  const result = await handle.result();
  await second.stop();

  const byRecipient = new Map<string, string[]>();
  for (const message of urgentMails()) byRecipient.set(message.to[0]!, [...(byRecipient.get(message.to[0]!) ?? []), message.messageId!]);
  expect([...byRecipient.keys()].sort()).toEqual(Array.from({ length: ADVOCATES }, (_, i) => email(i)).sort());
  for (const [recipient, ids] of byRecipient) expect(ids, recipient).toHaveLength(1);
  expect(result).toMatchObject({ planned: ADVOCATES, mailed: ADVOCATES });
  const rows = await database.db.selectFrom('urgent_mails').select(['state']).where('send_id', '=', sendId).execute();
  expect(rows).toHaveLength(ADVOCATES);
  expect(rows.every((row) => row.state === 'sent')).toBe(true);
  const [send] = await database.db.selectFrom('urgent_sends').selectAll().where('id', '=', sendId).execute();
  expect(send!.finished_at).not.toBeNull();
  console.log(`urgent crash: killed with ${beforeKill} of ${ADVOCATES} mailed and ${email(3)}'s in flight; after the restart one mail per advocate`);
}, 240_000);
