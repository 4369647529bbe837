import * as cheerio from 'cheerio';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { FeedServer } from '../helpers/feed-server.js';
import { entries, rss2 } from '../helpers/feeds.js';
import { FormClient, signInAsAdmin, sinkMailsTo } from '../helpers/form-client.js';
import { quietLog, startHarness, testConfigInput, type Harness } from '../helpers/harness.js';
import { startMailSink, waitFor, type MailSink } from '../helpers/mail.js';
import { advocate, approveItems } from '../helpers/digests.js';

// An urgent send whose mail server refuses one advocate's address for good (550 at RCPT TO, a real SMTP server on
// loopback): that advocate is not counted as mailed, the send's table says so, and the refusal does not count
// against their urgent cap, so the next send may reach them once their address works.

const ADA = 'ada@testcity.example';
const GONE = 'gone@testcity.example';

let feeds: FeedServer;
let sink: MailSink;
let harness: Harness;

beforeAll(async () => {
  feeds = await FeedServer.start();
  feeds.feed('/news.xml', rss2('News', entries(`${feeds.origin}/news`, 1, 'news'), { language: 'fi' }));
  sink = await startMailSink({ refuse: [GONE], keepRaw: true });
  harness = await startHarness({
    smtpUrl: sink.url,
    configInput: testConfigInput([{ id: 'news', kind: 'feed', url: feeds.url('/news.xml'), allowPrivateAddresses: true, approvers: [ADA] }], {
      fetch: { enrich: false },
    }),
  });
  await harness.poll('news');
  await harness.approvalsRequested();
  const [item] = await harness.store.items.listByState('pending', 10);
  await approveItems({ ...harness, log: quietLog }, [item!.id], ADA);
  await harness.store.advocates.upsert([
    advocate({ email: 'aino@testcity.example', name: 'Aino', language: 'fi' }),
    advocate({ email: 'sam@testcity.example', name: 'Sam', language: 'en' }),
    advocate({ email: GONE, name: 'Gone', language: 'fi' }),
  ]);
}, 180_000);

afterAll(async () => {
  await harness?.close();
  await sink?.close();
  await feeds?.close();
});

test('a refused address is not counted as mailed, the page says so, and it does not use up the cap', async () => {
  const [item] = await harness.store.items.listByState('approved', 10);
  const client = FormClient.forApp(harness.app);
  await signInAsAdmin(client, sinkMailsTo(sink), ADA);
  const urgent = `/admin/items/${item!.id}/urgent`;
  const counted = await client.submit(await client.get(urgent), { action: `${urgent}/count`, fields: { kind: 'all' } });
  const countPage = { url: urgent, status: counted.status, headers: counted.headers, text: await counted.text() };
  const sent = await client.submit({ ...countPage, $: cheerio.load(countPage.text) }, { action: `${urgent}/send` });
  expect(sent.status).toBe(303);
  const send = await waitFor('the urgent send finished', async () => {
    const [row] = await harness.db.database.db.selectFrom('urgent_sends').selectAll().where('item_id', '=', item!.id).execute();
    return row?.finished_at ? row : undefined;
  });
  const mails = await harness.db.database.db
    .selectFrom('urgent_mails')
    .innerJoin('advocates', 'advocates.id', 'urgent_mails.advocate_id')
    .select(['advocates.email', 'urgent_mails.state'])
    .where('send_id', '=', send.id)
    .orderBy('advocates.email')
    .execute();
  expect(mails).toEqual([
    { email: 'aino@testcity.example', state: 'sent' },
    { email: GONE, state: 'failed' },
    { email: 'sam@testcity.example', state: 'sent' },
  ]);
  expect(sink.refusals.permanent).toBeGreaterThanOrEqual(1);
  expect(sink.messages.filter((m) => m.to.some((to) => /aino|sam/.test(to)))).toHaveLength(2);
  const page = await client.get(urgent);
  expect(page.$(`tr[data-send-id="${send.id}"]`).text().replace(/\s+/g, ' ')).toContain('2 of 3 · 1 refused by its mail server');
  // The cap (one urgent mail a week by default) holds Aino and Sam back now, not the one whose address was refused.
  const again = await client.submit(page, { action: `${urgent}/count`, fields: { kind: 'all' } });
  expect(again.status).toBe(200);
  const answer = cheerio.load(await again.text());
  expect(answer('#reach').text().replace(/\s+/g, ' ').trim()).toBe('It will reach 1 advocate.');
  expect(answer('li[data-reason="cap reached"] strong').text()).toBe('2');
});
