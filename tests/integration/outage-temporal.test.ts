import { afterAll, beforeAll, expect, test } from 'vitest';
import { FeedServer } from '../helpers/feed-server.js';
import { entries, rss2 } from '../helpers/feeds.js';
import { startHarness, testConfigInput, type Harness } from '../helpers/harness.js';
import { startMailSink, waitFor, type MailSink } from '../helpers/mail.js';
import { startFakeSlack, type FakeSlack } from '../helpers/fake-slack.js';
import { FormClient, signInAsAdmin, sinkMailsTo } from '../helpers/form-client.js';
import { allRowVersions } from '../helpers/snapshot.js';
import { advocate } from '../helpers/digests.js';
import { startFreezableTemporal, type FreezableTemporal } from '../helpers/freezable-temporal.js';
import { startHttpServer, type RunningServer } from '../../server/http-server.js';
import { issueApprovalToken } from '../../rules/tokens/approval-token.js';
import { signToken } from '../../rules/tokens/signed-token.js';
import { ACTIONS } from '../../integrations/slack/approval-card.js';
import type { ItemRow } from '../../db/schema.js';

// Temporal stops answering (its process SIGSTOPped: connections stay open and nothing comes back, the
// hardest way to be down). Every door where a person waits on Temporal answers within 2 s that kaiku
// cannot take it now and nothing was changed (503, Retry-After), the store is untouched, /healthz says
// so within 1 s, and the admin page carries a banner. The test freezes a dev server of its own, never
// the run's shared one.

const ADA = { email: 'ada@testcity.example', slack: { id: 'U0ADA00001', name: 'ada' } };
const AINO = 'aino@testcity.example';
const CANNOT_DECIDE = 'kaiku cannot take decisions for a moment; nothing was changed; try again';
let temporal: FreezableTemporal;
let feeds: FeedServer;
let sink: MailSink;
let slack: FakeSlack;
let harness: Harness;
let server: RunningServer;
let items: ItemRow[];
const freeze = () => temporal.freeze();
const thaw = () => temporal?.thaw();

beforeAll(async () => {
  temporal = await startFreezableTemporal('kaiku-temporal-down');
  feeds = await FeedServer.start();
  feeds.feed('/news.xml', rss2('News', entries(`${feeds.origin}/news`, 3, 'news')));
  sink = await startMailSink({ keepRaw: true });
  slack = await startFakeSlack();
  const configInput = testConfigInput([{ id: 'news', kind: 'feed', url: feeds.url('/news.xml'), allowPrivateAddresses: true, approvers: [ADA.email] }], {
    fetch: { enrich: false },
    slack: { channel: 'C0APPROVE1' },
  });
  (configInput.admins as Record<string, string>[])[0]!.slackUserId = ADA.slack.id;
  harness = await startHarness({
    configInput,
    smtpUrl: sink.url,
    temporalAddress: temporal.address,
    slack: { token: slack.token, signingSecret: slack.signingSecret, apiUrl: slack.apiUrl },
  });
  server = await startHttpServer(harness.app, { host: '127.0.0.1', port: 0 });
  await harness.poll('news');
  await harness.approvalsRequested();
  items = await harness.store.items.listByState('pending', 10);
  // The card is in Slack before its row is in the store: wait for both.
  const recorded = async () => (await Promise.all(items.map((item) => harness.store.slack.messages(item.id, 'card')))).every((rows) => rows.length > 0);
  await waitFor('a card for every item, posted and recorded', async () => slack.cards().length === items.length && (await recorded()));
  await harness.store.advocates.upsert([advocate({ email: AINO })]);
}, 180_000);

afterAll(async () => {
  thaw();
  await server?.close();
  await harness?.close();
  await temporal?.stop();
  await slack?.close();
  await sink?.close();
  await feeds?.close();
});

async function timed<T>(what: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = Date.now();
  const value = await what();
  return { value, ms: Date.now() - started };
}

test('with Temporal frozen, every decision door answers 503 in under 2 s, nothing changes, /healthz and the admin page say so; thawed, the same form decides', async () => {
  const ada = FormClient.forUrl(server.url);
  await signInAsAdmin(ada, sinkMailsTo(sink), ADA.email);
  const healthy = await fetch(`${server.url}/healthz`);
  expect(healthy.status).toBe(200);
  const [first, second, third] = items;
  // The pages as the people had them open before Temporal froze.
  const adminPage = await ada.get('/admin');
  const linkPath = `/a/${issueApprovalToken(harness.secret, { kind: 'approve', itemId: second!.id, approverEmail: ADA.email, expiresAt: new Date(Date.now() + 3_600_000) })}`;
  const approver = FormClient.forUrl(server.url);
  const linkPage = await approver.get(linkPath);
  const aino = (await harness.store.advocates.byEmail(AINO))!;
  const advocateClient = FormClient.forUrl(server.url);
  const suggestPage = await advocateClient.get(`/suggest/${signToken(harness.secret, 'suggest', { a: String(aino.id) }, 3_600_000)}`);
  const someone = FormClient.forUrl(server.url);
  const loginPage = await someone.get('/admin/login');
  const [card] = await harness.store.slack.messages(third!.id, 'card');
  const slackCard = slack.cards().find((message) => message.channel === card!.channel && message.ts === card!.ts)!;
  const before = await allRowVersions(harness.db.database.db);

  freeze();
  const health = await timed(() => fetch(`${server.url}/healthz`));
  expect(health.ms).toBeLessThan(1_000);
  expect(health.value.status).toBe(503);
  expect(await health.value.json()).toMatchObject({
    status: 'degraded',
    checks: { database: { ok: true }, smtp: { ok: true }, temporal: { ok: false, detail: expect.stringMatching(/^unavailable/) }, workers: { ok: false } },
  });
  expect((await fetch(`${server.url}/livez`)).status).toBe(200);
  expect((await fetch(`${server.url}/readyz`)).status).toBe(200); // it can still serve its pages

  const banner = await timed(() => ada.get('/admin'));
  expect(banner.ms).toBeLessThan(2_000);
  expect(banner.value.status).toBe(200);
  expect(banner.value.$('.health-banner [data-down="temporal"]').text()).toMatch(/cannot reach Temporal/);

  const refusals: Record<string, { status: number; retryAfter: string | null; text: string; ms: number }> = {};
  const refusal = async (door: string, send: () => Promise<Response>) => {
    const { value, ms } = await timed(send);
    refusals[door] = { status: value.status, retryAfter: value.headers.get('retry-after'), text: await value.text(), ms };
  };
  await refusal('admin page decision', () => ada.submit(adminPage, { action: `/admin/items/${first!.id}/decide`, fields: { decision: 'approve' } }));
  await refusal('approval link', () => approver.submit(linkPage, { action: linkPath }));
  await refusal('suggestion form', () => advocateClient.submit(suggestPage, { fields: { url: 'https://news.example/a-story' } }));
  await refusal('sign-in', () => someone.submit(loginPage, { action: '/admin/login', fields: { email: ADA.email } }));
  for (const [door, answer] of Object.entries(refusals)) {
    expect(answer.status, door).toBe(503);
    expect(answer.retryAfter, door).toBe('30');
    expect(answer.ms, door).toBeLessThan(2_000);
  }
  expect(refusals['admin page decision']!.text).toContain(CANNOT_DECIDE);
  expect(refusals['approval link']!.text).toContain(CANNOT_DECIDE);
  expect(refusals['suggestion form']!.text).toContain('kaiku cannot take suggestions for a moment; nothing was changed; try again');
  expect(refusals['sign-in']!.text).toContain('kaiku cannot send sign-in links for a moment; nothing was sent; try again');

  // Slack's button: acknowledged at once, and the clicker is told privately within 2 s.
  const ephemerals = slack.ephemerals().length;
  const clicked = Date.now();
  expect((await slack.click(slackCard, ACTIONS.approve, ADA.slack).send(`${server.url}/slack/events`)).status).toBe(200);
  const told = await waitFor(
    'a private answer in Slack',
    async () =>
      slack
        .ephemerals()
        .slice(ephemerals)
        .find((e) => e.user === ADA.slack.id),
    20,
  );
  const slackMs = Date.now() - clicked;
  expect(slackMs).toBeLessThan(2_000);
  expect(told.text).toContain(CANNOT_DECIDE);

  expect(await allRowVersions(harness.db.database.db)).toEqual(before);
  console.log(
    `Temporal frozen: /healthz ${health.ms} ms; ${Object.entries(refusals)
      .map(([door, answer]) => `${door} ${answer.ms} ms`)
      .join(', ')}; Slack's private answer ${slackMs} ms`,
  );

  // Back: the banner goes, and the same form, sent again, decides.
  thaw();
  await waitFor('/healthz to say ok again', async () => (await fetch(`${server.url}/healthz`)).status === 200, 250);
  const again = await ada.get('/admin');
  expect(again.$('.health-banner').length).toBe(0);
  const decided = await ada.submit(again, { action: `/admin/items/${first!.id}/decide`, fields: { decision: 'approve' } });
  expect(decided.status).toBe(200);
  expect((await harness.store.items.get(first!.id))!.state).toBe('approved');
}, 180_000);
