import { describe, expect, test } from 'vitest';
import { newTextOf, parseReplyCommand } from '../../integrations/email/reply-parser.js';
import { automaticReason } from '../../integrations/email/auto-reply.js';
import { checkApprovalToken, issueApprovalToken, approverDigest } from '../../rules/tokens/approval-token.js';
import { Secret } from '../../rules/tokens/secret.js';
import { signToken, verifyToken } from '../../rules/tokens/signed-token.js';
import { checkCaption, completeCaption } from '../../rules/captions/caption-limits.js';
import { proposeCaptions } from '../../rules/captions/captions.js';
import { nextDigestAt } from '../../rules/digests/digest-moment.js';
import { refusalOf } from '../../rules/approvals/decisions.js';

const secret = new Secret('a test secret that is long enough!!');
const ITEM = 'itm_0123456789abcdef01234567';

describe('reply commands', () => {
  test.each([
    ['Approve', 'approve'],
    ['approve.', 'approve'],
    ['**APPROVE!**', 'approve'],
    ['Hyväksy', 'approve'],
    ['hyväksyn', 'approve'],
    ['Godkänn', 'approve'],
    ['Reject', 'reject'],
    ['hylkää', 'reject'],
    ['AVVISA', 'reject'],
    ['maybe', 'unclear'],
    ['Approve? I am not sure', 'approve'],
    ['I approve', 'unclear'],
  ])('"%s" reads as %s', (line, action) => {
    expect(parseReplyCommand(line).action).toBe(action);
  });

  test('the reason follows reject on its line and below; approve takes the lines below as the caption', () => {
    expect(parseReplyCommand('Reject: too internal\nand old')).toEqual({ action: 'reject', reason: 'too internal\nand old' });
    expect(parseReplyCommand('\n\nhylkää - ei meidän aihe')).toEqual({ action: 'reject', reason: 'ei meidän aihe' });
    expect(parseReplyCommand('approve\nA better caption.\nTwo lines.')).toEqual({ action: 'approve', caption: 'A better caption.\nTwo lines.' });
    expect(parseReplyCommand('approve\nX: short one\nLinkedIn: a longer\ncaption')).toEqual({
      action: 'approve',
      captions: { x: 'short one', linkedin: 'a longer\ncaption' },
    });
  });

  test('quoted history and signatures are cut, whatever the client and language', () => {
    const cases: [string, string][] = [
      ['Approve\n\nOn Mon, 23 Nov 2026 at 10:00, kaiku <k@x> wrote:\n> quoted', 'Approve'],
      ['Hyväksy\n\nLähetetty iPhonesta\n\n> quoted', 'Hyväksy'],
      ['godkänn\nBättre text\n\nSkickat från min iPhone\n\nDen 23 nov. 2026 kl. 10:00 skrev kaiku <k@x>:\n> quoted', 'godkänn\nBättre text'],
      ['hylkää, ei sovi\n\nma 23.11.2026 klo 10.00 kaiku <k@x> kirjoitti:\n> quoted', 'hylkää, ei sovi'],
      ['Reject\n\nFrom: kaiku <k@x>\nSent: Monday, November 23, 2026 10:00 AM\nSubject: Approve?\n\nquoted', 'Reject'],
      ['approve\n\nLähettäjä: kaiku <k@x>\nLähetetty: maanantai 23. marraskuuta 2026 10.00\n\nquoted', 'approve'],
      ['approve\n-- \nAda Admin\nTest City', 'approve'],
      ['approve\n\n-----Original Message-----\nFrom: kaiku', 'approve'],
    ];
    for (const [text, expected] of cases) expect(newTextOf({ text })).toBe(expected);
  });

  test('an HTML-only reply is read through planer: Gmail, Outlook and Apple Mail quoting removed', () => {
    const gmail =
      '<div dir="ltr">Approve<br>New caption</div><br><div class="gmail_quote"><div class="gmail_attr">On Mon … wrote:</div><blockquote class="gmail_quote">Approve? Title</blockquote></div>';
    const apple =
      '<html><body>Reject<div><br><blockquote type="cite"><div>On 23 Nov 2026, at 10.00, kaiku wrote:</div>Approve? Title</blockquote></div></body></html>';
    const outlook =
      '<html><body><p>approve</p><hr><div id="divRplyFwdMsg"><b>From:</b> kaiku<br><b>Sent:</b> Monday</div><div>Approve? Title</div></body></html>';
    expect(newTextOf({ html: gmail })).toBe('Approve\nNew caption');
    expect(newTextOf({ html: apple })).toBe('Reject');
    expect(newTextOf({ html: outlook })).toBe('approve');
  });
});

describe('automatic mail', () => {
  const mail = (headers: Record<string, string>, subject = 'Re: Approve? x') => ({ headers: new Map(Object.entries(headers)) as never, subject });
  test('auto-replies, bounces and list mail are recognised; a person’s reply is not', () => {
    expect(automaticReason(mail({ 'auto-submitted': 'auto-replied' }))).toMatch(/Auto-Submitted/);
    expect(automaticReason(mail({ 'auto-submitted': 'no' }))).toBeUndefined();
    expect(automaticReason(mail({ precedence: 'bulk' }))).toMatch(/Precedence/);
    expect(automaticReason(mail({ 'x-autoreply': 'yes' }))).toMatch(/x-autoreply/);
    expect(automaticReason(mail({}, 'Automatic reply: Out of office'))).toMatch(/subject/);
    expect(automaticReason(mail({}, 'Poissa toimistolta'))).toMatch(/subject/);
    expect(automaticReason(mail({}), '')).toMatch(/bounce/);
    expect(automaticReason(mail({}))).toBeUndefined();
  });
});

describe('tokens', () => {
  test('an approval token round-trips, fits a 64-octet local part in lowercase, and names its approver by digest', () => {
    const token = issueApprovalToken(secret, { kind: 'reply', itemId: ITEM, approverEmail: 'Ada@X.example', expiresAt: new Date(Date.now() + 60_000) });
    expect(token).toMatch(/^[a-z2-7]{52}$/);
    expect(`approvals+${token}`.length).toBeLessThanOrEqual(64);
    const check = checkApprovalToken(secret, token.toUpperCase());
    expect(check).toMatchObject({ ok: true, token: { kind: 'reply', itemId: ITEM, approver: approverDigest('ada@x.example') } });
  });

  test('every altered character, another key, and expiry are caught', () => {
    const token = issueApprovalToken(secret, { kind: 'approve', itemId: ITEM, approverEmail: 'a@x', expiresAt: new Date(Date.now() + 60_000) });
    for (let i = 0; i < token.length; i++) {
      const altered = token.slice(0, i) + (token[i] === 'a' ? 'b' : 'a') + token.slice(i + 1);
      expect(checkApprovalToken(secret, altered).ok, `position ${i}`).toBe(false);
    }
    expect(checkApprovalToken(new Secret('another secret that is long enough!'), token)).toMatchObject({ ok: false, reason: 'forged' });
    const old = issueApprovalToken(secret, { kind: 'approve', itemId: ITEM, approverEmail: 'a@x', expiresAt: new Date(Date.now() - 1000) });
    expect(checkApprovalToken(secret, old)).toMatchObject({ ok: false, reason: 'expired' });
  });

  test('signed tokens are bound to their purpose and expire', () => {
    const login = signToken(secret, 'login', { email: 'a@x' }, 60_000);
    expect(verifyToken(secret, 'login', login)).toMatchObject({ ok: true, payload: { email: 'a@x' } });
    expect(verifyToken(secret, 'session', login)).toMatchObject({ ok: false, reason: 'forged' });
    expect(verifyToken(secret, 'login', signToken(secret, 'login', {}, -1))).toMatchObject({ ok: false, reason: 'expired' });
  });
});

describe('captions', () => {
  const input = {
    title: 'Uusi kirjasto avautuu',
    summary: 'Kirjasto avautuu maanantaina. '.repeat(40),
    url: 'https://city.example/kirjasto?id=1',
    language: 'fi',
    hashtags: ['#DemoCity'],
  };

  test('every network gets a caption within its limit, with the link and the hashtag', () => {
    const captions = proposeCaptions(input);
    for (const [network, caption] of Object.entries(captions.networks)) {
      expect(checkCaption(network as never, caption).ok, network).toBe(true);
      expect(caption).toContain(input.url);
      expect(caption).toContain('#DemoCity');
      expect(caption.startsWith('Uusi kirjasto avautuu')).toBe(true);
    }
    expect(captions.networks.x.length).toBeLessThan(captions.networks.linkedin.length);
  });

  test('each network counts its own way: X links as 23 and CJK as 2, Bluesky graphemes, Mastodon links as 23', () => {
    const longUrl = `https://example.org/${'a'.repeat(200)}`;
    expect(checkCaption('x', `${'a'.repeat(257)} ${longUrl}`).length).toBe(281);
    expect(checkCaption('x', '漢'.repeat(140)).ok).toBe(true);
    expect(checkCaption('x', '漢'.repeat(141))).toMatchObject({ ok: false, length: 282, limit: 280 });
    expect(checkCaption('bluesky', '👩‍👩‍👧'.repeat(300)).ok).toBe(true);
    expect(checkCaption('bluesky', 'é'.repeat(301)).problem).toMatch(/The Bluesky caption is 301 characters \(graphemes\) long; Bluesky allows 300/);
    expect(checkCaption('mastodon', `${'a'.repeat(476)} ${longUrl}`).length).toBe(500);
    expect(checkCaption('linkedin', 'a'.repeat(3001)).problem).toContain('Shorten it by 1');
  });

  test('an edit keeps the approver’s words and adds the link and hashtag only if missing', () => {
    expect(completeCaption('Come!', 'https://e.org/a', '#City')).toBe('Come!\n\nhttps://e.org/a #City');
    expect(completeCaption('Come to https://e.org/a #city', 'https://e.org/a', '#City')).toBe('Come to https://e.org/a #city');
  });

  test('the validator refuses a non-approver, a second decision and an over-long edit, with reasons', () => {
    const context = { captions: proposeCaptions(input), link: input.url, hashtag: '#DemoCity' };
    const approvers = [{ email: 'ada@x', name: 'Ada' }];
    const request = { decision: 'approve' as const, actor: 'ada@x', channel: 'email' as const };
    expect(refusalOf({ approvers }, request, context)).toBeUndefined();
    expect(refusalOf({ approvers }, { ...request, actor: 'eve@x' }, context)).toMatch(/^eve@x is not an approver of this item; its approvers are Ada/);
    expect(refusalOf({ approvers }, { ...request, captions: { networks: { x: 'x'.repeat(300) } } }, context)).toMatch(
      /The X caption is 3\d\d characters long; X allows 280/,
    );
    const decision = { outcome: 'approved' as const, by: approvers[0]!, at: '2026-11-23T10:00:00.000Z', channel: 'link' as const, captions: context.captions };
    expect(refusalOf({ approvers, decision }, request, context)).toBe(
      'This item was already approved by Ada <ada@x> at 2026-11-23T10:00:00.000Z by email link. Nothing was changed.',
    );
  });
});

test('approved items go out in the next Monday 08:30 digest in the program’s time zone, across DST', () => {
  expect(nextDigestAt(new Date('2026-11-23T10:00:00Z'), 'Europe/Helsinki').toISOString()).toBe('2026-11-30T06:30:00.000Z');
  expect(nextDigestAt(new Date('2026-11-23T05:00:00Z'), 'Europe/Helsinki').toISOString()).toBe('2026-11-23T06:30:00.000Z');
  expect(nextDigestAt(new Date('2026-03-25T05:00:00Z'), 'Europe/Helsinki').toISOString()).toBe('2026-03-30T05:30:00.000Z');
});
