import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { FeedServer } from '../helpers/feed-server.js';
import { entries, rss2 } from '../helpers/feeds.js';
import { startHarness, testConfigInput, type Harness } from '../helpers/harness.js';
import { approvalMailsTo, caughtMail, deliverRaw, replyAs, waitFor, type CaughtMail } from '../helpers/mail.js';
import { derivedReplies, derivedReplyBytes } from '../helpers/corpus.js';
import { approvalToken, replyAddress } from '../../rules/approvals/addresses.js';
import type { ItemRow } from '../../db/schema.js';

// The corpus's real client replies (.eml, tests/fixtures/corpus/replies-derived) through kaiku's whole inbound
// path: SMTP to the catcher, stored, read, decided by the approval workflow on the Temporal dev server. Each reply
// goes to the signed reply address of an item of its own (the corpus's `approvals+TOKEN@kaiku.example` replaced
// by a real token) from the approver; its Message-ID is made its own, so the five variants of one original are
// five mails. Then: an unclear reply is answered with the two signed links, and a reply to the confirmation
// corrects the decision while the item has reached no advocate.

const ADA = 'ada@testcity.example';
// The hedged replies come from Bo, about an item of his own: kaiku answers at most 10 explanations an hour per sender.
const BO = 'bo@testcity.example';
const PLACEHOLDER = 'approvals+TOKEN@kaiku.example';
const EML = derivedReplies().filter(([path]) => path.endsWith('.eml'));
const DECIDING = EML.filter(([, expected]) => expected.action !== 'unclear');
const ITEMS = DECIDING.length + 1;

let feeds: FeedServer;
let harness: Harness;
let items: ItemRow[];
let bosItem: ItemRow;

beforeAll(async () => {
  feeds = await FeedServer.start();
  feeds.feed('/news.xml', rss2('City news', entries(`${feeds.origin}/news`, ITEMS, 'news')));
  feeds.feed('/bo.xml', rss2('Bo news', entries(`${feeds.origin}/bo`, 1, 'bo')));
  harness = await startHarness({
    configInput: testConfigInput(
      [
        { id: 'news', kind: 'feed', url: feeds.url('/news.xml'), allowPrivateAddresses: true, approvers: [ADA] },
        { id: 'bo', kind: 'feed', url: feeds.url('/bo.xml'), allowPrivateAddresses: true, approvers: [BO] },
      ],
      { fetch: { enrich: false }, email: { from: 'Test City kaiku <kaiku@testcity.example>' } },
    ),
  });
  await harness.poll('news');
  await harness.poll('bo');
  await harness.approvalsStarted();
  // 41 approval workflows: on a loaded machine their requests take longer than the harness's own 30 s wait.
  await waitFor('every approval request sent', async () => {
    const pending = await harness.store.items.listByState('pending', 1000);
    const trails = await harness.store.approvals.trails(pending.map((item) => item.id));
    return pending.length === ITEMS + 1 && pending.every((item) => trails.get(item.id)?.some((event) => event.kind === 'requested'));
  });
  const pending = await harness.store.items.listByState('pending', 1000);
  items = pending.filter((item) => item.source_id === 'news').sort((a, b) => a.title.localeCompare(b.title, 'en', { numeric: true }));
  bosItem = pending.find((item) => item.source_id === 'bo')!;
}, 180_000);

afterAll(async () => {
  await harness?.close();
  await feeds?.close();
});

function addressFor(item: ItemRow, approver = ADA): string {
  return replyAddress(harness.config, approvalToken(harness.secret, 'reply', item.id, approver, item.expires_at!));
}

/** The corpus mail as its client wrote it, sent to `item`'s reply address by its approver. */
function asReplyTo(path: string, item: ItemRow, approver: string, n: number): string {
  const raw = derivedReplyBytes(path).toString('latin1');
  const [head, ...body] = raw.split(/\r?\n\r?\n/);
  const eol = raw.includes('\r\n') ? '\r\n' : '\n';
  const header = head!
    .replace(PLACEHOLDER, addressFor(item, approver))
    .replace(/^From:.*(\r?\n[ \t].*)*/im, `From: Approver <${approver}>`)
    .replace(/^Message-ID:.*(\r?\n[ \t].*)*/im, `Message-ID: <corpus-${n}@testcity.example>`);
  return [/^Message-ID:/im.test(header) ? header : `${header}${eol}Message-ID: <corpus-${n}@testcity.example>`, ...body].join(`${eol}${eol}`);
}

const inboundSettled = (count: number) =>
  // waits for the mails delivered so far: `count` of them in all
  waitFor(`${count} inbound mails processed`, async () => {
    const rows = await harness.store.mail.listInbound(1000);
    return rows.length >= count && rows.every((row) => row.state !== 'received');
  });

describe('the corpus replies through the whole inbound path', () => {
  test('an unclear reply is answered with a request for a clear word and the two signed links; nothing changes', async () => {
    const item = items[DECIDING.length]!; // the one item no corpus reply decides
    const request = (await approvalMailsTo(harness.store, ADA)).find((m) => m.parsed.headers.get('x-kaiku-item') === item.id)!;
    const before = await harness.store.mail.listInbound(1000);
    await deliverRaw(harness.catcher.url, { from: ADA, to: [addressFor(item)] }, replyAs('outlook', request.parsed, ADA, 'approve? not sure'));
    await inboundSettled(before.length + 1);
    expect((await harness.store.items.get(item.id))!.state).toBe('pending');
    const answer = await waitFor('the answer', async () =>
      (await caughtMail(harness.store)).find((m) => m.to.includes(ADA) && (m.parsed.text ?? '').includes('"approve? not sure"')),
    );
    const text = answer.parsed.text!;
    expect(text).toMatch(/did not understand "approve\? not sure" as a decision/);
    expect(text).toMatch(/Approve: http:\/\/\S+\/a\/[a-z2-7]{52}/);
    expect(text).toMatch(/Reject: http:\/\/\S+\/a\/[a-z2-7]{52}/);
  });

  test('each real client reply decides what its writer meant, with its caption or reason exactly; hedged ones change nothing', async () => {
    const plan = EML.map(([path, expected], n) => {
      const hedged = expected.action === 'unclear';
      return { path, expected, item: hedged ? bosItem : items[DECIDING.findIndex(([p]) => p === path)]!, approver: hedged ? BO : ADA, n };
    });
    const earlier = new Set((await harness.store.mail.listInbound(1000)).map((row) => row.id));
    for (const { path, item, approver, n } of plan) {
      await deliverRaw(harness.catcher.url, { from: approver, to: [addressFor(item, approver)] }, Buffer.from(asReplyTo(path, item, approver, n), 'latin1'));
    }
    await inboundSettled(earlier.size + plan.length);
    const outcomes = (await harness.store.mail.listInbound(1000)).filter((row) => !earlier.has(row.id)).map((row) => row.outcome);
    expect(outcomes).toHaveLength(plan.length);

    for (const { path, expected, item } of plan) {
      const stored = await waitFor(`${path} recorded`, async () => {
        const row = (await harness.store.items.get(item.id))!;
        return expected.action === 'unclear' || row.state !== 'pending' ? row : undefined;
      });
      if (expected.action === 'unclear') {
        expect(stored.state, path).toBe('pending');
        continue;
      }
      expect(stored.state, path).toBe(expected.action === 'approve' ? 'approved' : 'rejected');
      if (expected.reason) expect(stored.decision_reason, path).toBe(expected.reason);
      if (expected.action === 'reject' && !expected.reason) expect(stored.decision_reason, path).toBeNull();
      if (expected.caption) {
        expect(stored.captions!.edited, path).toBe(true);
        for (const caption of Object.values(stored.captions!.networks)) expect(caption.startsWith(`${expected.caption}\n\n`), `${path}: ${caption}`).toBe(true);
      } else if (expected.action === 'approve') {
        expect(stored.captions!.edited, path).toBe(false);
      }
    }
    const byOutcome = outcomes.reduce<Record<string, number>>((counts, outcome) => ({ ...counts, [outcome ?? '?']: (counts[outcome ?? '?'] ?? 0) + 1 }), {});
    console.log(`corpus .eml replies through inbound: ${JSON.stringify(byOutcome)}`);
    expect(byOutcome['decided']).toBe(DECIDING.length);
    expect((byOutcome['unclear'] ?? 0) + (byOutcome['unclear-unanswered'] ?? 0)).toBe(EML.length - DECIDING.length);
  });

  test('the confirmation shows exactly what was stored, per network, and how to correct it', async () => {
    const approved = (await harness.store.items.listByState('approved', 1000)).find((item) => item.captions?.edited)!;
    const confirmation = await waitFor('the confirmation', async () =>
      (await approvalMailsTo(harness.store, ADA, 'Re: Approve?')).find(
        (m) => m.parsed.headers.get('x-kaiku-item') === approved.id && /^Approved:/.test(m.parsed.text ?? ''),
      ),
    );
    const text = confirmation.parsed.text!.replace(/\s+/g, ' ');
    expect(text).toContain('With the captions as you wrote them, for each network:');
    for (const caption of Object.values(approved.captions!.networks)) expect(text).toContain(caption.replace(/\s+/g, ' '));
    expect(text).toMatch(/Not what you meant\? Until \w+ \d+ \w+ at 08:30 \(Europe\/Helsinki\), reply to this mail/);
  });

  test('a reply to the confirmation corrects the decision before the item first goes out, and is confirmed again', async () => {
    const item = (await harness.store.items.listByState('approved', 1000))[0]!;
    const confirmation: CaughtMail = await waitFor('the confirmation', async () =>
      (await approvalMailsTo(harness.store, ADA, 'Re: Approve?')).find((m) => m.parsed.headers.get('x-kaiku-item') === item.id),
    );
    const before = await harness.store.mail.listInbound(1000);
    await deliverRaw(
      harness.catcher.url,
      { from: ADA, to: [confirmation.parsed.replyTo!.value[0]!.address!] },
      replyAs('gmail', confirmation.parsed, ADA, 'Reject: the photo is from last year\n\nThanks,\nAda'),
    );
    await inboundSettled(before.length + 1);
    expect(await harness.store.items.get(item.id)).toMatchObject({ state: 'rejected', decision_reason: 'the photo is from last year', decided_by: ADA });
    const again = await waitFor('the corrected confirmation', async () =>
      (await caughtMail(harness.store)).find((m) => m.to.includes(ADA) && (m.parsed.text ?? '').startsWith('Corrected: rejected')),
    );
    expect(again.parsed.text!.replace(/\s+/g, ' ')).toContain('Reason: the photo is from last year');
    const trail = (await harness.store.approvals.trails([item.id])).get(item.id)!;
    expect(trail.map((event) => event.kind)).toContain('rejected');
  });
});
