import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { FormClient } from '../helpers/form-client.js';
import { FeedServer } from '../helpers/feed-server.js';
import { entries, rss2 } from '../helpers/feeds.js';
import { quietLog, startHarness, testConfigInput, type Harness } from '../helpers/harness.js';
import { advocate, approveItems } from '../helpers/digests.js';
import { caughtMail, deliverRaw, waitFor } from '../helpers/mail.js';
import { signToken } from '../../rules/tokens/signed-token.js';
import { suggestReplyAddress } from '../../rules/digests/links.js';
import { pointsTally } from '../../workflows/engagement.js';

// Advocates' suggested links on the real Temporal dev server: the signed form, a reply to the digest, and
// the fetch's guard. The page server stands on 127.0.0.2, which this test's worker treats as "the public
// internet"; 127.0.0.1 (the feeds, and a secret page) is the private network no suggestion may reach.

const ADA = 'ada@testcity.example';
const AINO = 'aino@testcity.example';
let feeds: FeedServer;
let pages: FeedServer;
let harness: Harness;
let ainoId = '';
let formPath = '';

/** Aino's suggestion form: the page, then its button with the link (and note) typed in. */
async function post(url: string, note = ''): Promise<Response> {
  const aino = FormClient.forApp(harness.app);
  return aino.submit(await aino.get(formPath), { fields: { url, note } });
}
const itemCount = async () => Object.values(await harness.store.items.countByState()).reduce((a, b) => a + b, 0);

beforeAll(async () => {
  feeds = await FeedServer.start();
  pages = await FeedServer.start('127.0.0.2');
  feeds.feed('/news.xml', rss2('News', entries(`${feeds.origin}/news`, 2, 'news'), { language: 'fi' }));
  feeds.route('/secret', (_req, res) => res.end('cloud credentials'));
  const article = (title: string) =>
    `<!doctype html><html lang="sv"><head><title>fallback</title><meta property="og:title" content="${title}"><meta property="og:description" content="Ett nytt bibliotek öppnar."><meta property="og:image" content="/hero.jpg"></head><body>…</body></html>`;
  pages.feed('/article', article('Biblioteket öppnar'), 'text/html; charset=utf-8');
  pages.feed('/article-by-mail', article('Simhallen renoveras'), 'text/html; charset=utf-8');
  pages.route('/to-private', (_req, res) => res.writeHead(302, { location: feeds.url('/secret') }).end());
  pages.route('/huge', (_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end(`<html>${'x'.repeat(3 * 1024 * 1024)}</html>`));
  pages.feed('/report.pdf', '%PDF-1.7', 'application/pdf');
  harness = await startHarness({
    configInput: testConfigInput([{ id: 'news', kind: 'feed', url: feeds.url('/news.xml'), allowPrivateAddresses: true, approvers: [ADA] }], {
      fetch: { enrich: false },
    }),
    suggestionAddressPolicy: (address) => address === '127.0.0.2',
  });
  await harness.poll('news');
  await harness.approvalsRequested();
  await harness.store.advocates.upsert([advocate({ email: AINO, name: 'Aino Virtanen', language: 'en' })]);
  ainoId = String((await harness.store.advocates.byEmail(AINO))!.id);
  formPath = `/suggest/${signToken(harness.secret, 'suggest', { a: ainoId }, 3_600_000)}`;
}, 120_000);

afterAll(async () => {
  await harness?.close();
  await feeds?.close();
  await pages?.close();
});

describe('the signed form', () => {
  test('opens for its advocate only', async () => {
    const page = await harness.app.request(formPath);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Seen something worth sharing?');
    expect((await harness.app.request(`${formPath.slice(0, -3)}AAA`)).status).toBe(403);
    // a post that did not come from the form's page (no form cookie, no token) is refused
    expect((await harness.app.request(formPath, { method: 'POST', body: new URLSearchParams({ url: 'https://example.org/' }) })).status).toBe(403);
    const notALink = await post('www.example.org/news');
    expect(notALink.status).toBe(400);
    expect(await notALink.text()).toContain('is not a link: paste the whole address, starting with https://');
    expect(await harness.store.engagement.suggestionsOf(ainoId)).toEqual([]); // nothing recorded
  });

  test('private, loopback and link-local addresses, names that resolve to one and redirects to one are refused; nothing is fetched', async () => {
    const before = await itemCount();
    for (const url of [
      'http://127.0.0.1/admin',
      'http://10.1.2.3/',
      'http://169.254.169.254/latest/meta-data/',
      'http://[::1]:8080/',
      'http://[::ffff:10.0.0.1]/',
    ]) {
      const response = await post(url);
      expect(response.status, url).toBe(400);
      expect(await response.text(), url).toMatch(/is a private, loopback or link-local address .*Nothing was fetched/);
    }

    const port = new URL(feeds.origin).port;
    const byName = await post(`http://localhost:${port}/secret`);
    expect(byName.status).toBe(400);
    expect(await byName.text()).toMatch(/localhost:\d+ is a private, loopback or link-local address/);
    const redirected = await post(`${pages.origin}/to-private`);
    expect(redirected.status).toBe(400);
    expect(await redirected.text()).toMatch(/127\.0\.0\.1:\d+ is a private, loopback or link-local address/);
    expect(pages.hits('/to-private')).toBe(1);
    expect(feeds.hits('/secret')).toBe(0);

    const huge = await post(`${pages.origin}/huge`);
    expect(await huge.text()).toMatch(/could not read .*\/huge: .*(larger|too large|MB)/i);
    const pdf = await post(`${pages.origin}/report.pdf`);
    expect(await pdf.text()).toMatch(/is not a web page \(application\/pdf\)/);
    expect(await itemCount()).toBe(before);
    const refused = await harness.store.engagement.suggestionsOf(ainoId);
    expect(refused.map((s) => s.state)).toEqual(Array(9).fill('refused'));
    expect(refused.filter((s) => /private, loopback or link-local/.test(s.reason ?? ''))).toHaveLength(7);
  });

  test('a new link becomes an item in the same approval workflow, credited to the advocate, who earns points when it is approved', async () => {
    const response = await post(`${pages.origin}/article`, 'Our new library!');
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('Your suggestion is with the communicators for approval. (Biblioteket öppnar)');
    const [suggestion] = (await harness.store.engagement.suggestionsOf(ainoId)).filter((s) => s.state === 'accepted');
    const item = (await harness.store.items.get(suggestion!.item_id!))!;
    expect(item).toMatchObject({ source_id: 'suggestions', title: 'Biblioteket öppnar', language: 'sv', image_url: `${pages.origin}/hero.jpg` });
    await harness.approvalsRequested();
    const requests = (await caughtMail(harness.store)).filter((mail) => mail.parsed.subject === 'Approve? Biblioteket öppnar');
    expect(requests.map((mail) => mail.to[0]).sort()).toEqual([ADA, 'bo@testcity.example']); // no source names approvers: every admin
    expect(requests[0]!.parsed.text).toContain('Suggested by advocates');

    // the same link again: the same suggestion, not a second item
    const again = await post(`${pages.origin}/article`);
    expect(await again.text()).toContain('Biblioteket öppnar');
    expect((await harness.store.engagement.suggestionsOf(ainoId)).filter((s) => s.url === `${pages.origin}/article`)).toHaveLength(1);

    await approveItems({ ...harness, log: quietLog }, [item.id], ADA);
    await harness.client.workflow.execute(pointsTally, { taskQueue: harness.taskQueue, workflowId: `test-tally-${randomUUID()}` });
    expect((await harness.store.points.forAdvocate(ainoId)).map((row) => [row.reason, row.item_id, row.points])).toEqual([['suggestion', item.id, 25]]);
  });

  test('a link kaiku already has is credited, not duplicated', async () => {
    const existing = (await harness.store.items.listByState('pending', 10)).find((item) => item.source_id === 'news')!;
    const before = await itemCount();
    const response = await post(`${existing.url}?utm_source=newsletter`);
    expect(await response.text()).toContain(`kaiku already has this link; your suggestion is credited to you. (${existing.title})`);
    expect(await itemCount()).toBe(before);
    const credited = (await harness.store.engagement.suggestionsOf(ainoId)).find((s) => s.item_id === existing.id);
    expect(credited).toMatchObject({ state: 'duplicate', via: 'form' });
    await approveItems({ ...harness, log: quietLog }, [existing.id], ADA);
    await harness.client.workflow.execute(pointsTally, { taskQueue: harness.taskQueue, workflowId: `test-tally-${randomUUID()}` });
    expect((await harness.store.points.forAdvocate(ainoId)).filter((row) => row.item_id === existing.id)).toHaveLength(1);
  });
});

describe('a reply to the digest', () => {
  const reply = (from: string, to: string, text: string) =>
    [
      `From: ${from}`,
      `To: ${to}`,
      'Subject: Re: 2 posts to share this week',
      `Message-ID: <${randomUUID()}@mail.example>`,
      'MIME-Version: 1.0',
      'Content-Type: text/plain; charset=utf-8',
      '',
      text,
      '',
      '> On Monday, kaiku wrote:',
      '> 2 posts to share this week https://old.example/quoted',
    ].join('\r\n');

  test('with a link suggests it, answered by mail; from another address it is ignored', async () => {
    const address = suggestReplyAddress(harness.config, harness.secret, ainoId);
    await deliverRaw(
      harness.catcher.url,
      { from: 'mallory@evil.example', to: [address] },
      reply('mallory@evil.example', address, `${pages.origin}/article-by-mail`),
    );
    await deliverRaw(
      harness.catcher.url,
      { from: AINO, to: [address] },
      reply(`Aino Virtanen <${AINO}>`, address, `This one is good:\n${pages.origin}/article-by-mail.`),
    );
    const suggestion = await waitFor('the suggestion by mail', async () =>
      (await harness.store.engagement.suggestionsOf(ainoId)).find((s) => s.via === 'email' && s.state !== 'received'),
    );
    expect(suggestion).toMatchObject({ state: 'accepted', url: `${pages.origin}/article-by-mail` });
    expect((await harness.store.items.get(suggestion.item_id!))!.title).toBe('Simhallen renoveras');
    const answer = await waitFor('the answer', async () =>
      (await caughtMail(harness.store)).find((mail) => !mail.inbound && mail.to.includes(AINO) && /Re: 2 posts/.test(mail.parsed.subject ?? '')),
    );
    expect(answer.parsed.text!.replace(/\s+/g, ' ')).toContain('Your suggestion is with the communicators for approval. (Simhallen renoveras)');
    expect((await caughtMail(harness.store)).some((mail) => !mail.inbound && mail.to.includes('mallory@evil.example'))).toBe(false);
    const rows = await harness.db.database.db.selectFrom('inbound_mail').select(['outcome', 'sender']).execute();
    expect(rows).toEqual(
      expect.arrayContaining([
        { outcome: 'ignored-wrong-sender', sender: 'mallory@evil.example' },
        { outcome: 'suggestion-accepted', sender: AINO },
      ]),
    );
  }, 60_000);
});
