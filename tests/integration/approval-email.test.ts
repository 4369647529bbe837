import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { FeedServer } from '../helpers/feed-server.js';
import { entries, rss2 } from '../helpers/feeds.js';
import { quietLog, startHarness, testConfigInput, type Harness } from '../helpers/harness.js';
import { approvalMailsTo, caughtMail, deliverRaw, replyAs, waitFor, type ClientStyle, type CaughtMail } from '../helpers/mail.js';
import { issueApprovalToken } from '../../rules/tokens/approval-token.js';
import { Secret } from '../../rules/tokens/secret.js';
import { checkCaption } from '../../rules/captions/caption-limits.js';
import { approvalStateQuery } from '../../workflows/approve-item.js';
import type { ItemRow } from '../../db/schema.js';
import { FormClient, outboxMailsTo, signInAsAdmin, signInLinkFor } from '../helpers/form-client.js';

const ADA = 'ada@testcity.example';
const BO = 'bo@testcity.example';
const ITEMS = 24;

let feeds: FeedServer;
let harness: Harness;
let items: ItemRow[];
let requests: Map<string, CaughtMail>;
const latencies: number[] = [];

beforeAll(async () => {
  feeds = await FeedServer.start();
  feeds.feed('/news.xml', rss2('City news', entries(`${feeds.origin}/news`, ITEMS, 'news')));
  harness = await startHarness({
    configInput: testConfigInput([{ id: 'news', kind: 'feed', url: feeds.url('/news.xml'), allowPrivateAddresses: true, approvers: [ADA] }], {
      fetch: { enrich: false },
      approval: { backupApprovers: [BO] },
      email: { from: 'Test City kaiku <kaiku@testcity.example>' },
    }),
  });
  await harness.poll('news');
  await harness.approvalsStarted();
  // One approval request per item, to the source's approver only.
  const mails = await waitFor('an approval request for every item', async () => {
    const found = await approvalMailsTo(harness.store, ADA);
    return found.length === ITEMS && found;
  });
  items = (await harness.store.items.listByState('pending', 100)).sort((a, b) => a.title.localeCompare(b.title, 'en', { numeric: true }));
  requests = new Map(items.map((item) => [item.id, mails.find((mail) => mail.parsed.headers.get('x-kaiku-item') === item.id)!]));
}, 120_000);

afterAll(async () => {
  await harness?.close();
  await feeds?.close();
});

const itemNumber = (n: number) => items.find((item) => item.title === `news number ${n}`)!;
const requestFor = (n: number) => requests.get(itemNumber(n).id)!;
const replyAddressOf = (mail: CaughtMail) => mail.parsed.replyTo!.value[0]!.address!;

async function reply(n: number, style: ClientStyle, text: string, from = ADA, headers: Record<string, string> = {}) {
  const original = requestFor(n);
  await deliverRaw(harness.catcher.url, { from, to: [replyAddressOf(original)] }, replyAs(style, original.parsed, from, text, headers));
}

const itemState = async (n: number) => (await harness.store.items.get(itemNumber(n).id))!;
const decided = (n: number) => waitFor(`item ${n} decided`, async () => ((await itemState(n)).state !== 'pending' ? itemState(n) : undefined));
const inboundSettled = () => waitFor('inbound mail processed', async () => (await harness.store.mail.listInbound()).every((row) => row.state !== 'received'));

describe('the approval request', () => {
  test('reaches the approver with the item, captions per network, signed links and a signed reply-to address', async () => {
    const mail = requestFor(0);
    const item = itemNumber(0);
    expect(mail.parsed.subject).toBe(`Approve? ${item.title}`);
    expect(replyAddressOf(mail)).toMatch(/^approvals\+[a-z2-7]{52}@testcity\.example$/);
    expect(replyAddressOf(mail).split('@')[0]!.length).toBeLessThanOrEqual(64);
    const html = String(mail.parsed.html);
    for (const expected of [item.title, item.url, 'Proposed captions', 'LinkedIn', 'Bluesky', 'Mastodon', '#TestCity', '/a/']) expect(html).toContain(expected);
    expect(mail.parsed.text).toMatch(/Approve: http:\/\/127\.0\.0\.1:8080\/a\/[a-z2-7]{52}/);
    expect(mail.parsed.text).toContain('hyväksy');
    expect(mail.parsed.headers.get('auto-submitted')).toBe('auto-generated');
    // captions are stored on the item, every one within its network's limit and carrying the hashtag
    expect(item.captions!.language).toBe('fi');
    for (const [network, caption] of Object.entries(item.captions!.networks)) {
      expect(caption).toContain('#TestCity');
      expect(caption).toContain(item.url);
      expect(checkCaption(network as never, caption).ok).toBe(true);
    }
    // the backup approver is not asked yet; the audit trail records who was asked, when and how
    expect(await approvalMailsTo(harness.store, BO)).toHaveLength(0);
    const trail = (await harness.store.approvals.trails([item.id])).get(item.id)!;
    expect(trail.map((e) => [e.kind, e.recipient, e.channel])).toEqual([['requested', ADA, 'email']]);
    const state = await harness.client.workflow.getHandle(item.id).query(approvalStateQuery);
    expect(state).toMatchObject({ stage: 'awaiting-decision', approvers: [{ email: ADA, name: 'Ada Admin' }] });
  });
});

describe('replies', () => {
  const styles: [number, ClientStyle, string][] = [
    [1, 'gmail', 'Approve'],
    [2, 'outlook', 'approve.'],
    [3, 'apple', 'APPROVE!'],
    [4, 'iphone', 'approve'],
    [5, 'thunderbird', 'Approve'],
    [6, 'gmail-html-only', 'approve'],
    [7, 'outlook-fi', 'Hyväksy'],
    [8, 'apple-sv', 'Godkänn'],
  ];
  test.each(styles)('item %i: a reply in %s style saying "%s" approves it, and the approver gets a threaded confirmation', async (n, style, text) => {
    const started = Date.now();
    await reply(n, style, text);
    const item = await decided(n);
    latencies.push(Date.now() - started);
    expect(item).toMatchObject({ state: 'approved', decided_by: ADA, decided_via: 'email' });
    const confirmation = await waitFor('the confirmation', async () =>
      (await approvalMailsTo(harness.store, ADA, 'Re: Approve?')).find((m) => m.parsed.headers.get('x-kaiku-item') === item.id),
    );
    expect(confirmation.parsed.inReplyTo).toBe(requestFor(n).parsed.messageId);
    expect(confirmation.parsed.text!.replace(/\s+/g, ' ')).toMatch(
      /^Approved: "news number \d+"\. It goes out to advocates in the next digest, Monday \d+ \w+ at 08:30 \(Europe\/Helsinki\)\./,
    );
  });

  test('"reject" with a reason rejects, keeping the reason; "hylkää" and "avvisa" reject too', async () => {
    await reply(9, 'gmail', 'Reject: not for our advocates, too internal');
    await reply(10, 'iphone', 'hylkää');
    await reply(11, 'apple-sv', 'Avvisa - fel målgrupp');
    expect(await decided(9)).toMatchObject({ state: 'rejected', decision_reason: 'not for our advocates, too internal' });
    expect(await decided(10)).toMatchObject({ state: 'rejected', decision_reason: null });
    expect(await decided(11)).toMatchObject({ state: 'rejected', decision_reason: 'fel målgrupp' });
  });

  test('"approve" with text below it approves with that caption, the link and hashtag added', async () => {
    await reply(12, 'gmail', 'approve\nOur new library opens on Monday: come and see!');
    const item = await decided(12);
    expect(item.state).toBe('approved');
    expect(item.captions!.edited).toBe(true);
    for (const caption of Object.values(item.captions!.networks))
      expect(caption).toBe(`Our new library opens on Monday: come and see!\n\n${item.url} #TestCity`);
  });

  test('a caption too long for X is refused with the count and the limit; nothing changes', async () => {
    await reply(13, 'outlook', `approve\n${'Long words about the library. '.repeat(12)}`);
    const answer = await waitFor('an answer', async () =>
      (await caughtMail(harness.store)).find((m) => m.to.includes(ADA) && m.parsed.text?.includes('caption is')),
    );
    expect(answer.parsed.text).toMatch(/The X caption is \d{3} characters long; X allows 280/);
    expect(answer.parsed.headers.get('auto-submitted')).toBe('auto-replied');
    await inboundSettled();
    expect((await itemState(13)).state).toBe('pending');
  });

  test('an unclear reply gets a short explanation; nothing changes', async () => {
    await reply(14, 'gmail', 'Maybe later? Let me think');
    const answer = await waitFor('an explanation', async () =>
      (await caughtMail(harness.store)).find((m) => m.to.includes(ADA) && m.parsed.text?.includes('did not understand')),
    );
    expect(answer.parsed.text).toContain('"Maybe later? Let me think"');
    expect(answer.parsed.inReplyTo).toBeTruthy();
    expect((await itemState(14)).state).toBe('pending');
  });
});

describe('forged tokens and wrong senders', () => {
  test('a reply address with a forged, altered or expired token is refused at RCPT; nothing changes', async () => {
    const real = replyAddressOf(requestFor(15));
    const token = real.slice('approvals+'.length, real.indexOf('@'));
    const altered = `approvals+${token.slice(0, 20)}${token[20] === 'a' ? 'b' : 'a'}${token.slice(21)}@testcity.example`;
    const forged = `approvals+${issueApprovalToken(new Secret('an attacker secret that is long enough'), { kind: 'reply', itemId: itemNumber(15).id, approverEmail: ADA, expiresAt: new Date(Date.now() + 86_400_000) })}@testcity.example`;
    const expired = `approvals+${issueApprovalToken(harness.secret, { kind: 'reply', itemId: itemNumber(15).id, approverEmail: ADA, expiresAt: new Date(Date.now() - 1000) })}@testcity.example`;
    for (const address of [altered, forged, expired]) {
      await expect(deliverRaw(harness.catcher.url, { from: ADA, to: [address] }, replyAs('gmail', requestFor(15).parsed, ADA, 'approve'))).rejects.toThrow(
        /550/,
      );
    }
    expect((await itemState(15)).state).toBe('pending');
  });

  test('the same forged tokens through the webhook door are ignored and logged; nothing changes', async () => {
    const forged = `approvals+${issueApprovalToken(new Secret('an attacker secret that is long enough'), { kind: 'reply', itemId: itemNumber(15).id, approverEmail: ADA, expiresAt: new Date(Date.now() + 86_400_000) })}@testcity.example`;
    const raw = replyAs('gmail', requestFor(15).parsed, ADA, 'approve').replace(/^To: .*$/m, `To: ${forged}`);
    const { id } = await harness.inbound.accept({ raw: Buffer.from(raw), via: 'webhook' });
    await inboundSettled();
    expect((await harness.store.mail.inbound(id!))!.outcome).toBe('ignored-bad-token');
    expect((await itemState(15)).state).toBe('pending');
  });

  test('a reply from someone other than the approver the token was issued to is ignored; nothing changes', async () => {
    const before = (await caughtMail(harness.store)).filter((m) => m.to.includes(BO)).length;
    await reply(15, 'gmail', 'approve', BO);
    await inboundSettled();
    const row = (await harness.store.mail.listInbound()).find((r) => r.sender === BO)!;
    expect(row.outcome).toBe('ignored-wrong-sender');
    expect((await itemState(15)).state).toBe('pending');
    expect((await caughtMail(harness.store)).filter((m) => m.to.includes(BO)).length).toBe(before);
  });
});

describe('links', () => {
  const linkOf = (mail: CaughtMail, label: 'Approve' | 'Reject') => new URL(new RegExp(`${label}:\\s+(\\S+)`).exec(mail.parsed.text!)![1]!).pathname;

  test('opening the Approve link only shows a confirmation page; the POST approves', async () => {
    const path = linkOf(requestFor(16), 'Approve');
    const page = await harness.app.request(path);
    expect(page.status).toBe(200);
    const body = await page.text();
    expect(body).toContain('Deciding as <strong>Ada Admin</strong>');
    expect(body).toContain('method="post"');
    // a mail scanner's prefetch (GET, HEAD) decides nothing
    await harness.app.request(path, { method: 'HEAD' });
    expect((await itemState(16)).state).toBe('pending');
    const browser = FormClient.forApp(harness.app);
    const post = await browser.submit(await browser.get(path));
    expect(post.status).toBe(200);
    expect(await post.text()).toContain('Approved. It goes out to advocates in the next digest');
    expect(await itemState(16)).toMatchObject({ state: 'approved', decided_via: 'link', decided_by: ADA });
    // opening it again tells who decided
    expect(await (await harness.app.request(path)).text()).toContain('This item was already approved by Ada Admin');
  });

  test('the Reject link rejects with the reason given on its page', async () => {
    const path = linkOf(requestFor(17), 'Reject');
    const browser = FormClient.forApp(harness.app);
    const post = await browser.submit(await browser.get(path), { fields: { reason: 'duplicate of last week' } });
    expect(post.status).toBe(200);
    expect(await itemState(17)).toMatchObject({ state: 'rejected', decided_via: 'link', decision_reason: 'duplicate of last week' });
  });

  test('forged, altered and expired link tokens get 403 and change nothing', async () => {
    const path = linkOf(requestFor(18), 'Approve');
    const token = path.split('/').pop()!;
    const altered = `/a/${token.slice(0, 30)}${token[30] === 'a' ? 'b' : 'a'}${token.slice(31)}`;
    const expired = `/a/${issueApprovalToken(harness.secret, { kind: 'approve', itemId: itemNumber(18).id, approverEmail: ADA, expiresAt: new Date(Date.now() - 1) })}`;
    const reply = `/a/${issueApprovalToken(harness.secret, { kind: 'reply', itemId: itemNumber(18).id, approverEmail: ADA, expiresAt: new Date(Date.now() + 60_000) })}`;
    for (const bad of [altered, expired, reply, '/a/not-a-token']) {
      const response = await harness.app.request(bad, { method: 'POST', body: new URLSearchParams({ decision: 'approve' }) });
      expect(response.status, bad).toBe(403);
    }
    expect(await (await harness.app.request(expired)).text()).toContain('has expired');
    expect((await itemState(18)).state).toBe('pending');
  });

  test('two approvers at the same moment, one by link and one by reply: one decision, the other told who decided', async () => {
    // Bo becomes an approver of item 19 by escalation in the other suite; here both tokens are Ada's, one per channel.
    const path = linkOf(requestFor(19), 'Approve');
    const browser = FormClient.forApp(harness.app);
    const page = await browser.get(path);
    const [post] = await Promise.all([browser.submit(page), reply(19, 'gmail', 'reject: no')]);
    const item = await decided(19);
    await inboundSettled();
    const events = (await harness.store.approvals.trails([item.id])).get(item.id)!;
    expect(events.filter((e) => e.kind === 'approved' || e.kind === 'rejected')).toHaveLength(1);
    const loser = events.find((e) => e.kind === 'refused')!;
    expect(loser.detail).toMatchObject({
      refusal: expect.stringMatching(
        /^This item was already (approved|rejected) by Ada Admin <ada@testcity\.example> at .* by email (link|reply)\. Nothing was changed\.$/,
      ),
    });
    if (item.state === 'approved') {
      expect(post.status).toBe(200);
      expect(loser.channel).toBe('email');
    } else {
      expect(post.status).toBe(409);
      expect(await post.text()).toContain('already rejected by Ada Admin');
    }
  });
});

describe('mail no person wrote, and mail no one can read', () => {
  test('malformed MIME, HTML-only without a keyword, auto-replies and bounces: no decision, no crash, no answer', async () => {
    const original = requestFor(20);
    const to = [replyAddressOf(original)];
    const outgoingBefore = (await caughtMail(harness.store)).filter((m) => !m.inbound).length;
    const garbage =
      'Content-Type: multipart/mixed; boundary="x"\r\n\r\n--x\r\nContent-Type: text/plain; charset=bogus-8\r\nContent-Transfer-Encoding: base64\r\n\r\n%%%not base64%%%\r\n--y--\r\n';
    await deliverRaw(harness.catcher.url, { from: ADA, to }, garbage);
    await deliverRaw(harness.catcher.url, { from: ADA, to }, '\x00\x01\x02 not a mail at all');
    await deliverRaw(harness.catcher.url, { from: ADA, to }, replyAs('gmail', original.parsed, ADA, 'approve', { 'Auto-Submitted': 'auto-replied' }));
    await deliverRaw(
      harness.catcher.url,
      { from: ADA, to },
      replyAs('outlook', original.parsed, ADA, 'approve').replace(/^Subject: .*$/m, 'Subject: Automatic reply: Out of office until Monday'),
    );
    await deliverRaw(harness.catcher.url, { from: '', to }, replyAs('gmail', original.parsed, ADA, 'approve'));
    await inboundSettled();
    expect((await itemState(20)).state).toBe('pending');
    const outcomes = (await harness.store.mail.listInbound()).slice(0, 5).map((row) => row.outcome);
    expect(outcomes.sort()).toEqual(['ignored-automatic', 'ignored-automatic', 'ignored-automatic', 'malformed', 'malformed'].sort());
    expect((await caughtMail(harness.store)).filter((m) => !m.inbound).length).toBe(outgoingBefore);
    expect(harness.worker.getState()).toBe('RUNNING');
  });

  test('a 20 MB attachment is refused by the SMTP server (552) and by the webhook (413)', async () => {
    const original = requestFor(20);
    const big = replyAs('gmail', original.parsed, ADA, 'approve').replace(
      '--b1--',
      `--b1\r\nContent-Type: application/octet-stream\r\nContent-Transfer-Encoding: base64\r\n\r\n${'QUFBQUFBQUFB\r\n'.repeat(1_700_000)}--b1--`,
    );
    expect(big.length).toBeGreaterThan(20_000_000);
    await expect(deliverRaw(harness.catcher.url, { from: ADA, to: [replyAddressOf(original)] }, big)).rejects.toThrow(/552/);
    expect((await itemState(20)).state).toBe('pending');
  });

  test('answers to one sender are capped at 10 an hour: a loop that slips past the checks cannot start a storm', async () => {
    for (let i = 0; i < 12; i++) await reply(21, 'gmail', `hmm ${i}`);
    await inboundSettled();
    const answers = (await caughtMail(harness.store)).filter(
      (m) => !m.inbound && m.to.includes(ADA) && /did not understand|Nothing was changed/.test(m.parsed.text ?? ''),
    );
    expect(answers.length).toBe(10);
    expect((await harness.store.mail.listInbound()).filter((row) => row.outcome === 'unclear-unanswered').length).toBeGreaterThan(0);
    expect((await itemState(21)).state).toBe('pending');
  });
});

describe('the admin page', () => {
  test('signs an admin in with a one-time link sent by email, and lets them decide there', async () => {
    const mailsTo = outboxMailsTo(harness.store);
    const mallory = FormClient.forApp(harness.app);
    const unknown = await mallory.submit(await mallory.get('/admin/login'), { fields: { email: 'mallory@evil.example' } });
    expect(await unknown.text()).toContain('If mallory@evil.example is an admin');

    const bo = FormClient.forApp(harness.app);
    expect((await bo.submit(await bo.get('/admin/login'), { fields: { email: BO } })).status).toBe(200);
    const link = await signInLinkFor(mailsTo, BO);
    // mallory's request came first, and no mail went to her address
    expect(await mailsTo('mallory@evil.example')).toEqual([]);
    const confirmPage = await bo.get(link);
    expect(confirmPage.status).toBe(200);
    const signIn = await bo.submit(confirmPage);
    expect(signIn.status).toBe(303);
    const cookie = signIn.headers.getSetCookie().find((line) => line.startsWith('kaiku_session='))!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect((await bo.submit(confirmPage)).status).toBe(403); // used once

    const item = itemNumber(22);
    const adminPage = await bo.get('/admin');
    // Bo is not an approver of this source's items (not escalated yet): no Decide for him, only who decides it
    const card = adminPage.text.slice(adminPage.text.indexOf(`data-item-id="${item.id}"`));
    expect(card.slice(0, card.indexOf('</article>'))).toContain('Waiting for Ada Admin to decide.');
    expect(adminPage.text).not.toContain(`action="/admin/items/${item.id}/decide"`);

    const ada = FormClient.forApp(harness.app);
    await signInAsAdmin(ada, mailsTo, ADA);
    const ok = await ada.submit(await ada.get('/admin'), {
      action: `/admin/items/${item.id}/decide`,
      has: 'input[name="decision"][value="reject"]',
      fields: { reason: 'off topic' },
    });
    expect(ok.status).toBe(200);
    expect(await itemState(22)).toMatchObject({ state: 'rejected', decided_via: 'admin', decision_reason: 'off topic' });
  });

  test('shows each item with its decision trail: who, when and how', async () => {
    const ada = FormClient.forApp(harness.app);
    await signInAsAdmin(ada, outboxMailsTo(harness.store), ADA);
    const page = (await ada.get('/admin?state=approved')).text;
    const section = page.slice(page.indexOf(`data-item-id="${itemNumber(1).id}"`));
    expect(section).toMatch(/approval asked of Ada Admin by email/);
    expect(section).toMatch(/approved by Ada Admin by email reply/);
    expect(section).toMatch(/confirmation sent to Ada Admin/);
    expect(page).toContain('approved by Ada Admin by email link');
  });
});

describe('the webhook door', () => {
  test('a raw MIME reply posted with the secret decides; without it, 401', async () => {
    const { inboundRoutes } = await import('../../server/routes/inbound.js');
    const { Hono } = await import('hono');
    const app = new Hono().route(
      '/inbound',
      inboundRoutes({ processor: harness.inbound, webhookSecret: 'w'.repeat(30), maxSize: 10 * 1024 * 1024, log: quietLog }),
    );
    const raw = replyAs('apple', requestFor(23).parsed, ADA, 'Approve');
    const denied = await app.request('/inbound/email', { method: 'POST', headers: { authorization: 'Bearer wrong' }, body: raw });
    expect(denied.status).toBe(401);
    expect((await itemState(23)).state).toBe('pending');
    const accepted = await app.request('/inbound/email', {
      method: 'POST',
      headers: { authorization: `Bearer ${'w'.repeat(30)}`, 'content-type': 'message/rfc822' },
      body: raw,
    });
    expect(accepted.status).toBe(202);
    expect(await decided(23)).toMatchObject({ state: 'approved', decided_via: 'email' });
    // the same mail forwarded again is recognised and read once
    const again = await app.request('/inbound/email', { method: 'POST', headers: { authorization: `Bearer ${'w'.repeat(30)}` }, body: raw });
    expect(await again.json()).toEqual({ duplicate: true });
    const big = await app.request('/inbound/email', {
      method: 'POST',
      headers: { authorization: `Bearer ${'w'.repeat(30)}` },
      body: 'x'.repeat(11 * 1024 * 1024),
    });
    expect(big.status).toBe(413);
  });
});

test('reply → decision latency (reported, not asserted)', () => {
  const sorted = [...latencies].sort((a, b) => a - b);
  expect(sorted.length).toBeGreaterThan(0);
  console.log(`reply arrival → recorded decision over SMTP: n=${sorted.length}, median ${sorted[Math.floor(sorted.length / 2)]} ms, max ${sorted.at(-1)} ms`);
});
