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
    ['Approve? I am not sure', 'unclear'],
    ['approve, but not until Monday', 'unclear'],
    ['reject? no wait, approve', 'unclear'],
    ['hyväksy? en ole varma', 'unclear'],
    ['Approve, thanks!', 'approve'],
    ['OK', 'unclear'],
    ['👍', 'unclear'],
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

  test.each([
    ['Thanks,\nAlex'],
    ['Thank you'],
    ['Best,\nA.'],
    ['Kiitos,\nUlla'],
    ['Terveisin\nUlla Virtanen'],
    ['Ystävällisin terveisin,\nUlla'],
    ['Hälsningar\nAnna'],
    ['Mvh\nAnna Lindqvist'],
    ['Med venlig hilsen\nMette'],
    ['Hilsen Ola'],
    ['Gruß\nJonas'],
    ['-Abhishek'],
    ['—\nJohn Doe\nCEO at Pandaland'],
    ['——\nJohn Doe'],
    ['Sent from my iPhone'],
    ['Lähetetty iPhonesta'],
    ['Skickat från min iPad'],
    ['Sendt fra min iPhone'],
    ['Von meinem iPhone gesendet'],
    ['Envoyé de mon iPhone'],
    ['Inviato da iPhone'],
    ['Verzonden vanaf mijn iPhone'],
    ['Enviado desde mi iPhone'],
    ["Wysłane z iPhone'a"],
    ['Отправлено с iPhone'],
    ['Ulla Virtanen\nViestintäpäällikkö | Vantaan kaupunki\n+358 40 123 4567\nulla.virtanen@vantaa.example'],
  ])('the sign-off %j is never part of a caption or a reason', (signOff) => {
    expect(
      parseReplyCommand(newTextOf({ text: `approve\nOur new caption.\n\n${signOff}\n\nOn Mon, 23 Nov 2026 at 10:00, kaiku <k@x> wrote:\n> quoted` })),
    ).toEqual({
      action: 'approve',
      caption: 'Our new caption.',
    });
    expect(parseReplyCommand(newTextOf({ text: `reject: not ours\n${signOff}` }))).toEqual({ action: 'reject', reason: 'not ours' });
  });

  test.each([
    ['en, Apple Mail wrapped over three lines', 'On 23 Nov 2026, at 10:00, kaiku\n<approvals@kaiku.example>\nwrote:\n\nApprove? Title'],
    ['fi, Gmail', 'ma 23.11.2026 klo 10.00 kaiku <approvals@kaiku.example> kirjoitti:\n> Approve? Title'],
    ['sv, Apple Mail', '23 nov. 2026 kl. 10:00 skrev kaiku <approvals@kaiku.example>:\n> Approve? Title'],
    ['da, Outlook', 'Fra: kaiku <approvals@kaiku.example>\nSendt: 23. november 2026 10:00\nTil: Ada\nEmne: Approve? Title'],
    ['no, Gmail wrapped', 'man. 23. nov. 2026 kl. 10:00 skrev kaiku <\napprovals@kaiku.example>:\n\n> Approve? Title'],
    [
      'de, Outlook in bold with a rule',
      '________________________________\n*Von:* kaiku <approvals@kaiku.example>\n*Gesendet:* Montag, 23. November 2026 10:00\n*An:* Ada\n*Betreff:* Approve? Title',
    ],
    ['fr, Outlook', 'De : kaiku <approvals@kaiku.example>\nEnvoyé : lundi 23 novembre 2026 10:00\nÀ : Ada\nObjet : Approve? Title'],
    ['it, Gmail wrapped', 'Il giorno lun 23 nov 2026 alle ore 10:00 kaiku <approvals@kaiku.example>\nha scritto:\n> Approve? Title'],
    ['nl, Outlook', 'Van: kaiku <approvals@kaiku.example>\nVerzonden: maandag 23 november 2026 10:00\nAan: Ada\nOnderwerp: Approve? Title'],
    ['es, Gmail', 'El lun, 23 nov 2026 a las 10:00, kaiku (<approvals@kaiku.example>) escribió:\n> Approve? Title'],
    ['pt, Gmail', 'Em seg., 23 de nov. de 2026 às 10:00, kaiku <approvals@kaiku.example> escreveu:\n> Approve? Title'],
    ['pl, Thunderbird', 'W dniu 23.11.2026 o 10:00, kaiku pisze:\n> Approve? Title'.replace('pisze', 'napisał')],
    ['ru, Yandex', '23.11.2026, 10:00, "kaiku" <approvals@kaiku.example>:\n> Approve? Title'],
    ['ru, Outlook', 'От: kaiku <approvals@kaiku.example>\nОтправлено: 23 ноября 2026 г. 10:00\nКому: Ada\nТема: Approve? Title'],
    ['fi, Outlook', 'Lähettäjä: kaiku <approvals@kaiku.example>\nLähetetty: maanantai 23. marraskuuta 2026 10.00\nVastaanottaja: Ada\nAihe: Approve? Title'],
    [
      'en, Gmail via Outlook',
      '*From:* kaiku [mailto:approvals@kaiku.example]\n*Sent:* Monday, November 23, 2026 10:00 AM\n*To:* Ada\n*Subject:* Approve? Title',
    ],
    ['en, Outlook original message', '-----Original Message-----\nFrom: kaiku\nSent: Monday'],
    [
      'en, quoted lines that lost their >',
      'On Mon, 23 Nov 2026 at 10:00, kaiku <approvals@kaiku.example> wrote:\n> Approve? A long title that the\nclient rewrapped without its marker\n> and more',
    ],
  ])('the quote header (%s) ends the caption', (_, quote) => {
    expect(parseReplyCommand(newTextOf({ text: `Approve\nOur new caption.\n\n${quote}` }))).toEqual({ action: 'approve', caption: 'Our new caption.' });
  });

  test('a reply written below the quote is read there', () => {
    expect(newTextOf({ text: 'On Mon, 23 Nov 2026 at 10:00, kaiku <k@x> wrote:\n> Approve? Title\n> summary\n\nreject: old news\n' })).toBe('reject: old news');
  });

  test('bare yeses approve only where the programme turns informal approval on', () => {
    for (const yes of ['OK', 'ok.', 'Yes, approve', 'yes', '👍', 'Kyllä', 'Joo', 'Ja']) {
      expect(parseReplyCommand(yes), yes).toMatchObject({ action: 'unclear' });
      expect(parseReplyCommand(yes, { informalApproval: true }), yes).toEqual({ action: 'approve' });
    }
    // a yes that says more is still not a decision to guess at
    expect(parseReplyCommand('OK\nbut change the photo', { informalApproval: true })).toMatchObject({ action: 'unclear' });
  });

  test('parsing is linear: a reply of 1 MB with a 700,000-character line ends, and twice the text takes about twice the time', () => {
    const reply = (size: number) =>
      `approve\n${'lorem ipsum, dolor: sit 12:30 on wrote '.repeat(Math.ceil((size * 0.7) / 39))}\n${'> quoted line of text\n'.repeat(Math.ceil((size * 0.3) / 22))}`;
    const time = (text: string) => {
      const started = performance.now();
      parseReplyCommand(newTextOf({ text }));
      return performance.now() - started;
    };
    time(reply(100_000)); // warm the regular expressions
    const half = Math.min(time(reply(500_000)), time(reply(500_000)));
    const full = Math.min(time(reply(1_000_000)), time(reply(1_000_000)));
    // Quadratic would be 4×; the bound leaves room for a loaded machine. The figures are in bench/reply-parser.ts.
    expect(full / Math.max(half, 1)).toBeLessThan(3.5);
  });

  test('an HTML-only reply: Gmail, Outlook and Apple Mail quoting removed', () => {
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
