import { afterAll, beforeAll, expect, test } from 'vitest';
import { testConfigInput } from '../helpers/harness.js';
import { waitUntil } from '../helpers/kaiku-process.js';
import { startWorkerBed, type WorkerBed } from '../helpers/worker-bed.js';
import { startMailSink, type MailSink } from '../helpers/mail.js';
import { advocate } from '../helpers/digests.js';
import { createStore } from '../../db/store.js';
import { migrate } from '../../db/migrate.js';
import { monthOf } from '../../rules/digests/digest-moment.js';
import { rewardsClose, rewardsWorkflowId } from '../../workflows/engagement.js';

// A `kaiku worker` process is SIGKILLed in the middle of closing a month: the second winner's mail is in
// flight (the mail server has not answered its RCPT TO). A new worker finishes the close: the winners are
// recorded once and every winner and admin has exactly one mail.

const ADMINS = ['ada@testcity.example', 'bo@testcity.example'];
let sink: MailSink;
let bed: WorkerBed;

beforeAll(async () => {
  bed = await startWorkerBed('rewards-crash');
});

afterAll(async () => {
  await bed?.close();
  await sink?.close();
});

test('a month closed by a worker killed mid-close and restarted: winners recorded once, every mail sent once', async () => {
  const { client, database, taskQueue } = bed;
  const configInput = testConfigInput([], {
    temporal: { activityHeartbeatTimeout: '2 seconds' },
    rewards: { topN: 3, draw: { threshold: 5, winners: 1 }, prize: 'a lunch with the mayor' },
  });
  // Points for six advocates this month: 60, 50, 40 (the top three), then 30, 20 (over the threshold: one is drawn) and 3.
  const store = createStore(database.db);
  await migrate(database);
  const emails = Array.from({ length: 6 }, (_, i) => `advocate${i}@testcity.example`);
  await store.advocates.upsert(emails.map((email) => advocate({ email })));
  const month = monthOf(new Date(), 'Europe/Helsinki');
  for (const [i, email] of emails.entries()) {
    const id = String((await store.advocates.byEmail(email))!.id);
    await database.db
      .insertInto('points')
      .values({ key: `seed:${id}`, advocate_id: id, reason: 'share', item_id: null, points: [60, 50, 40, 30, 20, 3][i]!, at: new Date() })
      .execute();
  }
  sink = await startMailSink({ hold: [emails[1]!] });

  const start = bed.workers(configInput, { SMTP_URL: sink.url });
  const first = start();
  await first.waitForOutput(/poll schedules in place/);
  const handle = await client.workflow.start(rewardsClose, {
    taskQueue,
    workflowId: rewardsWorkflowId(taskQueue, month),
    args: [{ month, heartbeatTimeoutMs: 2_000 }],
  });
  await waitUntil('the second winner’s mail in flight', async () => sink.held.length > 0);
  expect(sink.messages.map((m) => m.to[0])).toEqual([emails[0]]); // the first winner's went out; the second's is held
  await first.kill();
  sink.release();

  const second = start();
  const result = await handle.result();
  await second.stop();

  expect(result.closedNow).toBe(true);
  const winners = await database.db.selectFrom('reward_winners').select(['advocate_id', 'kind', 'rank', 'points']).where('month', '=', month).execute();
  expect(winners).toHaveLength(4);
  expect(winners.filter((w) => w.kind === 'top').map((w) => w.points)).toEqual([60, 50, 40]);
  expect([30, 20]).toContain(winners.find((w) => w.kind === 'draw')!.points);

  const byRecipient = new Map<string, string[]>();
  for (const message of sink.messages) byRecipient.set(message.to[0]!, [...(byRecipient.get(message.to[0]!) ?? []), message.messageId!]);
  const winnerEmails = await Promise.all(winners.map(async (w) => (await store.advocates.get(String(w.advocate_id)))!.email));
  expect([...byRecipient.keys()].sort()).toEqual([...winnerEmails, ...ADMINS].sort());
  for (const [recipient, ids] of byRecipient) expect(ids, recipient).toHaveLength(1);
  const keyed = await database.db.selectFrom('keyed_mail').select(['state']).execute();
  expect(keyed).toHaveLength(6);
  expect(keyed.every((row) => row.state === 'sent')).toBe(true);
  console.log(
    `rewards crash: killed with ${emails[1]}'s mail in flight; after the restart ${sink.messages.length} mails, one per recipient; ${JSON.stringify(result.mails)}`,
  );
}, 240_000);
