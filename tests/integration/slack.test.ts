import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { FeedServer } from '../helpers/feed-server.js';
import { entries, rss2 } from '../helpers/feeds.js';
import { quietLog, startHarness, testConfigInput, type Harness } from '../helpers/harness.js';
import { waitFor } from '../helpers/mail.js';
import { advocate } from '../helpers/digests.js';
import { startFakeSlack, type FakeMessage, type FakeSlack } from '../helpers/fake-slack.js';
import { startHttpServer, type RunningServer } from '../../server/http-server.js';
import { submitDecision } from '../../integrations/temporal/submit-decision.js';
import { ACTIONS } from '../../integrations/slack/approval-card.js';
import { SLACK_METHOD_SCOPES } from '../../integrations/slack/web-client.js';
import type { ItemRow } from '../../db/schema.js';

// Slack as a second channel into the approval workflow, against the real Bolt app, the real Web API
// client and a fake Slack Web API on loopback (tests/helpers/fake-slack.ts).

const ADA = { email: 'ada@testcity.example', slack: { id: 'U0ADA00001', name: 'ada' } };
const BO = { email: 'bo@testcity.example', slack: { id: 'U0BO000001', name: 'bo' } };
const STRANGER = { id: 'U0STRANGER', name: 'stranger' };
const APPROVALS = 'C0APPROVE1';
const JOBS = 'C0JOBS0001';

let feeds: FeedServer;
let slack: FakeSlack;
let harness: Harness;
let server: RunningServer;
let url: string;
let news: ItemRow[];
let jobs: ItemRow[];

beforeAll(async () => {
  feeds = await FeedServer.start();
  feeds.feed('/news.xml', rss2('City news', entries(`${feeds.origin}/news`, 8, 'news')));
  feeds.feed('/jobs.xml', rss2('City jobs', entries(`${feeds.origin}/jobs`, 2, 'jobs')));
  slack = await startFakeSlack();
  // The first card waits for Slack's rate limit: 429 with Retry-After: 2, then it goes through once.
  slack.fail('chat.postMessage', { status: 429, retryAfter: 2 });
  const configInput = testConfigInput(
    [
      { id: 'news', kind: 'feed', url: feeds.url('/news.xml'), allowPrivateAddresses: true, approvers: [ADA.email, BO.email] },
      { id: 'jobs', kind: 'feed', url: feeds.url('/jobs.xml'), allowPrivateAddresses: true, approvers: [ADA.email] },
    ],
    {
      fetch: { enrich: false },
      approval: { remindAfter: '6 seconds', escalateAfter: '9 seconds', expireAfter: '1 hour' },
      slack: { channel: APPROVALS, channels: [{ channel: JOBS, sources: ['jobs'] }] },
    },
  );
  (configInput.admins as Record<string, string>[])[0]!.slackUserId = ADA.slack.id;
  (configInput.admins as Record<string, string>[])[1]!.slackUserId = BO.slack.id;
  harness = await startHarness({
    configInput,
    slack: { token: slack.token, signingSecret: slack.signingSecret, apiUrl: slack.apiUrl },
  });
  server = await startHttpServer(harness.app, { host: '127.0.0.1', port: 0 });
  url = `${server.url}/slack/events`;
  await harness.poll('news');
  await harness.poll('jobs');
  await harness.approvalsRequested();
  const pending = (await harness.store.items.listByState('pending', 100)).sort((a, b) => a.title.localeCompare(b.title, 'en', { numeric: true }));
  news = pending.filter((item) => item.source_id === 'news');
  jobs = pending.filter((item) => item.source_id === 'jobs');
  // The card is in Slack before its row is in the store: wait for both.
  const recorded = async () =>
    (await Promise.all([...news, ...jobs].map((item) => harness.store.slack.messages(item.id, 'card')))).every((rows) => rows.length > 0);
  await waitFor('a card for every item, posted and recorded', async () => slack.cards().length === 10 && (await recorded()));
  for (const item of [...news, ...jobs]) {
    const [row] = await harness.store.slack.messages(item.id, 'card');
    cards.set(
      item.id,
      slack.cards().find((message) => message.channel === row!.channel && message.ts === row!.ts)!,
    );
  }
}, 120_000);

afterAll(async () => {
  await server?.close();
  await harness?.close();
  await slack?.close();
  await feeds?.close();
});

// The item's card as the fake holds it now, found by the channel and ts kaiku recorded when it posted it.
const cards = new Map<string, FakeMessage>();
const cardOf = (item: ItemRow): FakeMessage => {
  const card = cards.get(item.id);
  if (!card) throw new Error(`no card for ${item.id}`);
  return card;
};
const state = async (item: ItemRow) => (await harness.store.items.get(item.id))!;
const outcomeLine = (card: FakeMessage) => card.blocks.find((block: any) => block.block_id === 'outcome')?.elements[0].text as string | undefined;
const hasButtons = (card: FakeMessage) => card.blocks.some((block: any) => block.type === 'actions');

describe('the approval card', () => {
  test('goes to the channel for its source, with the item, its captions per network and three buttons', () => {
    expect(new Set(news.map((item) => cardOf(item).channel))).toEqual(new Set([APPROVALS]));
    expect(new Set(jobs.map((item) => cardOf(item).channel))).toEqual(new Set([JOBS]));
    const card = cardOf(news[0]!);
    const text = JSON.stringify(card.blocks);
    for (const expected of [news[0]!.title, news[0]!.url, 'LinkedIn', 'X', 'Facebook', 'Bluesky', 'Mastodon', '#TestCity', 'Test City advocates'])
      expect(text).toContain(expected);
    const buttons = card.blocks.find((block: any) => block.type === 'actions').elements.map((e: any) => e.action_id);
    expect(buttons).toEqual([ACTIONS.approve, ACTIONS.reject, ACTIONS.edit]);
  });

  test('waits out a 429 with Retry-After and is posted exactly once', async () => {
    const limited = slack.calls('chat.postMessage')[0]!;
    expect(limited.answered).toBe(429);
    const same = slack.calls('chat.postMessage').filter((call) => call.args.blocks === limited.args.blocks);
    expect(same.map((call) => call.answered)).toEqual([429, 'ok']);
    expect(same[1]!.at - same[0]!.at).toBeGreaterThanOrEqual(1_900);
    // exactly one card per item
    const perItem = new Map<string, number>();
    for (const card of slack.calls('chat.postMessage').filter((call) => call.answered === 'ok' && !call.args.thread_ts)) {
      const id = (JSON.parse(card.args.blocks as string) as any[]).find((block) => block.type === 'actions').elements[0].value as string;
      perItem.set(id, (perItem.get(id) ?? 0) + 1);
    }
    expect([...perItem.values()]).toEqual(Array(10).fill(1));
  });

  test('a Slack outage delays a new card (retried with backoff) but never loses it, and never holds up the email', async () => {
    // Slack first holds the card's post unanswered: the email request must go out while it does (if it waited for
    // Slack, this wait would never end); then the held call's connection drops and five 500s follow.
    const isJob2 = (args: Record<string, any>) => String(args.blocks).includes('jobs number 2');
    slack.fail('chat.postMessage', { hold: true }, 1, isJob2);
    slack.fail('chat.postMessage', { status: 500 }, 5, isJob2);
    feeds.feed('/jobs.xml', rss2('City jobs', entries(`${feeds.origin}/jobs`, 3, 'jobs')));
    await harness.poll('jobs');
    await harness.approvalsRequested();
    const item = (await harness.store.items.listByState('pending', 100)).find((row) => row.title === 'jobs number 2')!;
    await waitFor('the card’s post held by Slack', async () => slack.calls('chat.postMessage').some((call) => call.answered === 'held' && isJob2(call.args)));
    expect(await harness.store.slack.messages(item.id, 'card')).toEqual([]);
    expect(slack.dropHeld()).toBe(1);
    const row = await waitFor('the card posted after the outage', async () => (await harness.store.slack.messages(item.id, 'card'))[0]);
    const posts = slack.calls('chat.postMessage').filter((call) => String(call.args.blocks).includes(item.id));
    // More failures than the client's own three tries: the activity's retry carried the card through.
    expect(posts[0]!.answered).toBe('held');
    expect(posts.at(-1)!.answered).toBe('ok');
    expect(posts.slice(1, -1).map((call) => call.answered)).toEqual([500, 500, 500, 500, 500]);
    expect(slack.cards().filter((card) => card.ts === row.ts)).toHaveLength(1);
  });

  test('reminders and the escalation arrive as replies in the card’s thread, mentioning whom they are for', async () => {
    const item = jobs[1]!;
    const card = cardOf(item);
    const replies = await waitFor('a reminder and an escalation in the thread', async () => {
      const found = slack.messages().filter((message) => message.threadTs === card.ts && message.channel === card.channel);
      return found.length >= 2 && found;
    });
    expect(replies[0]!.text).toMatch(new RegExp(`^<@${ADA.slack.id}>: a reminder`));
    expect(replies[1]!.text).toMatch(new RegExp(`^<@${BO.slack.id}>: .*backup approver`));
    expect(replies).toHaveLength(2);
  });
});

describe('a click', () => {
  test('approves within Slack’s three seconds through the same update, and the card shows who and when, without buttons', async () => {
    const item = news[0]!;
    const started = Date.now();
    const response = await slack.click(cardOf(item), ACTIONS.approve, ADA.slack).send(url);
    expect(response.status).toBe(200);
    expect(Date.now() - started).toBeLessThan(3_000);
    const decided = await waitFor('the decision', async () => ((await state(item)).state === 'approved' ? state(item) : undefined));
    expect(decided.decided_by).toBe(ADA.email);
    expect(decided.decided_via).toBe('slack');
    const card = await waitFor('the card updated', async () => (outcomeLine(cardOf(item)) ? cardOf(item) : undefined));
    expect(outcomeLine(card)).toMatch(new RegExp(`Approved by <@${ADA.slack.id}> <!date\\^\\d+\\^`));
    expect(hasButtons(card)).toBe(false);
    expect(card.updates).toHaveLength(1);
  });

  test('on a card already decided tells the clicker privately who decided and when; nothing changes', async () => {
    const item = news[0]!;
    const before = slack.ephemerals().length;
    // The click comes from the card as the clicker's client still showed it, buttons and all.
    const stale = {
      ...cardOf(item),
      blocks: slack.calls('chat.postMessage').find((c) => c.answered === 'ok' && String(c.args.blocks).includes(item.id))!.args.blocks,
    };
    stale.blocks = JSON.parse(stale.blocks as unknown as string);
    expect((await slack.click(stale, ACTIONS.reject, BO.slack).send(url)).status).toBe(200);
    const told = await waitFor('a private answer', async () =>
      slack
        .ephemerals()
        .slice(before)
        .find((e) => e.user === BO.slack.id),
    );
    // Escaped for Slack, which shows "<ada@testcity.example>" as written instead of reading it as a link.
    expect(told.text).toMatch(/already approved by Ada Admin &lt;ada@testcity\.example&gt; at .* in Slack/);
    expect((await state(item)).state).toBe('approved');
    expect(cardOf(item).updates).toHaveLength(1);
  });

  test('from a Slack user who is not an approver is refused privately; nothing changes', async () => {
    const item = news[1]!;
    const before = slack.ephemerals().length;
    expect((await slack.click(cardOf(item), ACTIONS.approve, STRANGER).send(url)).status).toBe(200);
    const told = await waitFor('a private refusal', async () =>
      slack
        .ephemerals()
        .slice(before)
        .find((e) => e.user === STRANGER.id),
    );
    expect(told.text).toMatch(/not one of this program's approvers.*Nothing was changed/);
    expect((await state(item)).state).toBe('pending');
    expect(cardOf(item).updates).toHaveLength(0);
  });

  test('Approve and Reject from two approvers at once: one decision, the card shows it, the other is told', async () => {
    const item = news[2]!;
    const before = slack.ephemerals().length;
    const [a, b] = await Promise.all([
      slack.click(cardOf(item), ACTIONS.approve, ADA.slack).send(url),
      slack.click(cardOf(item), ACTIONS.reject, BO.slack).send(url),
    ]);
    expect([a.status, b.status]).toEqual([200, 200]);
    const decided = await waitFor('the decision', async () => ((await state(item)).state !== 'pending' ? state(item) : undefined));
    const loser = decided.decided_by === ADA.email ? BO.slack.id : ADA.slack.id;
    await waitFor('the other approver told', async () =>
      slack
        .ephemerals()
        .slice(before)
        .find((e) => e.user === loser && /already (approved|rejected)/.test(e.text)),
    );
    const card = await waitFor('the card updated', async () => (outcomeLine(cardOf(item)) ? cardOf(item) : undefined));
    expect(outcomeLine(card)).toContain(decided.state === 'approved' ? 'Approved' : 'Rejected');
    const trail = (await harness.store.approvals.trails([item.id])).get(item.id) ?? [];
    expect(trail.filter((event) => event.kind === 'approved' || event.kind === 'rejected')).toHaveLength(1);
    expect(card.updates).toHaveLength(1);
  });
});

describe('bad requests', () => {
  test('a missing, wrong, stale or future signature is a 401, and nothing changes', async () => {
    const item = news[3]!;
    const good = slack.click(cardOf(item), ACTIONS.approve, ADA.slack);
    const post = (headers: Record<string, string>, body = good.body) => fetch(url, { method: 'POST', headers, body });
    const { 'x-slack-signature': _signature, ...unsigned } = good.headers;
    expect((await post(unsigned)).status).toBe(401);
    expect((await post({ ...good.headers, 'x-slack-signature': `v0=${'0'.repeat(64)}` })).status).toBe(401);
    expect((await post(good.headers, good.body.replace('approve', 'reject'))).status).toBe(401);
    // Six minutes either way: outside the five-minute window however long the request takes to arrive (a
    // second's margin flaked on a loaded CI machine, the server's clock having moved on).
    const now = Math.floor(Date.now() / 1000);
    expect((await slack.click(cardOf(item), ACTIONS.approve, ADA.slack, { timestamp: now - 360 }).send(url)).status).toBe(401);
    expect((await slack.click(cardOf(item), ACTIONS.approve, ADA.slack, { timestamp: now + 360 }).send(url)).status).toBe(401);
    await new Promise((r) => setTimeout(r, 500));
    expect((await state(item)).state).toBe('pending');
    expect(cardOf(item).updates).toHaveLength(0);
  });

  test('malformed payload JSON or an unknown action id is a 400, and nothing changes', async () => {
    const item = news[3]!;
    expect((await slack.sign('payload=%7Bnot%20json').send(url)).status).toBe(400);
    const strange = slack.click(cardOf(item), ACTIONS.approve, ADA.slack);
    const body = strange.body.split(encodeURIComponent(`"${ACTIONS.approve}"`)).join(encodeURIComponent('"kaiku_delete_everything"'));
    expect(body).not.toBe(strange.body);
    expect((await slack.sign(body).send(url)).status).toBe(400);
    expect((await slack.sign('command=%2Fsomething-else&user_id=U0ADA00001').send(url)).status).toBe(400);
    await new Promise((r) => setTimeout(r, 500));
    expect((await state(item)).state).toBe('pending');
  });
});

describe('Edit caption', () => {
  test('opens a modal pre-filled per network; a caption over its limit is shown in its field; a good one approves with it', async () => {
    const item = news[4]!;
    expect((await slack.click(cardOf(item), ACTIONS.edit, ADA.slack).send(url)).status).toBe(200);
    const opened = await waitFor('the modal', async () => slack.views().find((v) => v.view.private_metadata.includes(item.id)));
    const fields = opened.view.blocks.filter((block: any) => block.type === 'input');
    expect(fields.map((f: any) => f.block_id)).toEqual([
      'caption_linkedin',
      'caption_x',
      'caption_facebook',
      'caption_bluesky',
      'caption_mastodon',
      'caption_threads',
      'caption_whatsapp',
    ]);
    expect(fields[1].element.initial_value).toBe(item.captions!.networks.x);

    const tooLong = await slack.submitView(opened, { caption_x: 'x'.repeat(300) }, ADA.slack).send(url);
    expect(tooLong.status).toBe(200);
    const errors = (await tooLong.json()) as { response_action: string; errors: Record<string, string> };
    expect(errors.response_action).toBe('errors');
    expect(Object.keys(errors.errors)).toEqual(['caption_x']);
    expect(errors.errors.caption_x).toMatch(/X caption is \d+ characters long; X allows 280/);
    expect((await state(item)).state).toBe('pending');

    const good = await slack.submitView(opened, { caption_x: 'Kirjasto avautuu maanantaina!' }, ADA.slack).send(url);
    expect(good.status).toBe(200);
    expect(await good.text()).toBe('');
    const decided = await waitFor('approved with the edit', async () => ((await state(item)).state === 'approved' ? state(item) : undefined));
    expect(decided.captions!.edited).toBe(true);
    expect(decided.captions!.networks.x).toBe(`Kirjasto avautuu maanantaina!\n\n${item.url} #TestCity`);
    expect(decided.decided_via).toBe('slack');
    await waitFor('the card updated', async () => outcomeLine(cardOf(item)));
    // the card shows the captions as approved, edit included
    expect(JSON.stringify(cardOf(item).blocks)).toContain('Kirjasto avautuu maanantaina!');
  });
});

describe('the other channel', () => {
  test('a decision made elsewhere (the admin page, email) updates the Slack card too', async () => {
    const item = jobs[0]!;
    const result = await submitDecision(
      { client: harness.client, store: harness.store, config: harness.config, log: quietLog },
      item.id,
      { decision: 'reject', actor: ADA.email, channel: 'admin', reason: 'not this week' },
      'admin-reject-jobs-0',
    );
    expect(result.ok).toBe(true);
    const card = await waitFor('the card updated', async () => (outcomeLine(cardOf(item)) ? cardOf(item) : undefined));
    expect(card.channel).toBe(JOBS);
    expect(outcomeLine(card)).toMatch(new RegExp(`Rejected by <@${ADA.slack.id}> .*: not this week`));
    expect(hasButtons(card)).toBe(false);
  });

  test('kaiku calls only the Web API methods its manifest has scopes for', () => {
    const called = new Set(slack.calls().map((call) => call.method));
    expect([...called].filter((method) => !(method in SLACK_METHOD_SCOPES))).toEqual([]);
    expect(called.has('chat.postMessage') && called.has('chat.update') && called.has('chat.postEphemeral') && called.has('views.open')).toBe(true);
  });

  test('/kaiku lists what waits for a decision, privately, to approvers only', async () => {
    const command = (user: string) =>
      slack.sign(new URLSearchParams({ command: '/kaiku', text: '', user_id: user, channel_id: APPROVALS, team_id: 'T0KAIKU01' }).toString());
    const answer = (await (await command(ADA.slack.id).send(url)).json()) as { response_type: string; text: string };
    expect(answer.response_type).toBe('ephemeral');
    expect(answer.text).toContain(news[5]!.title);
    expect(await (await command(STRANGER.id).send(url)).text()).toMatch(/not one of this program's approvers/);
  });
});

describe('suggestions from Slack', () => {
  test('/kaiku suggest <url> credits the advocate its Slack profile names; a private address and a stranger are told why', async () => {
    await harness.store.advocates.upsert([advocate({ email: 'aino@testcity.example', name: 'Aino Virtanen', language: 'en' })]);
    const aino = (await harness.store.advocates.byEmail('aino@testcity.example'))!;
    slack.addUser('U0AINO0001', 'Aino@TestCity.example');
    const suggest = (user: string, text: string) =>
      slack.sign(new URLSearchParams({ command: '/kaiku', text, user_id: user, channel_id: APPROVALS, team_id: 'T0KAIKU01' }).toString()).send(url);
    const answerTo = (user: string, count: number) =>
      waitFor(`answer ${count} to ${user}`, async () => slack.ephemerals().filter((e) => e.user === user)[count - 1]);

    const item = news[0]!;
    const ack = (await (await suggest('U0AINO0001', `suggest <${item.url}>`)).json()) as { text: string };
    expect(ack.text).toBe(`Checking ${item.url} …`);
    expect((await answerTo('U0AINO0001', 1)).text).toMatch(/kaiku already has this link; your suggestion is credited to you/);
    expect(await harness.store.engagement.suggestionsOf(aino.id)).toMatchObject([{ via: 'slack', state: 'duplicate', item_id: item.id }]);

    await suggest('U0AINO0001', 'suggest http://169.254.169.254/latest/meta-data');
    expect((await answerTo('U0AINO0001', 2)).text).toMatch(/169\.254\.169\.254 is a private, loopback or link-local address/);
    expect((await harness.store.engagement.suggestionsOf(aino.id)).map((s) => s.state)).toEqual(['duplicate', 'refused']);

    const earlier = slack.ephemerals().filter((e) => e.user === STRANGER.id).length; // the refusals of other tests
    await suggest(STRANGER.id, 'suggest https://example.org/');
    expect((await answerTo(STRANGER.id, earlier + 1)).text).toMatch(/could not read the email address on your Slack profile/);
  });
});
