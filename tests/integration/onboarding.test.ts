import { randomUUID } from 'node:crypto';
import { simpleParser, type ParsedMail } from 'mailparser';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { FeedServer } from '../helpers/feed-server.js';
import { entries, rss2 } from '../helpers/feeds.js';
import { quietLog, startHarness, testConfigInput, type Harness } from '../helpers/harness.js';
import { advocate, approveItems } from '../helpers/digests.js';
import { startMailSink, type MailSink } from '../helpers/mail.js';
import { ScheduleNotFoundError } from '@temporalio/client';
import { onboardingEnrol, onboardingRound, onboardingScheduleId } from '../../workflows/onboarding.js';
import { pointsScheduleId } from '../../workflows/engagement.js';
import { reconcileEngagementSchedules } from '../../integrations/temporal/schedules.js';

// The welcome sequence over simulated days on the real Temporal dev server: each round is the daily
// Schedule's workflow run at a chosen `at` (as dailyNudges is tested), mails go over SMTP to a sink.

const DAY = 24 * 3_600_000;
const ZONE = 'Europe/Helsinki';
const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];
// The digest's weekday is three days from now, so "your first posts" meets a digest day and must wait.
const start = Date.now();
const digestDay =
  WEEKDAYS[
    ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].indexOf(
      new Intl.DateTimeFormat('en-GB', { timeZone: ZONE, weekday: 'short' }).format(new Date(start + 3 * DAY)),
    )
  ]!;

let feeds: FeedServer;
let sink: MailSink;
let harness: Harness;
const ids = new Map<string, string>();
let titles: string[] = [];

const round = (at: number) =>
  harness.client.workflow.execute(onboardingRound, {
    taskQueue: harness.taskQueue,
    workflowId: `test-onboarding-${randomUUID()}`,
    args: [{ at: new Date(at).toISOString(), heartbeatTimeoutMs: 5_000 }],
  });
const welcomeMails = () => sink.messages.filter((m) => /X-Kaiku-Mail: onboarding/i.test(m.head));
/** Each onboarding mail to `to`, parsed, its text with line wraps undone (the plain part is wrapped at 72). */
const parsed = async (to: string): Promise<(ParsedMail & { flat: string })[]> =>
  (
    await Promise.all(
      welcomeMails()
        .filter((m) => m.to[0] === to)
        .map((m) => simpleParser(m.raw!)),
    )
  ).map((mail) => Object.assign(mail, { flat: (mail.text ?? '').replace(/\s+/g, ' ') }));

beforeAll(async () => {
  feeds = await FeedServer.start();
  sink = await startMailSink({ keepRaw: true });
  feeds.feed('/news.xml', rss2('News', entries(`${feeds.origin}/news`, 3, 'news'), { language: 'fi' }));
  harness = await startHarness({
    smtpUrl: sink.url,
    configInput: testConfigInput(
      [{ id: 'news', kind: 'feed', url: feeds.url('/news.xml'), allowPrivateAddresses: true, approvers: ['ada@testcity.example'] }],
      {
        fetch: { enrich: false },
        digest: { day: digestDay, lookback: '60 days' },
        onboarding: {
          enabled: true,
          guideline: { url: 'https://testcity.example/somelinjaus', text: { fi: 'Kaupungin somelinjaus: ole oma itsesi.' } },
          steps: [
            { kind: 'welcome', after: '0 days', subject: { fi: 'Tervetuloa lähettilääksi!' } },
            { kind: 'first-posts', after: '3 days' },
            { kind: 'tip', after: '9 days' },
          ],
          firstPosts: 2,
        },
      },
    ),
  });
  await harness.poll('news');
  await harness.approvalsRequested();
  const pending = (await harness.store.items.listByState('pending', 100)).map((item) => item.id);
  await approveItems({ ...harness, log: quietLog }, pending, 'ada@testcity.example');
  titles = (await Promise.all(pending.map((id) => harness.store.items.get(id)))).map((item) => item!.title);
}, 120_000);

afterAll(async () => {
  await harness?.close();
  await feeds?.close();
  await sink?.close();
});

test('new advocates are welcomed in their language, get their first posts after a digest day, then a tip; the roster before is left alone until enrolled', async () => {
  // Olli was on the roster before onboarding ran: the first round records when it began and leaves him out.
  await harness.store.advocates.upsert([advocate({ email: 'olli@testcity.example', name: 'Olli Old' })]);
  expect(await round(Date.now())).toMatchObject({ enrolled: 0, sent: 0 });

  await harness.store.advocates.upsert([
    advocate({ email: 'aino@testcity.example', name: 'Aino Virtanen', networks: ['linkedin'] }),
    advocate({ email: 'erik@testcity.example', name: 'Erik Lindqvist', language: 'sv', networks: ['threads'] }),
    advocate({ email: 'pia@testcity.example', name: 'Pia Paused' }),
    advocate({ email: 'gus@testcity.example', name: 'Gus Gone' }),
  ]);
  for (const name of ['olli', 'aino', 'erik', 'pia', 'gus']) ids.set(name, String((await harness.store.advocates.byEmail(`${name}@testcity.example`))!.id));
  const db = harness.db.database.db;
  await db.updateTable('advocates').set({ paused_until: '2099-01-01' }).where('email', '=', 'pia@testcity.example').execute();
  await harness.store.advocates.unsubscribe(ids.get('gus')!);
  const day0 = Date.now();

  // Day 0: the welcome, at once.
  expect(await round(day0)).toMatchObject({ enrolled: 4, sent: 2 });
  const [aino] = await parsed('aino@testcity.example');
  expect(aino!.subject).toBe('Tervetuloa lähettilääksi!'); // the admin's words for Finnish
  expect(aino!.flat).toContain('Hei Aino, tervetuloa mukaan ohjelmaan Test City advocates!');
  expect(aino!.flat).toContain('Kaupungin somelinjaus: ole oma itsesi.');
  expect(aino!.text).toContain('Lue linjaus: https://testcity.example/somelinjaus');
  expect(aino!.text).toContain('Mitä seurataan ja mitä ei');
  const preferences = /Asetuksesi: (http:\/\/\S+)/.exec(aino!.text!)![1]!;
  expect((await harness.app.request(new URL(preferences).pathname)).status).toBe(200);
  const [erik] = await parsed('erik@testcity.example');
  expect(erik!.subject).toBe('Välkommen till Test City advocates'); // no Swedish words of the admin's: kaiku's own
  expect(erik!.text).toContain('Så tar du paus');
  expect(
    welcomeMails()
      .map((m) => m.to[0])
      .sort(),
  ).toEqual(['aino@testcity.example', 'erik@testcity.example']);

  // The same day again (a retried or doubled round) sends nothing; nor do the days before the next step is due.
  expect(await round(day0 + 3_600_000)).toMatchObject({ enrolled: 0, sent: 0 });
  expect(await round(day0 + 2 * DAY)).toMatchObject({ sent: 0 });

  // Day 3 is the digest's day: "your first posts" waits a day rather than land beside the digest.
  expect(await round(day0 + 3 * DAY)).toMatchObject({ sent: 0, waiting: 2 });
  expect(await round(day0 + 4 * DAY)).toMatchObject({ sent: 2 });
  const [, ainoPosts] = await parsed('aino@testcity.example');
  expect(ainoPosts!.subject).toBe('Ensimmäiset jaettavasi (Test City advocates)');
  const shown = titles.filter((title) => ainoPosts!.flat.includes(title.replace(/\s+/g, ' ')));
  expect(shown).toHaveLength(2); // firstPosts: 2 of the three approved items
  const share = /Jaa LinkedInissä: (http:\/\/\S+)/.exec(ainoPosts!.text!)![1]!;
  expect((await harness.app.request(new URL(share).pathname)).status).toBe(200);
  const [, erikPosts] = await parsed('erik@testcity.example');
  expect(erikPosts!.text).toContain('Dela på Threads');

  // Day 9: the tip with the leaderboard opt-in; Erik was nudged that day, so his waits past the next digest day.
  await db
    .updateTable('advocates')
    .set({ last_nudged_at: new Date(day0 + 9 * DAY - 60_000) })
    .where('email', '=', 'erik@testcity.example')
    .execute();
  expect(await round(day0 + 9 * DAY)).toMatchObject({ sent: 1, waiting: 1 });
  const [, , ainoTip] = await parsed('aino@testcity.example');
  expect(ainoTip!.subject).toBe('Vinkki jakamiseen (Test City advocates)');
  expect(ainoTip!.text).toContain('Näytä nimeni tulostaululla');
  expect(await round(day0 + 10 * DAY)).toMatchObject({ sent: 0, waiting: 1 }); // the next digest day: it waits again
  expect(await round(day0 + 11 * DAY)).toMatchObject({ sent: 1 });
  expect((await parsed('erik@testcity.example'))[2]!.subject).toBe('Ett tips om delning (Test City advocates)');

  // The sequence is over: later rounds send nothing, and both are marked finished.
  expect(await round(day0 + 30 * DAY)).toMatchObject({ sent: 0 });
  for (const name of ['aino', 'erik']) expect((await harness.store.onboarding.progress(ids.get(name)!))?.finished_at).toBeInstanceOf(Date);
  // Never a mail to the paused or the unsubscribed, nor to Olli, who was not enrolled.
  expect(
    welcomeMails()
      .map((m) => m.to[0])
      .sort(),
  ).toEqual([...Array(3).fill('aino@testcity.example'), ...Array(3).fill('erik@testcity.example')]);
  expect(await harness.store.onboarding.progress(ids.get('olli')!)).toBeUndefined();

  // The admin enrols Olli by hand (kaiku onboarding enrol; a typo is named back): his welcome comes with the next
  // round (day 32, not a digest day), once.
  const enrol = (input: { all?: boolean; emails?: string[] }) =>
    harness.client.workflow.execute(onboardingEnrol, {
      taskQueue: harness.taskQueue,
      workflowId: `test-enrol-${randomUUID()}`,
      args: [{ ...input, at: new Date(day0 + 32 * DAY).toISOString() }],
    });
  expect(await enrol({ emails: ['Olli@TestCity.example', 'nobody@testcity.example'] })).toEqual({ enrolled: 1, unknown: ['nobody@testcity.example'] });
  expect(await enrol({ all: true })).toEqual({ enrolled: 0, unknown: [] }); // everyone else is enrolled already
  expect(await round(day0 + 32 * DAY)).toMatchObject({ sent: 1 });
  const [olli] = await parsed('olli@testcity.example');
  expect(olli!.subject).toBe('Tervetuloa lähettilääksi!');
}, 180_000);

test('the daily round is a Schedule an hour after the nudges, there only while onboarding is on', async () => {
  const reconcile = (onboarding: boolean) =>
    reconcileEngagementSchedules({
      client: harness.client,
      taskQueue: harness.taskQueue,
      timeZone: ZONE,
      nudgeTime: '10:15',
      rewards: false,
      nudges: false,
      onboarding,
      heartbeatTimeoutMs: 5_000,
      log: quietLog,
    });
  const handle = harness.client.schedule.getHandle(onboardingScheduleId(harness.taskQueue));
  try {
    await reconcile(true);
    const described = await handle.describe();
    expect(described.action).toMatchObject({ workflowType: 'onboardingRound', taskQueue: harness.taskQueue });
    expect(described.spec.calendars).toMatchObject([{ hour: [{ start: 11, end: 11, step: 1 }], minute: [{ start: 15, end: 15, step: 1 }] }]);
    expect(described.spec.timezone).toBe(ZONE);
    await reconcile(false);
    await expect(handle.describe()).rejects.toBeInstanceOf(ScheduleNotFoundError);
  } finally {
    // the points tally's Schedule comes with the engagement ones; this test's worker is gone after it
    await harness.client.schedule.getHandle(pointsScheduleId(harness.taskQueue)).delete();
  }
});
