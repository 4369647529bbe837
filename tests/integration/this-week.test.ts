import { afterAll, beforeAll, expect, test } from 'vitest';
import { FeedServer } from '../helpers/feed-server.js';
import { entries, rss2 } from '../helpers/feeds.js';
import { quietLog, startHarness, testConfigInput, type Harness } from '../helpers/harness.js';
import { advocate, approveItems, runDigestTick } from '../helpers/digests.js';
import { startMailSink, type MailSink } from '../helpers/mail.js';
import { FormClient, signInAsAdmin, sinkMailsTo, type Page } from '../helpers/form-client.js';
import { planNextRun } from '../../activities/digest-plan.js';
import { digestMomentOf, digestPeriodAt, formatMoment, nextDigestAt } from '../../rules/digests/digest-moment.js';

// The console's "This week" (issue 17) against what the real digest run then does: advocates in three languages,
// two branches and two topics, some unsubscribed, paused, snoozed, bounced, at the weekly cap, matching nothing or
// taking theirs every other week; the page is read, the run goes at the moment the page names, and the mail that
// goes is exactly what the page said.

const ADA = 'ada@testcity.example';
const ADVOCATES = {
  aino: advocate({ email: 'aino@testcity.example', name: 'Aino Virtanen', language: 'fi', branch: 'Library', topics: ['city'] }),
  erik: advocate({ email: 'erik@testcity.example', name: 'Erik Lindqvist', language: 'sv', branch: 'Library', topics: ['culture'] }),
  sam: advocate({ email: 'sam@testcity.example', name: 'Sam Taylor', language: 'en', branch: null, topics: [] }),
  ville: advocate({ email: 'ville@testcity.example', name: 'Ville Koskinen', language: 'fi', branch: 'Schools', topics: ['culture'] }),
  sara: advocate({ email: 'sara@testcity.example', name: 'Sara Berg', language: 'sv', branch: 'Schools', topics: [] }),
  pia: advocate({ email: 'pia@testcity.example', name: 'Pia Paused', language: 'fi', branch: 'Library' }),
  uma: advocate({ email: 'uma@testcity.example', name: 'Uma Unsubscribed', language: 'fi', branch: 'Schools' }),
  snorre: advocate({ email: 'snorre@testcity.example', name: 'Snorre Snoozing', language: 'sv', branch: 'Library' }),
  bea: advocate({ email: 'bea@testcity.example', name: 'Bea Bounced', language: 'en', branch: 'Schools' }),
  cay: advocate({ email: 'cay@testcity.example', name: 'Cay Capped', language: 'fi', branch: 'Library', topics: ['city'] }),
  // Every other week: whether the next run is his depends on the week the test runs in (even weeks from 1970-01-05).
  fred: advocate({ email: 'fred@testcity.example', name: 'Fred Fortnightly', language: 'fi', branch: 'Library', topics: ['city'] }),
};

let feeds: FeedServer;
let sink: MailSink;
let harness: Harness;
let admin: FormClient;

const idOf = async (email: string) => String((await harness.store.advocates.byEmail(email))!.id);
const figure = (page: Page, selector: string) => Number(page.$(selector).first().text().trim());
const segment = (page: Page, table: string, value: string) =>
  Object.fromEntries(['advocates', 'mailed', 'items'].map((f) => [f, figure(page, `#${table} tr[data-segment="${value}"] td[data-figure="${f}"]`)]));

beforeAll(async () => {
  feeds = await FeedServer.start();
  sink = await startMailSink({ keepRaw: true });
  feeds.feed('/news.xml', rss2('News', entries(`${feeds.origin}/news`, 2, 'news'), { language: 'fi' }));
  feeds.feed('/kultur.xml', rss2('Kultur', entries(`${feeds.origin}/kultur`, 2, 'kultur'), { language: 'sv' }));
  harness = await startHarness({
    smtpUrl: sink.url,
    configInput: testConfigInput(
      [
        { id: 'news', kind: 'feed', url: feeds.url('/news.xml'), topics: ['city'], allowPrivateAddresses: true, approvers: [ADA] },
        { id: 'kultur', kind: 'feed', url: feeds.url('/kultur.xml'), topics: ['culture'], allowPrivateAddresses: true, approvers: [ADA] },
      ],
      { fetch: { enrich: false }, mail: { weeklyCap: 1 } },
    ),
  });
  await harness.poll('news');
  await harness.poll('kultur');
  await harness.approvalsRequested();
  const pending = await harness.store.items.listByState('pending', 100);
  await approveItems(
    { ...harness, log: quietLog },
    pending.map((item) => item.id),
    ADA,
  );
  await harness.store.advocates.upsert(Object.values(ADVOCATES));
  await harness.store.advocates.setPaused(await idOf(ADVOCATES.pia.email), true);
  await harness.store.advocates.unsubscribe(await idOf(ADVOCATES.uma.email));
  await harness.db.database.db.updateTable('advocates').set({ paused_until: '2099-01-01' }).where('email', '=', ADVOCATES.snorre.email).execute();
  // Three permanent refusals in a row: kaiku paused the address.
  await harness.db.database.db.updateTable('advocates').set({ frequency: 'fortnightly' }).where('email', '=', ADVOCATES.fred.email).execute();
  for (let i = 0; i < 3; i++) await harness.store.advocates.recordBounce(await idOf(ADVOCATES.bea.email));
  // Cay's nudge went out an hour ago: with a cap of one mail a week, the digest waits.
  await harness.db.database.db
    .insertInto('keyed_mail')
    .values({
      key: 'nudge:cay',
      kind: 'nudge',
      recipient: ADVOCATES.cay.email,
      message_id: '<nudge.cay@testcity.example>',
      state: 'sent',
      sent_at: new Date(Date.now() - 3_600_000),
    })
    .execute();
  admin = FormClient.forApp(harness.app);
  await signInAsAdmin(admin, sinkMailsTo(sink), ADA);
}, 120_000);

afterAll(async () => {
  await harness?.close();
  await feeds?.close();
  await sink?.close();
});

test('an advocate’s preview shows the digest the run would send, in the fitted mail frame; one who gets nothing says why', async () => {
  const aino = await idOf(ADVOCATES.aino.email);
  const shown = await admin.get(`/admin/this-week?advocate=${aino}`);
  expect(shown.$('#preview-of').text().replace(/\s+/g, ' ')).toMatch(/Aino Virtanen gets 2 items: /);
  expect(shown.$('iframe[data-fit]').attr('src')).toBe(`/admin/advocates/${aino}/preview.html`);
  expect(shown.headers.get('content-security-policy')).toContain("'sha256-");
  const framed = await admin.get(`/admin/advocates/${aino}/preview.html`);
  for (const title of shown
    .$('#preview-of')
    .text()
    .split(': ')[1]!
    .replace(/\.\s*$/, '')
    .split(', '))
    expect(framed.text).toContain(title.trim());

  const found = await admin.get('/admin/this-week?q=pia');
  expect(found.$('#search-results li').text()).toContain('Pia Paused');
  const pia = await admin.get(`/admin/this-week?advocate=${await idOf(ADVOCATES.pia.email)}`);
  expect(pia.$('#preview-of').text().replace(/\s+/g, ' ')).toContain('Pia Paused gets no digest in this run: mail paused');
  expect(pia.$('iframe').length).toBe(0);
  const missing = await admin.get('/admin/this-week?advocate=999999');
  expect(missing.$('#preview-of').text()).toContain('There is no such advocate');
});

test('the page’s counts, reasons and items are what the digest run at the moment it names then sends', async () => {
  const page = await admin.get('/admin/this-week');
  expect(page.status).toBe(200);
  const moment = digestMomentOf(harness.config.digest);
  const at = nextDigestAt(new Date(), 'Europe/Helsinki', moment);
  const fredsWeek = digestPeriodAt(at, 'Europe/Helsinki', moment, 'fortnightly').startsAt.getTime() === at.getTime();
  const fred = fredsWeek ? 1 : 0;
  expect(page.$('#next-run-at').text()).toBe(formatMoment(at, 'Europe/Helsinki'));
  expect(figure(page, '#next-run [data-figure="advocates"]')).toBe(11);
  expect(figure(page, '#next-run [data-figure="mailed"]')).toBe(4 + fred);

  const reasons = Object.fromEntries(
    page
      .$('#nothing li[data-reason]')
      .toArray()
      .map((li) => [
        page.$(li).attr('data-reason')!,
        page
          .$(li)
          .find('a')
          .toArray()
          .map((a) => page.$(a).text()),
      ]),
  );
  expect(reasons).toEqual({
    unsubscribed: ['Uma Unsubscribed'],
    bounced: ['Bea Bounced'],
    paused: ['Pia Paused'],
    snoozed: ['Snorre Snoozing'],
    'weekly cap': ['Cay Capped'],
    // Ville's culture posts are in Swedish, not his language nor the programme's; the city posts are not his topic.
    'nothing matches': ['Ville Koskinen'],
    ...(fredsWeek ? {} : { 'not due': ['Fred Fortnightly'] }),
  });
  expect(segment(page, 'by-language', 'fi')).toEqual({ advocates: 6, mailed: 1 + fred, items: 2 });
  expect(segment(page, 'by-language', 'sv')).toEqual({ advocates: 3, mailed: 2, items: 4 });
  expect(segment(page, 'by-language', 'en')).toEqual({ advocates: 2, mailed: 1, items: 2 });
  expect(segment(page, 'by-branch', 'Library')).toEqual({ advocates: 6, mailed: 2 + fred, items: 4 });
  expect(segment(page, 'by-branch', 'Schools')).toEqual({ advocates: 4, mailed: 1, items: 4 });
  expect(segment(page, 'by-branch', '')).toEqual({ advocates: 1, mailed: 1, items: 2 });
  expect(segment(page, 'by-topic', 'city')).toEqual({ advocates: 3, mailed: 1 + fred, items: 2 });
  expect(segment(page, 'by-topic', 'culture')).toEqual({ advocates: 2, mailed: 1, items: 2 });
  const offered = Object.fromEntries(
    page
      .$('#items tr[data-item]')
      .toArray()
      .map((tr) => [page.$(tr).attr('data-item')!, Number(page.$(tr).find('[data-figure="advocates"]').text())]),
  );
  expect(Object.keys(offered)).toHaveLength(4);

  const run = await runDigestTick(harness.client, harness.taskQueue, { at: at.toISOString() });
  expect(run).toMatchObject({ sent: 4 + fred, held: { 'weekly cap': 1 } });
  const mailedOnPage = Object.values(ADVOCATES)
    .map((a) => a.email)
    .filter(
      (email) =>
        !Object.values(reasons)
          .flat()
          .includes(Object.values(ADVOCATES).find((a) => a.email === email)!.name),
    );
  expect(
    sink.messages
      .filter((m) => m.digest)
      .flatMap((m) => m.to)
      .sort(),
  ).toEqual(mailedOnPage.sort());
  // What each sent digest carried, item by item, is the page's table of items.
  const sent = await harness.db.database.db.selectFrom('digests').select('item_ids').where('state', '=', 'sent').execute();
  const carried: Record<string, number> = {};
  for (const row of sent) for (const id of row.item_ids) carried[id] = (carried[id] ?? 0) + 1;
  expect(carried).toEqual(offered);
  // Ville's digest was planned and found empty, as the page said; the others were never planned.
  const ville = await harness.store.digests.forAdvocate(await idOf(ADVOCATES.ville.email));
  expect(ville.map((d) => d.state)).toEqual(['empty']);

  // After the run, those mailed (and Ville, found empty) have had this period's digest; Cay is still held.
  const after = await admin.get('/admin/this-week');
  expect(figure(after, '#next-run [data-figure="mailed"]')).toBe(0);
  expect(figure(after, '#nothing li[data-reason="already had it"] [data-figure="count"]')).toBe(5 + fred);
  expect(after.$('#nothing li[data-reason="weekly cap"] a').text()).toBe('Cay Capped');
}, 120_000);

test('an advocate who takes a digest every other week is not due in one of two weeks running, the weekly ones in both', async () => {
  const at = nextDigestAt(new Date(), 'Europe/Helsinki', digestMomentOf(harness.config.digest));
  const week = 7 * 24 * 3_600_000;
  const reasons = await Promise.all(
    [at.getTime() - 3_600_000, at.getTime() + week - 3_600_000].map(async (now) => {
      const run = await planNextRun(harness, new Date(now));
      const reasonOf = (email: string) => run.outcomes.find((o) => o.advocate.email === email)!.reason;
      return { fred: reasonOf(ADVOCATES.fred.email), sam: reasonOf(ADVOCATES.sam.email) };
    }),
  );
  expect(reasons.filter((r) => r.fred === 'not due')).toHaveLength(1);
  expect(reasons.filter((r) => r.sam === 'not due')).toHaveLength(0);
});
