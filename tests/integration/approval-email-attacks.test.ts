import { createHash } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { FeedServer } from '../helpers/feed-server.js';
import { entries, rss2 } from '../helpers/feeds.js';
import { quietLog, startHarness, testConfigInput, type Harness } from '../helpers/harness.js';
import { approvalMailsTo, caughtMail, deliverRaw, replyAs, waitFor, type CaughtMail } from '../helpers/mail.js';
import { rowVersions } from '../helpers/snapshot.js';
import { inboundRoutes } from '../../server/routes/inbound.js';
import { addressesOf, dedupKeyOf } from '../../integrations/email/inbound.js';
import { createApprovalSteps } from '../../activities/approval-steps.js';
import { approverDigest, checkApprovalToken, issueApprovalToken } from '../../rules/tokens/approval-token.js';
import type { InboundMailRow, ItemRow } from '../../db/schema.js';

// Issue 13's attacks on approval by email, each through the SMTP catcher and the raw-MIME webhook: a reply
// decides only at its signed reply address, from the approver the token names, and not when the receiving
// server (email.authservId) could not vouch for its From address. Every refusal also shows nothing changed:
// no item, approval event or Temporal update, and no token mailed to anyone but the approver on record.

const ADA = 'ada@testcity.example';
const BO = 'bo@testcity.example';
const MALLORY = 'mallory@evil.example';
const MX = 'mx.testcity.example';
const WEBHOOK_SECRET = 'w'.repeat(32);
const DOORS = ['smtp', 'webhook'] as const;
type Door = (typeof DOORS)[number];

let feeds: FeedServer;
let harness: Harness;
let webhook: ServerType;
let webhookUrl: string;
let items: ItemRow[];
let requests: Map<string, CaughtMail>;

beforeAll(async () => {
  feeds = await FeedServer.start();
  feeds.feed('/news.xml', rss2('City news', entries(`${feeds.origin}/attack`, 9, 'attack')));
  harness = await startHarness({
    configInput: testConfigInput([{ id: 'news', kind: 'feed', url: feeds.url('/news.xml'), allowPrivateAddresses: true, approvers: [ADA] }], {
      fetch: { enrich: false },
      approval: { backupApprovers: [BO] },
      email: { from: 'Test City kaiku <kaiku@testcity.example>', authservId: MX },
    }),
  });
  const app = new Hono().route(
    '/inbound',
    inboundRoutes({ processor: harness.inbound, webhookSecret: WEBHOOK_SECRET, maxSize: 10 * 1024 * 1024, log: quietLog }),
  );
  webhook = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise((resolve) => webhook.once('listening', resolve));
  webhookUrl = `http://127.0.0.1:${(webhook.address() as AddressInfo).port}/inbound/email`;
  await harness.poll('news');
  await harness.approvalsRequested();
  const mails = await approvalMailsTo(harness.store, ADA);
  items = (await harness.store.items.listByState('pending', 100)).sort((a, b) => a.title.localeCompare(b.title, 'en', { numeric: true }));
  requests = new Map(items.map((item) => [item.id, mails.find((mail) => mail.parsed.headers.get('x-kaiku-item') === item.id)!]));
}, 120_000);

afterAll(async () => {
  webhook?.close();
  await harness?.close();
  await feeds?.close();
});

const item = (n: number) => items.find((candidate) => candidate.title === `attack number ${n}`)!;
const requestFor = (n: number) => requests.get(item(n).id)!;
const replyAddressOf = (mail: CaughtMail) => mail.parsed.replyTo!.value[0]!.address!;
const itemState = async (n: number) => (await harness.store.items.get(item(n).id))!;

/** What must not move when a mail is refused: items, their sources and the approval audit trail. */
const snapshot = () => rowVersions(harness.db.database.db, ['sources', 'items', 'item_sources', 'approval_events']);

/** The decide Updates the item's approval workflow has taken (a refused one is never written to its history). */
async function updatesOf(itemId: string): Promise<number> {
  const history = await harness.client.workflow.getHandle(itemId).fetchHistory();
  return (history.events ?? []).filter((event) => event.workflowExecutionUpdateAcceptedEventAttributes || event.workflowExecutionUpdateCompletedEventAttributes)
    .length;
}

/** Hands `raw` to kaiku by `door` and waits until it has been read; resolves with its stored row. */
async function deliver(door: Door, raw: string, envelope: { from: string; to: string[] }): Promise<InboundMailRow> {
  if (door === 'smtp') {
    await deliverRaw(harness.catcher.url, envelope, raw);
  } else {
    const response = await fetch(webhookUrl, {
      method: 'POST',
      headers: { authorization: `Bearer ${WEBHOOK_SECRET}`, 'content-type': 'message/rfc822' },
      body: raw,
    });
    expect(response.status).toBe(202);
  }
  const key = dedupKeyOf(Buffer.from(raw));
  return waitFor(`the ${door} mail to be read`, async () => {
    const row = (await harness.store.mail.listInbound(1000)).find((candidate) => candidate.dedup_key === key);
    return row && row.state !== 'received' && (await harness.store.mail.inbound(row.id));
  });
}

/** A reply written as Gmail writes it, with headers replaced or added (a header set to null is left out). */
function forged(original: CaughtMail, from: string, text: string, headers: Record<string, string | null>, on: Record<string, string> = {}): string {
  let raw = replyAs('gmail', original.parsed, from, text);
  for (const [name, value] of Object.entries(headers)) {
    const pattern = new RegExp(`^${name}: .*\\r\\n`, 'im');
    raw = pattern.test(raw) ? raw.replace(pattern, value === null ? '' : `${name}: ${value}\r\n`) : value === null ? raw : `${name}: ${value}\r\n${raw}`;
  }
  // The receiving server's fields go on top, as an MTA prepends them; fields "upstream" sit lower down.
  for (const [where, field] of Object.entries(on))
    raw = where.startsWith('top')
      ? `Authentication-Results: ${field}\r\n${raw}`
      : raw.replace('MIME-Version:', `Authentication-Results: ${field}\r\nMIME-Version:`);
  return raw;
}

/** Mail kaiku sent after `since` (ids), to anyone. */
async function sentSince(before: Set<string>): Promise<CaughtMail[]> {
  return (await caughtMail(harness.store)).filter((mail) => !mail.inbound && !before.has(mail.id));
}
const outboxIds = async () => new Set((await caughtMail(harness.store)).map((mail) => mail.id));

/** The two links and the reply address of an answer, read back as tokens. */
function tokensIn(mail: CaughtMail) {
  const link = (label: string) => new RegExp(`${label}: \\S+/a/([a-z2-7]{52})`).exec(mail.parsed.text ?? '')?.[1];
  const replyTo = mail.parsed.replyTo?.value[0]?.address;
  return { approve: link('Approve'), reject: link('Reject'), reply: replyTo ? /^approvals\+([a-z2-7]{52})@/.exec(replyTo)?.[1] : undefined };
}

describe('a reply without the signed reply address decides nothing', () => {
  test.each(DOORS)(
    'via %s: the real request Message-ID in In-Reply-To and References, a spoofed From and an attacker Reply-To: refused, explained to the approver on record only',
    async (door) => {
      const target = item(1);
      const before = await snapshot();
      const outbox = await outboxIds();
      const updates = await updatesOf(target.id);
      const requestId = requestFor(1).parsed.messageId!;
      const raw = forged(requestFor(1), ADA, 'approve', {
        To: 'approvals@testcity.example',
        'In-Reply-To': requestId,
        References: `<unrelated.one@mail.example> ${requestId}`,
        'Reply-To': MALLORY,
        Subject: 'Re: URGENT: open http://evil.example/login to keep your account',
      });
      const row = await deliver(door, raw, { from: MALLORY, to: ['approvals@testcity.example'] });

      expect(row).toMatchObject({ state: 'done', outcome: 'no-token', item_id: target.id, sender: ADA });
      expect((await itemState(1)).state).toBe('pending');
      expect(await snapshot()).toEqual(before);
      expect(await updatesOf(target.id)).toBe(updates);

      // one answer, to Ada's address on record, none to the Reply-To or the envelope sender
      const sent = await sentSince(outbox);
      expect(sent.map((mail) => mail.to)).toEqual([[ADA]]);
      const [answer] = sent as [CaughtMail];
      expect(addressesOf(answer.parsed.to)).toEqual([ADA]);
      expect(answer.parsed.subject).toBe(`Re: Approve? ${target.title}`); // the forged subject is not echoed
      const said = answer.parsed.text!.replace(/\s+/g, ' ');
      expect(said).toContain(`It seems to be about "${target.title}"`);
      expect(said).toContain('so it decided nothing');
      expect(said).toContain('If you did not send that mail, someone may have tried to decide in your name');
      expect(answer.parsed.headers.get('auto-submitted')).toBe('auto-replied');
      expect(answer.parsed.inReplyTo).toBe(/^Message-ID: (.*)$/m.exec(raw)![1]);
      expect(answer.parsed.references).toContain(requestId);
      expect(answer.parsed.references).not.toContain('<unrelated.one@mail.example>');
      // Ada's own links and reply address for this item, and only in the mail to her
      const tokens = tokensIn(answer);
      for (const [kind, token] of Object.entries(tokens)) {
        const check = checkApprovalToken(harness.secret, token!);
        expect(check, kind).toMatchObject({ ok: true, token: { kind, itemId: target.id, approver: approverDigest(ADA) } });
      }
      for (const mail of await caughtMail(harness.store)) {
        if (mail.inbound || mail.to.includes(ADA)) continue;
        const raw = Buffer.from((await harness.store.mail.outboxMail(mail.id))!.raw).toString('utf8');
        for (const token of Object.values(tokens)) expect(raw).not.toContain(token);
      }
    },
  );

  test('an old-style Message-ID, guessed from the item id and the address hash: refused, and no item is named', async () => {
    const target = item(2);
    const guessed = `<request.${target.id}.${createHash('sha256').update(ADA).digest('hex').slice(0, 12)}@testcity.example>`;
    expect(requestFor(2).parsed.messageId).not.toBe(guessed);
    const before = await snapshot();
    const outbox = await outboxIds();
    const updates = await updatesOf(target.id);
    const row = await deliver(
      'smtp',
      forged(requestFor(2), ADA, 'approve', { To: 'approvals@testcity.example', 'In-Reply-To': guessed, References: guessed }),
      { from: ADA, to: ['approvals@testcity.example'] },
    );
    expect(row).toMatchObject({ outcome: 'no-token', item_id: null });
    expect((await itemState(2)).state).toBe('pending');
    expect(await snapshot()).toEqual(before);
    expect(await updatesOf(target.id)).toBe(updates);
    const sent = await sentSince(outbox);
    expect(sent.map((mail) => mail.to)).toEqual([[ADA]]);
    expect(sent[0]!.parsed.text!.replace(/\s+/g, ' ')).toContain('To decide an item, use Reply on its approval mail');
    expect(tokensIn(sent[0]!)).toEqual({ approve: undefined, reject: undefined, reply: undefined });
  });

  test('from an address kaiku never mails: no answer at all (no backscatter), nothing changes', async () => {
    const before = await snapshot();
    const outbox = await outboxIds();
    const row = await deliver(
      'webhook',
      forged(requestFor(1), MALLORY, 'approve', { To: 'approvals@testcity.example', 'In-Reply-To': requestFor(1).parsed.messageId! }),
      { from: MALLORY, to: ['approvals@testcity.example'] },
    );
    expect(row.outcome).toBe('ignored-no-token');
    expect(await snapshot()).toEqual(before);
    expect(await sentSince(outbox)).toEqual([]);
  });

  test('a request sent before the upgrade (old-style id in the store): a tokenless reply is refused, its reminder still threads, a reply to its signed address decides', async () => {
    const target = item(3);
    const oldId = `<request.${target.id}.${createHash('sha256').update(ADA).digest('hex').slice(0, 12)}@testcity.example>`;
    // the request row as an older kaiku wrote it
    await harness.db.database.db.updateTable('approval_events').set({ message_id: oldId }).where('key', '=', `${target.id}:${ADA}:request`).execute();
    const before = await snapshot();
    const outbox = await outboxIds();
    const row = await deliver('smtp', forged(requestFor(3), ADA, 'approve', { To: 'approvals@testcity.example', 'In-Reply-To': oldId, References: oldId }), {
      from: ADA,
      to: ['approvals@testcity.example'],
    });
    expect(row).toMatchObject({ outcome: 'no-token', item_id: target.id });
    expect(await snapshot()).toEqual(before);
    const [answer] = await sentSince(outbox);
    expect(answer!.to).toEqual([ADA]);
    expect(checkApprovalToken(harness.secret, tokensIn(answer!).approve!)).toMatchObject({ ok: true, token: { itemId: target.id } });

    const steps = createApprovalSteps({ store: harness.store, config: harness.config, secret: harness.secret, mailer: harness.mailer, log: quietLog });
    await steps.sendApprovalMail({ itemId: target.id, to: { email: ADA, name: 'Ada Admin' }, kind: 'reminder', expiresAt: target.expires_at!.toISOString() });
    const reminder = await waitFor('the reminder', async () =>
      (await sentSince(outbox)).find((mail) => mail.parsed.headers.get('x-kaiku-item') === target.id && mail.parsed.messageId?.startsWith('<reminder.')),
    );
    expect(reminder.parsed.inReplyTo).toBe(oldId);
    expect(reminder.parsed.references).toBe(oldId);
    expect(reminder.parsed.messageId).toMatch(/^<reminder\.[a-z2-7]{26}@testcity\.example>$/);

    const decided = await deliver('smtp', replyAs('outlook', requestFor(3).parsed, ADA, 'Approve'), { from: ADA, to: [replyAddressOf(requestFor(3))] });
    expect(decided.outcome).toBe('decided');
    expect(await itemState(3)).toMatchObject({ state: 'approved', decided_by: ADA, decided_via: 'email' });
    // the confirmation is the last thing this item's workflow writes: later snapshots see a quiet store
    await waitFor('the confirmation', async () => (await harness.store.approvals.trails([target.id])).get(target.id)!.some((e) => e.kind === 'confirmed'));
  });
});

describe('a valid token does not speak for another approver', () => {
  test.each(DOORS)('via %s: a token issued to Bo, sent From Ada (an approver of the item): ignored, nothing changes, no answer', async (door) => {
    const target = item(4);
    const bosToken = issueApprovalToken(harness.secret, { kind: 'reply', itemId: target.id, approverEmail: BO, expiresAt: new Date(Date.now() + 86_400_000) });
    const address = `approvals+${bosToken}@testcity.example`;
    const before = await snapshot();
    const outbox = await outboxIds();
    const updates = await updatesOf(target.id);
    const row = await deliver(door, forged(requestFor(4), ADA, 'approve', { To: address }), { from: ADA, to: [address] });
    expect(row).toMatchObject({ outcome: 'ignored-wrong-sender', item_id: target.id });
    expect((await itemState(4)).state).toBe('pending');
    expect(await snapshot()).toEqual(before);
    expect(await updatesOf(target.id)).toBe(updates);
    expect(await sentSince(outbox)).toEqual([]);
  });
});

describe('Authentication-Results from the trusted receiving server', () => {
  const cases: [string, Record<string, string>, RegExp][] = [
    ['dmarc=fail', { top: `${MX}; dmarc=fail (p=reject dis=none) header.from=testcity.example` }, /^dmarc=fail header\.from=testcity\.example$/],
    [
      'dkim=fail and spf=fail',
      { top: `${MX}; dkim=fail reason="signature verification failed" header.d=testcity.example; spf=fail smtp.mailfrom=ada@testcity.example` },
      /^no pass aligned with testcity\.example: dkim=fail \(testcity\.example\), spf=fail \(testcity\.example\)$/,
    ],
    [
      'a trusted fail beside a pass under an untrusted authserv-id',
      {
        top: `${MX}; dkim=fail header.d=testcity.example; spf=fail smtp.mailfrom=ada@testcity.example`,
        upstream: 'mx.evil.example; dkim=pass header.d=testcity.example; spf=pass smtp.mailfrom=ada@testcity.example; dmarc=pass header.from=testcity.example',
      },
      /^no pass aligned with testcity\.example/,
    ],
    [
      'only a forged pass written under the trusted name upstream, below the real fail',
      { top: `${MX}; dmarc=fail header.from=testcity.example`, upstream: `${MX}; dmarc=pass header.from=testcity.example` },
      /^dmarc=fail/,
    ],
  ];
  const matrix = DOORS.flatMap((door) => cases.map(([name, fields, detail]) => [door, name, fields, detail] as const));

  test.each(matrix)('via %s, %s: the reply at its signed address is refused, nothing changes, no answer', async (door, _name, fields, detail) => {
    const target = item(5);
    const before = await snapshot();
    const outbox = await outboxIds();
    const updates = await updatesOf(target.id);
    const row = await deliver(door, forged(requestFor(5), ADA, 'approve', {}, fields), { from: ADA, to: [replyAddressOf(requestFor(5))] });
    expect(row).toMatchObject({ state: 'done', outcome: 'ignored-unauthenticated', sender: ADA });
    expect(row.detail).toMatch(detail);
    expect((await itemState(5)).state).toBe('pending');
    expect(await snapshot()).toEqual(before);
    expect(await updatesOf(target.id)).toBe(updates);
    expect(await sentSince(outbox)).toEqual([]);
  });
});

describe('the happy path still decides', () => {
  const pass = `${MX}; dkim=pass header.d=testcity.example header.i=@testcity.example; spf=pass smtp.mailfrom=ada@testcity.example; dmarc=pass header.from=testcity.example`;

  test.each([
    ['smtp', 6, { top: pass }],
    ['webhook', 7, { top: pass }],
    // only fields of servers kaiku does not trust: no evidence either way, the signed address decides
    ['smtp', 8, { upstream: 'mx.elsewhere.example; dmarc=fail header.from=testcity.example' }],
  ] as const)('via %s: a reply at the signed address from its approver decides item %i', async (door, n, fields) => {
    const target = item(n);
    const updates = await updatesOf(target.id);
    const row = await deliver(door, forged(requestFor(n), ADA, 'Approve', {}, fields), { from: ADA, to: [replyAddressOf(requestFor(n))] });
    expect(row).toMatchObject({ outcome: 'decided', item_id: target.id });
    expect(await itemState(n)).toMatchObject({ state: 'approved', decided_by: ADA, decided_via: 'email' });
    expect((await harness.store.approvals.trails([target.id])).get(target.id)!.map((e) => e.kind)).toContain('approved');
    expect(await updatesOf(target.id)).toBeGreaterThan(updates);
  });
});
