import { afterAll, beforeAll, expect, test } from 'vitest';
import { ImapFlow } from 'imapflow';
import { FeedServer } from '../helpers/feed-server.js';
import { entries, rss2 } from '../helpers/feeds.js';
import { quietLog, startHarness, testConfigInput, type Harness } from '../helpers/harness.js';
import { approvalMailsTo, replyAs, waitFor } from '../helpers/mail.js';
import { startDovecot, type Dovecot } from '../helpers/dovecot.js';
import { startImapInbox } from '../../integrations/email/imap-inbox.js';

// The production door: replies land in a real IMAP mailbox (Dovecot) and kaiku's imapflow poller reads them.
const ADA = 'ada@testcity.example';
let feeds: FeedServer;
let harness: Harness;
let dovecot: Dovecot;

beforeAll(async () => {
  dovecot = await startDovecot();
  feeds = await FeedServer.start();
  feeds.feed('/news.xml', rss2('News', entries(`${feeds.origin}/imap`, 3, 'imap')));
  harness = await startHarness({
    configInput: testConfigInput([{ id: 'news', kind: 'feed', url: feeds.url('/news.xml'), allowPrivateAddresses: true, approvers: [ADA] }], {
      fetch: { enrich: false },
    }),
  });
  await harness.poll('news');
  await harness.approvalsRequested();
}, 60_000);

afterAll(async () => {
  await harness?.close();
  await feeds?.close();
  await dovecot?.stop();
});

/** Delivers a message into the mailbox the way the organisation's mail server would. */
async function deliver(raw: string) {
  const imap = new ImapFlow({
    host: '127.0.0.1',
    port: dovecot.port,
    secure: false,
    doSTARTTLS: false,
    auth: { user: dovecot.user, pass: dovecot.password },
    logger: false,
  } as never);
  await imap.connect();
  await imap.append('INBOX', raw);
  await imap.logout();
}

test('a reply delivered to the IMAP mailbox decides the item; a restart neither skips nor repeats mail', async () => {
  const requests = await approvalMailsTo(harness.store, ADA);
  expect(requests).toHaveLength(3);
  const [first, second] = requests as [(typeof requests)[0], (typeof requests)[0]];
  await deliver(replyAs('outlook', first.parsed, ADA, 'Approve'));

  let inbox = startImapInbox({ url: dovecot.url, store: harness.store, processor: harness.inbound, pollEveryMs: 60_000, log: quietLog });
  const itemId = String(first.parsed.headers.get('x-kaiku-item'));
  const item = await waitFor('the IMAP reply to decide', async () => {
    const row = await harness.store.items.get(itemId);
    return row?.state === 'approved' ? row : undefined;
  });
  expect(item.decided_via).toBe('email');
  await inbox.close();

  // a new mail while kaiku was away; the next start reads only that one
  await deliver(replyAs('iphone', second.parsed, ADA, 'hylkää: vanha uutinen'));
  inbox = startImapInbox({ url: dovecot.url, store: harness.store, processor: harness.inbound, pollEveryMs: 60_000, log: quietLog });
  const secondId = String(second.parsed.headers.get('x-kaiku-item'));
  await waitFor('the second reply', async () => (await harness.store.items.get(secondId))?.state === 'rejected');
  expect(await inbox.pollNow()).toBe(0);
  await inbox.close();
  // the decision is recorded by the workflow a moment before the processor marks the mail done
  const imapRows = await waitFor('both IMAP mails to be marked done', async () => {
    const rows = (await harness.store.mail.listInbound()).filter((row) => row.via === 'imap');
    return rows.every((row) => row.outcome !== null) && rows;
  });
  expect(imapRows.map((row) => row.outcome).sort()).toEqual(['decided', 'decided']);
  expect((await harness.store.items.get(secondId))!.decision_reason).toBe('vanha uutinen');
}, 60_000);
