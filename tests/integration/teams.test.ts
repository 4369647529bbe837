import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { randomUUID } from 'node:crypto';
import { FeedServer } from '../helpers/feed-server.js';
import { entries, rss2 } from '../helpers/feeds.js';
import { quietLog, startHarness, testConfigInput, type Harness } from '../helpers/harness.js';
import { waitFor } from '../helpers/mail.js';
import { allRowVersions } from '../helpers/snapshot.js';
import { startFakeTeams, type FakeTeams, type FakeTeamsMessage, type FakeTeamsUser } from '../helpers/fake-teams.js';
import { startHttpServer, type RunningServer } from '../../server/http-server.js';
import { submitDecision } from '../../integrations/temporal/submit-decision.js';
import { VERBS } from '../../integrations/teams/approval-card.js';
import type { ItemRow } from '../../db/schema.js';

// Teams as a third channel into the approval workflow, against the real Bot Framework SDK (its JWT validation,
// its Connector client) and a fake of Microsoft's side on loopback (tests/helpers/fake-teams.ts).

const ADA: FakeTeamsUser = { id: '29:1ada-teams-id', name: 'Ada Admin', aadObjectId: randomUUID(), email: 'ada@testcity.example' };
// Bo's config has no entraObjectId: a click of his counts by the address Teams gives for him.
const BO: FakeTeamsUser = { id: '29:1bo-teams-id', name: 'Bo Backup', aadObjectId: randomUUID(), email: 'bo@testcity.example' };
const STRANGER: FakeTeamsUser = { id: '29:1stranger', name: 'Stranger', aadObjectId: randomUUID(), email: 'stranger@elsewhere.example' };
const APPROVALS = '19:approvals0000000000000000000000@thread.tacv2';
const JOBS = '19:jobs00000000000000000000000000000@thread.tacv2';
const PROGRAMME = '19:advocates000000000000000000000000@thread.tacv2';

let feeds: FeedServer;
let teams: FakeTeams;
let harness: Harness;
let server: RunningServer;
let url: string;
let news: ItemRow[];
let jobs: ItemRow[];
const cards = new Map<string, FakeTeamsMessage>();

beforeAll(async () => {
  feeds = await FeedServer.start();
  feeds.feed('/news.xml', rss2('City news', entries(`${feeds.origin}/news`, 8, 'news')));
  feeds.feed('/jobs.xml', rss2('City jobs', entries(`${feeds.origin}/jobs`, 2, 'jobs')));
  teams = await startFakeTeams();
  for (const user of [ADA, BO, STRANGER]) teams.addUser(user);
  // The first card waits for the Bot Connector's rate limit: 429 with Retry-After: 2, then it goes through once.
  teams.fail('createConversation', { status: 429, retryAfter: 2 });
  const configInput = testConfigInput(
    [
      { id: 'news', kind: 'feed', url: feeds.url('/news.xml'), allowPrivateAddresses: true, approvers: [ADA.email, BO.email] },
      { id: 'jobs', kind: 'feed', url: feeds.url('/jobs.xml'), allowPrivateAddresses: true, approvers: [ADA.email] },
    ],
    {
      fetch: { enrich: false },
      approval: { remindAfter: '20 seconds', escalateAfter: '30 seconds', expireAfter: '1 hour' },
      teams: { channel: APPROVALS, channels: [{ channel: JOBS, sources: ['jobs'] }], programChannel: PROGRAMME },
    },
  );
  (configInput.admins as Record<string, string>[])[0]!.entraObjectId = ADA.aadObjectId;
  harness = await startHarness({ configInput, teams: teams.settings });
  server = await startHttpServer(harness.app, { host: '127.0.0.1', port: 0 });
  url = `${server.url}/teams/messages`;
  await harness.poll('news');
  await harness.poll('jobs');
  await harness.approvalsRequested();
  const pending = (await harness.store.items.listByState('pending', 100)).sort((a, b) => a.title.localeCompare(b.title, 'en', { numeric: true }));
  news = pending.filter((item) => item.source_id === 'news');
  jobs = pending.filter((item) => item.source_id === 'jobs');
  // The card is on Teams before its row is in the store: wait for both.
  const recorded = async () =>
    (await Promise.all([...news, ...jobs].map((item) => harness.store.teams.messages(item.id, 'card')))).every((rows) => rows.length > 0);
  await waitFor('a card for every item, posted and recorded', async () => teams.cards().length === 10 && (await recorded()));
  for (const item of [...news, ...jobs]) {
    const [row] = await harness.store.teams.messages(item.id, 'card');
    cards.set(
      item.id,
      teams.cards().find((message) => message.activityId === row!.activity_id)!,
    );
  }
}, 180_000);

afterAll(async () => {
  await server?.close();
  await harness?.close();
  await teams?.close();
  await feeds?.close();
});

const cardOf = (item: ItemRow): FakeTeamsMessage => {
  const card = cards.get(item.id);
  if (!card) throw new Error(`no card for ${item.id}`);
  return card;
};
const state = async (item: ItemRow) => (await harness.store.items.get(item.id))!;
const content = (card: FakeTeamsMessage) => teams.contentOf(card);
const outcomeOf = (card: FakeTeamsMessage) => content(card).body.find((element: any) => element.id === 'outcome') as any;
const verbsOf = (card: FakeTeamsMessage) => JSON.stringify(content(card).actions ?? []).match(/kaiku\.\w+/g) ?? [];
const invokeText = async (response: Response) => ((await response.json()) as { value: string }).value;

describe('the approval card', () => {
  test('goes to the channel for its source as an Adaptive Card with the item, its captions per network and Approve / Reject / Edit caption', () => {
    expect(new Set(news.map((item) => cardOf(item).channelId))).toEqual(new Set([APPROVALS]));
    expect(new Set(jobs.map((item) => cardOf(item).channelId))).toEqual(new Set([JOBS]));
    const card = content(cardOf(news[0]!));
    expect(card.type).toBe('AdaptiveCard');
    const text = JSON.stringify(card);
    for (const expected of [news[0]!.title, news[0]!.url, 'LinkedIn', 'Bluesky', 'Mastodon', '#TestCity', 'Test City advocates'])
      expect(text).toContain(expected);
    expect(card.actions.map((action: any) => action.verb ?? action.title)).toEqual([VERBS.approve, VERBS.reject, 'Edit caption', 'Open the article']);
  });

  test('waits out a 429 with Retry-After and is posted exactly once', async () => {
    const creates = teams.calls('createConversation');
    expect(creates[0]!.answered).toBe(429);
    const same = creates.filter((call) => JSON.stringify(call.body.activity) === JSON.stringify(creates[0]!.body.activity));
    expect(same.map((call) => call.answered)).toEqual([429, 200]);
    expect(same[1]!.at - same[0]!.at).toBeGreaterThanOrEqual(1_900);
    const perItem = new Map<string, number>();
    for (const card of teams.cards()) perItem.set(content(card).actions[0].data.itemId, (perItem.get(content(card).actions[0].data.itemId) ?? 0) + 1);
    expect([...perItem.values()]).toEqual(Array(10).fill(1));
  });
});

describe('a click', () => {
  test('Approve from an approver (by Entra object id) decides through the same Update; the card is updated once for everyone; the programme channel hears of it', async () => {
    const item = news[0]!;
    const response = await teams.click(cardOf(item), VERBS.approve, ADA).send(url);
    expect(response.status).toBe(200);
    expect(await invokeText(response)).toMatch(/^Approved\. The card now shows it for everyone\./);
    const decided = await state(item);
    expect([decided.state, decided.decided_by, decided.decided_via]).toEqual(['approved', ADA.email, 'teams']);
    const card = await waitFor('the card updated', async () => (cardOf(item).updates.length > 0 ? cardOf(item) : undefined));
    expect(JSON.stringify(outcomeOf(card))).toMatch(/Approved \{\{DATE\(.*Ada Admin/);
    expect(verbsOf(card)).toEqual([]);
    const post = await waitFor('the programme post', async () => teams.messages().find((m) => m.channelId === PROGRAMME));
    expect(JSON.stringify(content(post))).toContain(item.title);
    await new Promise((r) => setTimeout(r, 1_000));
    expect(cardOf(item).updates).toHaveLength(1);
    expect(teams.messages().filter((m) => m.channelId === PROGRAMME)).toHaveLength(1);
  });

  test('Reject from an approver known to kaiku by email only (the member lookup) decides', async () => {
    const item = news[1]!;
    const response = await teams.click(cardOf(item), VERBS.reject, BO).send(url);
    expect(await invokeText(response)).toMatch(/^Rejected\./);
    expect(teams.calls('getMember').at(-1)!.answered).toBe(200);
    expect((await state(item)).decided_by).toBe(BO.email);
    await waitFor('the card updated', async () => cardOf(item).updates.length === 1);
    expect(JSON.stringify(outcomeOf(cardOf(item)))).toContain('Bo Backup');
  });

  test('from someone who is not an approver is refused in words, and nothing changes', async () => {
    const item = news[2]!;
    const before = await allRowVersions(harness.db.database.db);
    const response = await teams.click(cardOf(item), VERBS.approve, STRANGER).send(url);
    expect(response.status).toBe(200);
    expect(await invokeText(response)).toMatch(/not one of this program's approvers.*stranger@elsewhere\.example.*Nothing was changed/);
    expect(await allRowVersions(harness.db.database.db)).toEqual(before);
    expect((await state(item)).state).toBe('pending');
    expect(cardOf(item).updates).toHaveLength(0);
  });

  test('Teams and email at once: one decision, the card shows it once, the other is told', async () => {
    const item = news[3]!;
    const [click, mail] = await Promise.all([
      teams.click(cardOf(item), VERBS.approve, ADA).send(url),
      submitDecision(
        { client: harness.client, store: harness.store, config: harness.config, log: quietLog },
        item.id,
        { decision: 'reject', actor: BO.email, channel: 'email', reason: 'not now' },
        `email-at-once-${item.id}`,
      ),
    ]);
    const clickText = await invokeText(click);
    const decided = await state(item);
    const trail = (await harness.store.approvals.trails([item.id])).get(item.id) ?? [];
    expect(trail.filter((event) => event.kind === 'approved' || event.kind === 'rejected')).toHaveLength(1);
    if (decided.state === 'approved') {
      expect(clickText).toMatch(/^Approved/);
      expect(mail.ok).toBe(false);
    } else {
      expect(clickText).toMatch(/already rejected by Bo Backup/);
      expect(mail.ok).toBe(true);
    }
    await waitFor('the card updated', async () => cardOf(item).updates.length === 1);
    await new Promise((r) => setTimeout(r, 1_000));
    expect(cardOf(item).updates).toHaveLength(1);
  });

  test('a message submit (the Action.Submit fallback of older clients) decides too', async () => {
    const item = jobs[0]!;
    const response = await teams.submit(cardOf(item), VERBS.approve, ADA).send(url);
    expect(response.status).toBe(200);
    await waitFor('approved', async () => (await state(item)).state === 'approved');
    expect((await state(item)).decided_via).toBe('teams');
    await waitFor('the card updated', async () => cardOf(item).updates.length === 1);
  });

  test('Approve with edited captions: one over its limit is refused naming the network, a good one approves with it', async () => {
    const item = news[4]!;
    const tooLong = await teams.click(cardOf(item), VERBS.approveEdited, ADA, { inputs: { caption_x: 'x'.repeat(300) } }).send(url);
    expect(await invokeText(tooLong)).toMatch(/X caption is \d+ characters long; X allows 280.*Nothing was changed/);
    expect((await state(item)).state).toBe('pending');
    const good = await teams.click(cardOf(item), VERBS.approveEdited, ADA, { inputs: { caption_x: 'Kirjasto avautuu maanantaina!' } }).send(url);
    expect(await invokeText(good)).toMatch(/^Approved/);
    const decided = await state(item);
    expect(decided.captions!.edited).toBe(true);
    expect(decided.captions!.networks.x).toBe(`Kirjasto avautuu maanantaina!\n\n${item.url} #TestCity`);
    await waitFor('the card updated', async () => cardOf(item).updates.length === 1);
    expect(JSON.stringify(content(cardOf(item)))).toContain('Kirjasto avautuu maanantaina!');
  });
});

describe('requests that do not verify', () => {
  test('a forged, expired, foreign-audience, foreign-issuer, wrong-service-URL or missing token is a 401, and nothing changes', async () => {
    const item = news[5]!;
    // The decisions above finish first (confirmation mails, programme posts), so that only these requests could change a row.
    const decided = [...news, ...jobs].filter((row) => cardOf(row).updates.length > 0);
    await Promise.all(decided.map((row) => harness.client.workflow.getHandle(row.id).result()));
    const before = await allRowVersions(harness.db.database.db);
    const calls = teams.calls().length;
    const forged = [
      teams.click(cardOf(item), VERBS.approve, ADA, { token: { foreignKey: true } }),
      teams.click(cardOf(item), VERBS.approve, ADA, { token: { expiresIn: -600 } }),
      teams.click(cardOf(item), VERBS.approve, ADA, { token: { audience: randomUUID() } }),
      teams.click(cardOf(item), VERBS.approve, ADA, { token: { issuer: 'https://evil.example' } }),
      teams.click(cardOf(item), VERBS.approve, ADA, { token: { serviceUrl: 'https://evil.example/teams/' } }),
    ];
    for (const request of forged) expect((await request.send(url)).status).toBe(401);
    const good = teams.click(cardOf(item), VERBS.approve, ADA);
    const unsigned = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(good.activity) });
    expect(unsigned.status).toBe(401);
    // the signature covers the token, not the body: a body changed under a good token still names the token's service URL
    const tampered = await fetch(url, {
      method: 'POST',
      headers: { authorization: good.authorization, 'content-type': 'application/json' },
      body: JSON.stringify({ ...good.activity, serviceUrl: 'https://evil.example/teams/' }),
    });
    expect(tampered.status).toBe(401);
    expect((await fetch(url, { method: 'POST', headers: { authorization: good.authorization }, body: '{not json' })).status).toBe(400);
    expect(await allRowVersions(harness.db.database.db)).toEqual(before);
    expect((await state(item)).state).toBe('pending');
    // kaiku called nothing on Microsoft's side for them (beyond the keys it fetched once)
    expect(
      teams
        .calls()
        .slice(calls)
        .filter((call) => call.operation !== 'token'),
    ).toEqual([]);
  });
});

describe('reminders and outages', () => {
  test('a reminder replies in the card thread, mentioning the approver by Entra object id', async () => {
    const item = news[6]!;
    const reply = await waitFor('the reminder', async () => teams.replies(cardOf(item))[0]);
    expect(reply.activity.text).toMatch(/<at>Ada Admin<\/at>.*a reminder/);
    expect(reply.activity.entities).toEqual([{ type: 'mention', text: '<at>Ada Admin</at>', mentioned: { id: ADA.aadObjectId, name: 'Ada Admin' } }]);
  }, 90_000);

  test('a Bot Connector outage (5xx) delays a new card but never loses it, and never holds up the email', async () => {
    teams.fail('createConversation', { status: 503 }, 6);
    feeds.feed('/jobs.xml', rss2('City jobs', entries(`${feeds.origin}/jobs`, 3, 'jobs')));
    await harness.poll('jobs');
    await harness.approvalsRequested();
    const item = (await harness.store.items.listByState('pending', 100)).find((row) => row.title.includes('jobs number 2'))!;
    const requested = ((await harness.store.approvals.trails([item.id])).get(item.id) ?? []).find((event) => event.kind === 'requested')!;
    const card = await waitFor('the late card', async () => (await harness.store.teams.messages(item.id, 'card'))[0]);
    expect(teams.calls('createConversation').filter((call) => call.answered === 503)).toHaveLength(6);
    expect(requested.at.getTime()).toBeLessThan(card.posted_at.getTime());
  }, 120_000);
});
