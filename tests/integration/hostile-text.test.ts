import { afterAll, beforeAll, expect, test } from 'vitest';
import { FeedServer } from '../helpers/feed-server.js';
import { rss2 } from '../helpers/feeds.js';
import { startHarness, testConfigInput, type Harness } from '../helpers/harness.js';
import { approvalMailsTo, waitFor, type CaughtMail } from '../helpers/mail.js';
import { FormClient, outboxMailsTo, signInAsAdmin } from '../helpers/form-client.js';
import { startFakeSlack, type FakeCall, type FakeSlack } from '../helpers/fake-slack.js';
import type { ItemRow } from '../../db/schema.js';

// A feed item whose title and summary carry Trojan Source controls and Slack markup arrives through a real
// poll of a real feed server. What kaiku stores, mails, posts to Slack and shows on the admin page must
// show neither the controls nor a live mention or link.

const ADA = 'ada@testcity.example';
const APPROVALS = 'C0APPROVE1';
// As a feed writes it: the title's markup is HTML-escaped once inside the XML (rss2 escapes it again).
const TITLE = '\u202Eexe.txt &lt;!channel&gt; &lt;!here&gt; &lt;@U0ADA00001&gt; \u2067Log in\u2069 &lt;https://evil.example|Log in&gt; *bold* _x_';
const SUMMARY = 'Read \u2066this\u2069 first\u200F: user\u202E \u2066// admin only\u2069 \u2066 and ring\u0007';
const STORED_TITLE = 'exe.txt <!channel> <!here> <@U0ADA00001> Log in <https://evil.example|Log in> *bold* _x_';
const STORED_SUMMARY = 'Read this first: user // admin only and ring';
const FORBIDDEN = /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C\u0000-\u0008\u000B-\u001F\u007F-\u009F\uFEFF]/u;

let feeds: FeedServer;
let slack: FakeSlack;
let harness: Harness;
let item: ItemRow;
let mail: CaughtMail;
let card: FakeCall;

beforeAll(async () => {
  feeds = await FeedServer.start();
  feeds.feed('/news.xml', rss2('City news', [{ url: `${feeds.origin}/news/hostile`, title: TITLE, summary: SUMMARY }]));
  slack = await startFakeSlack();
  const configInput = testConfigInput([{ id: 'news', kind: 'feed', url: feeds.url('/news.xml'), allowPrivateAddresses: true, approvers: [ADA] }], {
    fetch: { enrich: false },
    slack: { channel: APPROVALS },
  });
  harness = await startHarness({ configInput, slack: { token: slack.token, signingSecret: slack.signingSecret, apiUrl: slack.apiUrl } });
  await harness.poll('news');
  await harness.approvalsRequested();
  item = (await harness.store.items.listByState('pending', 10))[0]!;
  mail = await waitFor('the approval email', async () => (await approvalMailsTo(harness.store, ADA))[0]);
  card = await waitFor('the Slack card', async () => slack.calls('chat.postMessage').find((call) => call.answered === 'ok'));
}, 120_000);

afterAll(async () => {
  await harness?.close();
  await slack?.close();
  await feeds?.close();
});

test('the stored title and summary hold the text without its controls', () => {
  expect(item.title).toBe(STORED_TITLE);
  expect(item.summary).toBe(STORED_SUMMARY);
  for (const caption of Object.values(item.captions!.networks)) expect(caption).not.toMatch(FORBIDDEN);
});

test('the approval email shows the title as text, in its subject, text and HTML, without controls', () => {
  const { subject, text, html } = mail.parsed;
  expect(subject).toBe(`Approve? ${STORED_TITLE}`);
  for (const part of [subject, text, html as string]) expect(part).not.toMatch(FORBIDDEN);
  expect(text).toContain(STORED_TITLE);
  expect(text).toContain(STORED_SUMMARY);
  expect(html).toContain('exe.txt &lt;!channel&gt; &lt;!here&gt; &lt;@U0ADA00001&gt; Log in &lt;https://evil.example|Log in&gt;');
  expect(html).not.toMatch(/<!channel>|<https:\/\/evil/);
  expect(html).not.toContain('href="https://evil.example');
});

test('the Slack card, as the Web API received it, holds no live mention or link and no controls', () => {
  expect(card.args.channel).toBe(APPROVALS);
  const blocks = JSON.parse(card.args.blocks as string) as unknown[];
  const marked: string[] = [card.args.text as string];
  const plain: string[] = [];
  JSON.stringify(blocks, (_key, value: unknown) => {
    const object = value as { type?: string; text?: unknown };
    if (object && typeof object.text === 'string' && object.type === 'mrkdwn') marked.push(object.text);
    if (object && typeof object.text === 'string' && object.type === 'plain_text') plain.push(object.text);
    return value;
  });
  expect(JSON.stringify(card.args)).not.toMatch(FORBIDDEN);
  // In what Slack parses, the only <…> is the link to the item's own URL.
  const markup = marked.flatMap((text) => [...text.matchAll(/<([^>]*)>/g)].map((m) => m[1]));
  expect(markup).toEqual([item.url]);
  expect(card.args.text).toBe(
    'Waiting for approval: exe.txt &lt;!channel&gt; &lt;!here&gt; &lt;@U0ADA00001&gt; Log in &lt;https://evil.example|Log in&gt; *bold* _x_',
  );
  // Where Slack shows text as it is, the title is the title.
  expect(plain[0]).toBe(STORED_TITLE);
  expect(plain).toContain(STORED_SUMMARY);
});

test('the admin page shows the title escaped and without controls', async () => {
  const ada = FormClient.forApp(harness.app);
  await signInAsAdmin(ada, outboxMailsTo(harness.store), ADA);
  const response = await ada.request('/admin');
  expect(response.status).toBe(200);
  const page = await response.text();
  expect(page).not.toMatch(FORBIDDEN);
  expect(page).toContain('exe.txt &lt;!channel&gt; &lt;!here&gt; &lt;@U0ADA00001&gt; Log in &lt;https://evil.example|Log in&gt; *bold* _x_');
  expect(page).not.toMatch(/<!channel>|<https:\/\/evil|href="https:\/\/evil/);
});
