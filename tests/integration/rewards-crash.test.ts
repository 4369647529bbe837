import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import { stringify } from 'yaml';
import type { Client } from '@temporalio/client';
import { connectTemporal, testConfigInput } from '../helpers/harness.js';
import { createPostgresDatabase, dropPostgresDatabase } from '../helpers/databases.js';
import { KaikuProcess, waitUntil } from '../helpers/kaiku-process.js';
import { startMailSink, type MailSink } from '../helpers/mail.js';
import { advocate } from '../helpers/digests.js';
import { openDatabase, type KaikuDatabase } from '../../db/database.js';
import { createStore } from '../../db/store.js';
import { monthOf } from '../../content/digest-moment.js';
import { digestScheduleId } from '../../workflows/send-digests.js';
import { nudgesScheduleId, pointsScheduleId, rewardsClose, rewardsScheduleId, rewardsWorkflowId } from '../../workflows/engagement.js';

// A `kaiku worker` process is SIGKILLed in the middle of closing a month: the second winner's mail is in
// flight (the mail server has not answered its RCPT TO). A new worker finishes the close: the winners are
// recorded once and every winner and admin has exactly one mail.

const ADMINS = ['ada@testcity.example', 'bo@testcity.example'];
let sink: MailSink;
let dir: string;
let client: Client;
let database: KaikuDatabase;
let databaseUrl: string;
const taskQueue = `rewards-crash-${randomBytes(4).toString('hex')}`;
const cleanups: (() => Promise<unknown>)[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kaiku-rewards-crash-'));
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
  await sink?.close();
  rmSync(dir, { recursive: true, force: true });
});

test('a month closed by a worker killed mid-close and restarted: winners recorded once, every mail sent once', async () => {
  const configInput = testConfigInput([], {
    temporal: { taskQueue, activityHeartbeatTimeout: '2 seconds' },
    rewards: { topN: 3, draw: { threshold: 5, winners: 1 }, prize: 'a lunch with the mayor' },
  });
  const configPath = join(dir, 'kaiku.yaml');
  writeFileSync(configPath, stringify(configInput));
  // Points for six advocates this month: 60, 50, 40 (the top three), then 30, 20 (over the threshold: one is drawn) and 3.
  const store = createStore(database.db);
  const { migrate } = await import('../../db/migrate.js');
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
  for (const id of [digestScheduleId(taskQueue), pointsScheduleId(taskQueue), rewardsScheduleId(taskQueue), nudgesScheduleId(taskQueue)])
    cleanups.push(() => client.schedule.getHandle(id).delete());

  const first = start();
  await first.waitForOutput(/poll schedules in place/, 90_000);
  const handle = await client.workflow.start(rewardsClose, {
    taskQueue,
    workflowId: rewardsWorkflowId(taskQueue, month),
    args: [{ month, heartbeatTimeoutMs: 2_000 }],
  });
  await waitUntil('the second winner’s mail in flight', async () => sink.held.length > 0, 60_000);
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
