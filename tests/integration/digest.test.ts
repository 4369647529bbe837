import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { simpleParser, type ParsedMail } from 'mailparser';
import { FeedServer } from '../helpers/feed-server.js';
import { entries, rss2 } from '../helpers/feeds.js';
import { quietLog, startHarness, testConfigInput, type Harness } from '../helpers/harness.js';
import { advocate, approveItems, runDigestTick } from '../helpers/digests.js';
import { startMailSink, type MailSink } from '../helpers/mail.js';
import { stringsFor } from '../../rules/digests/digest-strings.js';
import { FormClient, signInAsAdmin, sinkMailsTo, type Page } from '../helpers/form-client.js';
import { signToken } from '../../rules/tokens/signed-token.js';
import { clickToken, readLinkToken, shareToken } from '../../rules/tokens/link-token.js';
import { digestPeriodAt } from '../../rules/digests/digest-moment.js';

// The weekly digest end to end on the real Temporal dev server: roster → approved items → the tick's
// workflow → SMTP, then the links in the mail: tracked redirects, share dialogs, preferences, unsubscribe.

const ADA = 'ada@testcity.example';
let feeds: FeedServer;
let sink: MailSink;
let harness: Harness;
const mails = new Map<string, ParsedMail>();

beforeAll(async () => {
  feeds = await FeedServer.start();
  sink = await startMailSink({ keepRaw: true });
  feeds.feed('/culture.xml', rss2('Culture', entries(`${feeds.origin}/culture`, 3, 'culture'), { language: 'fi' }));
  feeds.feed('/jobs.xml', rss2('Jobs', entries(`${feeds.origin}/jobs`, 2, 'job'), { language: 'en' }));
  feeds.feed('/sv.xml', rss2('Kultur', entries(`${feeds.origin}/sv`, 1, 'kultur'), { language: 'sv' }));
  harness = await startHarness({
    smtpUrl: sink.url,
    configInput: testConfigInput(
      [
        { id: 'culture', kind: 'feed', url: feeds.url('/culture.xml'), topics: ['culture'], allowPrivateAddresses: true, approvers: [ADA] },
        { id: 'jobs', kind: 'feed', url: feeds.url('/jobs.xml'), topics: ['jobs'], priority: 9, allowPrivateAddresses: true, approvers: [ADA] },
        { id: 'kultur', kind: 'feed', url: feeds.url('/sv.xml'), topics: ['culture'], allowPrivateAddresses: true, approvers: [ADA] },
      ],
      { fetch: { enrich: false }, digest: { maxItems: 3 } },
    ),
  });
  for (const source of ['culture', 'jobs', 'kultur']) await harness.poll(source);
  await harness.approvalsRequested();
  const pending = await harness.store.items.listByState('pending', 100);
  await approveItems(
    { ...harness, log: quietLog },
    pending.map((item) => item.id),
    ADA,
  );
  await harness.store.advocates.upsert([
    advocate({ email: 'aino@testcity.example', name: 'Aino Virtanen', topics: ['culture'], networks: ['linkedin', 'x', 'bluesky', 'mastodon', 'facebook'] }),
    advocate({ email: 'erik@testcity.example', name: 'Erik Lindqvist', language: 'sv', topics: ['culture'], networks: ['x'] }),
    advocate({ email: 'sam@testcity.example', name: 'Sam Taylor', language: 'en', branch: 'Jobs', topics: ['people'], timeZone: 'Pacific/Auckland' }),
    advocate({ email: 'mette@testcity.example', name: 'Mette Jensen', language: 'da', topics: ['sports'], timeZone: 'Europe/Copenhagen' }),
    advocate({ email: 'ville@testcity.example', name: 'Ville Koskinen', topics: [], networks: ['mastodon'], mastodonInstance: 'mastodon.example' }),
  ]);
}, 120_000);

afterAll(async () => {
  await harness?.close();
  await feeds?.close();
  await sink?.close();
});

async function firstDigestOf(email: string): Promise<ParsedMail> {
  const cached = mails.get(email);
  if (cached) return cached;
  const message = sink.messages.find((m) => m.digest && m.to.includes(email));
  if (!message) throw new Error(`no digest reached ${email}`);
  const parsed = await simpleParser(message.raw!);
  mails.set(email, parsed);
  return parsed;
}

/** A header as sent (mailparser folds the List-* headers into one object). */
function headerOf(email: string, name: string): string | undefined {
  const head = sink.messages.find((m) => m.digest && m.to.includes(email))!.head;
  return new RegExp(`^${name}:\\s*(.*)$`, 'im').exec(head.replace(/\r/g, ''))?.[1]?.trim();
}

function linksIn(mail: ParsedMail, path: 'r' | 's' | 'p' | 'u'): string[] {
  return [...new Set([...String(mail.html).matchAll(new RegExp(`https?://[^"\\s<]+/${path}/[A-Za-z0-9_.-]+`, 'g'))].map((m) => m[0]))];
}

describe('a digest tick', () => {
  test('sends each advocate the approved items that fit them, in their language, once per period', async () => {
    const result = await runDigestTick(harness.client, harness.taskQueue, { force: true });
    expect(result).toMatchObject({ planned: 5, sent: 4, empty: 1, bounced: 0 });

    const digests = sink.messages.filter((m) => m.digest);
    expect(digests.map((m) => m.to[0]).sort()).toEqual(['aino@testcity.example', 'erik@testcity.example', 'sam@testcity.example', 'ville@testcity.example']);

    const aino = await firstDigestOf('aino@testcity.example');
    // culture in Finnish (her language), at most maxItems; never jobs (not her topic) nor Swedish
    expect(aino.subject).toMatch(/^3 jaettavaa tällä viikolla/);
    expect(aino.text).toContain('Hei Aino,');
    expect(aino.text).toMatch(/culture number \d/);
    expect(aino.text).not.toMatch(/job number|kultur number/);
    expect(headerOf('aino@testcity.example', 'list-unsubscribe')).toMatch(/^<http:\/\/127\.0\.0\.1:\d+\/u\/[\w.-]+>$/);
    expect(headerOf('aino@testcity.example', 'list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
    // signed: it names neither the advocate nor the week
    expect(aino.messageId).toMatch(/^<digest\.[a-z2-7]{26}@kaiku\.localhost>$/);
    // a preheader; per item one caption with her tracked link in it, and a row of share buttons, one per network she uses
    expect(aino.html).toContain('display:none;max-height:0');
    expect(String(aino.html).match(/class="caption"/g)).toHaveLength(3);
    expect(String(aino.html).match(/class="share-row"/g)).toHaveLength(3);
    expect(linksIn(aino, 's')).toHaveLength(3 * 5);
    expect(linksIn(aino, 'r')).toHaveLength(3);

    const erik = await firstDigestOf('erik@testcity.example');
    expect(erik.subject).toMatch(/inlägg att dela/);
    // his own language first, then the program's: the Swedish item leads
    expect(String(erik.text).indexOf('kultur number 0')).toBeLessThan(String(erik.text).indexOf('culture number'));
    expect(linksIn(erik, 's')).toHaveLength(3);

    // Sam's branch is a topic of the jobs source: his items are the English jobs
    const sam = await firstDigestOf('sam@testcity.example');
    expect(sam.subject).toMatch(/^2 posts to share this week: job number/);

    // Mette follows only sports: nothing relevant, no email; her period is recorded as empty
    const mette = (await harness.store.advocates.byEmail('mette@testcity.example'))!;
    expect((await harness.store.digests.forAdvocate(mette.id)).map((d) => d.state)).toEqual(['empty']);

    // a second tick in the same period sends nothing more
    const again = await runDigestTick(harness.client, harness.taskQueue, { force: false, at: new Date().toISOString() });
    expect(again.sent).toBe(0);
    expect(sink.messages.filter((m) => m.digest)).toHaveLength(4);
  }, 60_000);

  test('a new period never repeats an item the advocate already received', async () => {
    const aino = (await harness.store.advocates.byEmail('aino@testcity.example'))!;
    const nextWeek = new Date(Date.now() + 7 * 86_400_000);
    const period = digestPeriodAt(nextWeek, 'Europe/Helsinki');
    const result = await runDigestTick(harness.client, harness.taskQueue, { force: true, at: nextWeek.toISOString() });
    expect(result.sent).toBe(0);
    const rows = await harness.store.digests.forAdvocate(aino.id);
    expect(rows[0]).toMatchObject({ period: period.key, state: 'empty' });
  }, 30_000);
});

describe('links in the digest', () => {
  test('/r/ records the click and redirects to the item; /s/ shows a share page whose button records the share and opens the network dialog', async () => {
    const aino = await firstDigestOf('aino@testcity.example');
    const advocateId = (await harness.store.advocates.byEmail('aino@testcity.example'))!.id;
    const tracked = linksIn(aino, 'r')[0]!;
    const click = await harness.app.request(new URL(tracked).pathname, { headers: { 'user-agent': 'Mozilla/5.0 (Macintosh)' } });
    expect(click.status).toBe(302);
    const read = readLinkToken(harness.secret, new URL(tracked).pathname.slice(3));
    expect(read.ok).toBe(true);
    const item = (await harness.store.items.get((read as { link: { itemId: string } }).link.itemId))!;
    expect(click.headers.get('location')).toBe(item.url);

    // Each share button opens kaiku's share page (nothing shared yet: scanners open it too); its button goes on.
    const browser = FormClient.forApp(harness.app);
    const pages = new Map<string, Page>();
    const onward = new Map<string, Response>();
    for (const link of linksIn(aino, 's').slice(0, 5)) {
      const token = new URL(link).pathname.slice(3);
      const parsed = readLinkToken(harness.secret, token);
      if (!parsed.ok || parsed.link.kind !== 'share') throw new Error('bad share token in the mail');
      const page = await browser.get(new URL(link).pathname);
      expect(page.status).toBe(200);
      pages.set(parsed.link.network, page);
    }
    expect((await harness.store.digests.linkEvents(advocateId)).filter((e) => e.kind === 'share')).toHaveLength(0);
    for (const [network, page] of pages) if (page.$('form#share').length > 0) onward.set(network, await browser.submit(page));
    const x = new URL(onward.get('x')!.headers.get('location')!);
    expect(x.origin + x.pathname).toBe('https://x.com/intent/tweet');
    expect(x.searchParams.get('url')).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/r\//);
    expect(x.searchParams.get('hashtags')).toBe('TestCity');
    expect(x.searchParams.get('text')).toMatch(/culture number/);
    const bluesky = new URL(onward.get('bluesky')!.headers.get('location')!);
    expect(bluesky.origin + bluesky.pathname).toBe('https://bsky.app/intent/compose');
    expect(bluesky.searchParams.get('text')).toMatch(/\/r\/[\w-]+/);
    // LinkedIn: the composer opens with the caption; the page says so, and offers the copy-the-caption way as a second button
    const linkedin = pages.get('linkedin')!;
    expect(linkedin.$('textarea#caption').text()).toMatch(/\/r\/[\w-]+/);
    const words = stringsFor((await harness.store.advocates.get(advocateId))!.language);
    expect(linkedin.$('#hint').text()).toBe(words.linkedinHint);
    expect(linkedin.text).toContain('navigator.clipboard.writeText');
    expect(linkedin.headers.get('content-security-policy')).toMatch(/script-src 'nonce-[\w-]+'/);
    const composer = new URL(onward.get('linkedin')!.headers.get('location')!);
    expect(composer.origin + composer.pathname).toBe('https://www.linkedin.com/feed/');
    expect(composer.searchParams.get('shareActive')).toBe('true');
    expect(composer.searchParams.get('text')).toBe(linkedin.$('textarea#caption').text().replace(/^\n/, ''));
    const fallback = await browser.submit(linkedin, { has: 'input[name="via"]' });
    expect(fallback.headers.get('location')).toMatch(/^https:\/\/www\.linkedin\.com\/sharing\/share-offsite\/\?url=http/);
    expect(onward.get('facebook')!.headers.get('location')).toMatch(/^https:\/\/www\.facebook\.com\/sharer\/sharer\.php\?u=http/);
    // Aino named no Mastodon server: the page says the share hub will ask for it (and links her preferences)
    expect(pages.get('mastodon')!.$('#hint').text()).toContain(words.mastodonHubHint);
    expect(pages.get('mastodon')!.text).toMatch(/\/p\/[\w.-]+/);
    const hub = new URL(onward.get('mastodon')!.headers.get('location')!);
    expect(hub.origin + hub.pathname).toBe('https://share.joinmastodon.org/');
    expect(decodeURIComponent(hub.hash.replace(/^#text=/, ''))).toBe(pages.get('mastodon')!.$('textarea#caption').text().replace(/^\n/, ''));

    const events = await harness.store.digests.linkEvents(advocateId);
    expect(events.filter((e) => e.kind === 'click')).toHaveLength(1);
    expect(events.filter((e) => e.kind === 'share_opened')).toHaveLength(5);
    expect(
      events
        .filter((e) => e.kind === 'share')
        .map((e) => e.network)
        .sort(),
    ).toEqual(['bluesky', 'facebook', 'linkedin', 'linkedin', 'mastodon', 'x']);
  });

  test("Mastodon shares open on the advocate's own server", async () => {
    const ville = await firstDigestOf('ville@testcity.example');
    const browser = FormClient.forApp(harness.app);
    const response = await browser.submit(await browser.get(new URL(linksIn(ville, 's')[0]!).pathname));
    const target = new URL(response.headers.get('location')!);
    expect(target.origin + target.pathname).toBe('https://mastodon.example/share');
    expect(target.searchParams.get('url')).toMatch(/\/r\//);
  });

  test('unknown, tampered and foreign tokens, and URLs in the query string, get 404: never a redirect elsewhere', async () => {
    const aino = await firstDigestOf('aino@testcity.example');
    const tracked = new URL(linksIn(aino, 'r')[0]!).pathname;
    const share = new URL(linksIn(aino, 's')[0]!).pathname;
    const flip = (path: string) => path.slice(0, -3) + (path.at(-3) === 'A' ? 'B' : 'A') + path.slice(-2);
    const attempts = [
      '/r/unknown',
      '/s/unknown',
      flip(tracked),
      flip(share),
      `${tracked}?url=https://evil.example/`,
      `${tracked}?next=//evil.example`,
      `${share}?u=https%3A%2F%2Fevil.example`,
      `/r/${share.slice(3)}`, // a share token where a click token goes
      `/s/${tracked.slice(3)}`,
      `/r/${clickToken(harness.secret, '999999', 'itm_000000000000000000000000')}`, // signed, but no such item
    ];
    for (const path of attempts) {
      const response = await harness.app.request(path);
      expect(response.status, path).toBe(404);
      expect(response.headers.get('location'), path).toBeNull();
    }
    // a tracked link clicked from Facebook (which appends fbclid) still works
    expect((await harness.app.request(`${tracked}?fbclid=IwAR0abc`)).status).toBe(302);
  });

  test('an expired share button says so instead of sharing', async () => {
    const advocateId = (await harness.store.advocates.byEmail('aino@testcity.example'))!.id;
    const items = await harness.store.items.listByState('approved', 1);
    const old = shareToken(harness.secret, advocateId, items[0]!.id, 'x', 60_000, Date.now() - 3_600_000 * 3);
    expect((await harness.app.request(`/s/${old}`)).status).toBe(410);
  });
});

describe('preferences and unsubscribe', () => {
  test('the preferences link opens that advocate only, and saves their choices', async () => {
    const aino = await firstDigestOf('aino@testcity.example');
    const prefs = new URL(linksIn(aino, 'p')[0]!);
    const page = await harness.app.request(prefs.pathname);
    expect(page.status).toBe(200);
    const body = await page.text();
    expect(body).toContain('aino@testcity.example');
    expect(body).toContain('Oma koosteesi'); // in her language
    expect(body).not.toContain('erik@testcity.example');

    const browser = FormClient.forApp(harness.app);
    const saved = await browser.submit(await browser.get(prefs.pathname), {
      fields: {
        topics: ['culture', 'jobs'],
        networks: ['linkedin', 'mastodon'],
        language: 'sv',
        frequency: 'fortnightly',
        mastodonInstance: 'Mastodon.Social',
      },
    });
    expect(saved.status).toBe(200);
    const row = (await harness.store.advocates.byEmail('aino@testcity.example'))!;
    expect(row).toMatchObject({
      topics: ['culture', 'jobs'],
      networks: ['linkedin', 'mastodon'],
      language: 'sv',
      frequency: 'fortnightly',
      mastodon_instance: 'mastodon.social',
    });
    expect(row.prefs_updated_at).toBeInstanceOf(Date);

    // a later roster import keeps what she chose, and still updates what HR owns
    await harness.store.advocates.upsert([advocate({ email: 'aino@testcity.example', name: 'Aino Virtanen-Koski', topics: ['city'], language: 'fi' })]);
    expect((await harness.store.advocates.byEmail('aino@testcity.example'))!).toMatchObject({
      name: 'Aino Virtanen-Koski',
      topics: ['culture', 'jobs'],
      language: 'sv',
    });

    // bad input: a clear error and nothing changed
    const refused = await browser.submit(await browser.get(prefs.pathname), { fields: { networks: [], language: 'xx', frequency: 'weekly' } });
    expect(refused.status).toBe(400);
    expect(await refused.text()).toMatch(/Inget sparades\..*network/); // Swedish now, as she chose
    expect((await harness.store.advocates.byEmail('aino@testcity.example'))!.language).toBe('sv');
  });

  test('tampered or foreign preference and unsubscribe tokens get 403 and change nothing', async () => {
    const aino = await firstDigestOf('aino@testcity.example');
    const prefs = new URL(linksIn(aino, 'p')[0]!).pathname;
    const unsubscribe = new URL(linksIn(aino, 'u')[0]!).pathname;
    const id = (await harness.store.advocates.byEmail('erik@testcity.example'))!.id;
    const before = await harness.store.advocates.list();
    const attempts: [string, string][] = [
      ['GET', `${prefs.slice(0, -2)}xx`],
      ['POST', `${unsubscribe.slice(0, -2)}xx`],
      ['POST', `/u/${prefs.slice(3)}`], // a preferences token is not an unsubscribe token
      ['GET', `/p/${unsubscribe.slice(3)}`],
      ['POST', `/u/${signToken(harness.secret, 'session', { a: id }, 60_000)}`], // signed for another purpose
      ['POST', `/u/${signToken(harness.secret, 'unsubscribe', { a: id }, -1000)}`], // expired
    ];
    for (const [method, path] of attempts) {
      const response = await harness.app.request(path, { method, body: method === 'POST' ? 'List-Unsubscribe=One-Click' : null });
      expect(response.status, `${method} ${path}`).toBe(403);
    }
    expect(await harness.store.advocates.list()).toEqual(before);
  });

  test('one-click unsubscribe (RFC 8058) works at once, twice gives the same result, and no digest follows', async () => {
    const erik = await firstDigestOf('erik@testcity.example');
    expect(erik.subject).toBeTruthy();
    const target = new URL(headerOf('erik@testcity.example', 'list-unsubscribe')!.replace(/^<|>$/g, ''));
    // GET only asks (mail scanners fetch links)
    expect((await harness.app.request(target.pathname)).status).toBe(200);
    expect((await harness.store.advocates.byEmail('erik@testcity.example'))!.unsubscribed_at).toBeNull();
    const post = () =>
      harness.app.request(target.pathname, {
        method: 'POST',
        body: 'List-Unsubscribe=One-Click',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
    const first = await post();
    expect(first.status).toBe(200);
    const at = (await harness.store.advocates.byEmail('erik@testcity.example'))!.unsubscribed_at;
    expect(at).toBeInstanceOf(Date);
    const second = await post();
    expect(second.status).toBe(200);
    expect((await harness.store.advocates.byEmail('erik@testcity.example'))!.unsubscribed_at).toEqual(at);

    const later = new Date(Date.now() + 14 * 86_400_000).toISOString();
    const before = sink.messages.filter((m) => m.to.includes('erik@testcity.example')).length;
    await runDigestTick(harness.client, harness.taskQueue, { force: true, at: later });
    expect(sink.messages.filter((m) => m.to.includes('erik@testcity.example'))).toHaveLength(before);
  }, 30_000);
});

describe('the admin page', () => {
  test('lists advocates, filters by branch and topic, and previews a digest without sending it', async () => {
    const admin = FormClient.forApp(harness.app);
    await signInAsAdmin(admin, sinkMailsTo(sink), ADA);
    const all = await (await admin.request('/admin/advocates')).text();
    expect(all).toContain('Sam Taylor');
    expect(all).toContain('Mette Jensen');
    const jobs = await (await admin.request('/admin/advocates?branch=Jobs')).text();
    expect(jobs).toContain('Sam Taylor');
    expect(jobs).not.toContain('Mette Jensen');
    const sports = await (await admin.request('/admin/advocates?topic=sports')).text();
    expect(sports).toContain('Mette Jensen');
    expect(sports).not.toContain('Sam Taylor');

    const ville = (await harness.store.advocates.byEmail('ville@testcity.example'))!;
    const sent = sink.messages.length;
    const preview = await admin.request(`/admin/advocates/${ville.id}/preview`);
    expect(preview.status).toBe(200);
    expect(await preview.text()).toMatch(/would get no email|srcdoc/);
    expect(sink.messages).toHaveLength(sent);
    // and without a session, nothing
    expect((await harness.app.request('/admin/advocates')).status).toBe(303);
  });
});
