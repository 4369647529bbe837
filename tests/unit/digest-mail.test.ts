import { simpleParser } from 'mailparser';
import nodemailer from 'nodemailer';
import { expect, test } from 'vitest';
import { qpPart } from '../../rules/mail/quoted-printable.js';
import { createDigestRenderer, type DigestItem } from '../../rules/digests/digest-mail.js';
import { compileTemplate } from '../../rules/mail/template.js';
import { digestPeriodAt } from '../../rules/digests/digest-moment.js';

const item: DigestItem = {
  id: 'itm_0123456789abcdef01234567',
  url: 'https://city.example/news/library',
  title: 'The library <opens> on Monday',
  summary: 'Books & more {{r}}.',
  imageUrl: 'https://city.example/img/library.jpg',
  sourceName: 'City news',
  captions: {
    language: 'fi',
    edited: false,
    networks: {
      linkedin: 'Kirjasto avautuu\n\nhttps://city.example/news/library #City',
      x: 'Kirjasto avautuu https://city.example/news/library #City',
      facebook: 'Kirjasto https://city.example/news/library',
      bluesky: 'Kirjasto https://city.example/news/library',
      mastodon: 'Kirjasto https://city.example/news/library',
      threads: 'Kirjasto avautuu https://city.example/news/library #City',
      whatsapp: 'Kirjasto avautuu\n\nhttps://city.example/news/library',
    },
  },
};
const links = {
  click: (id: string) => `https://k.example/r/CLICK-${id.slice(-4)}`,
  share: (_id: string, network: string) => `https://k.example/s/SHARE-${network}`,
  preferences: 'https://k.example/p/PREFS',
  unsubscribe: 'https://k.example/u/UNSUB',
  suggest: 'https://k.example/suggest/SUGGEST',
  privacy: 'https://k.example/privacy/PRIVACY',
};

test('a compiled template fills only its named slots; other braces stay text', () => {
  const template = compileTemplate('a {{x}} b {{y}} {{z}} {{x}}', ['x', 'y']);
  expect(template.fill({ x: '1', y: '2' })).toBe('a 1 b 2 {{z}} 1');
});

test('the digest in each language: subject, preheader, greeting, escaped content, one caption with tracked link and a share button per network', () => {
  const renderer = createDigestRenderer({ programName: 'Test City', baseUrl: 'https://k.example' });
  const expectations: [string, RegExp, string][] = [
    ['fi', /^Jaettavaa tällä viikolla: The library <opens>/, 'Hei Aino,'],
    ['sv', /^Att dela den här veckan/, 'Hej Aino,'],
    ['en', /^To share this week/, 'Hi Aino,'],
    ['da', /^Til deling i denne uge/, 'Hej Aino,'],
  ];
  for (const [language, subject, greeting] of expectations) {
    const mail = renderer.render({ id: '7', name: 'Aino Virtanen', language, networks: ['x', 'linkedin'] }, [item], links);
    expect(mail.subject).toMatch(subject);
    expect(mail.text).toContain(greeting);
    expect(mail.html).toContain(`lang="${language}"`);
    expect(mail.html).toContain('The library &lt;opens&gt; on Monday');
    expect(mail.html).toContain('Books &amp; more {{r}}.');
    expect(mail.html).not.toContain('https://city.example/news/library #City');
    expect(mail.html).toContain('https://k.example/r/CLICK-4567 #City');
    expect(mail.html).toContain('href="https://k.example/s/SHARE-x"');
    expect(mail.html).toContain('href="https://k.example/s/SHARE-linkedin"');
    expect(mail.html).not.toContain('SHARE-bluesky');
    // one caption, her first network's (X here); LinkedIn's own reaches LinkedIn through its share page
    expect(mail.html.match(/class="caption"/g)).toHaveLength(1);
    expect(mail.html).toContain('>Kirjasto avautuu https://k.example/r/CLICK-4567 #City</div>');
    expect(mail.html).not.toContain('Kirjasto avautuu\n\nhttps://k.example/r/CLICK-4567');
    expect(mail.html.match(/class="share-row"/g)).toHaveLength(1);
    expect(mail.html).toContain('href="https://k.example/u/UNSUB"');
    expect(mail.text).toContain('https://k.example/p/PREFS');
    expect(mail.html).toContain('@media (max-width: 620px)');
  }
});

test('share buttons in Finnish inflect the network name; Swedish, Danish and English read "on <network>"', () => {
  const renderer = createDigestRenderer({ programName: 'Test City', baseUrl: 'https://k.example' });
  const all = ['linkedin', 'x', 'facebook', 'bluesky', 'mastodon', 'threads', 'whatsapp'] as const;
  const textIn = (language: string) => renderer.render({ id: '7', name: 'Aino Virtanen', language, networks: [...all] }, [item], links).text;
  const finnish = textIn('fi');
  for (const button of ['Jaa LinkedInissä', 'Jaa X:ssä', 'Jaa Facebookissa', 'Jaa Blueskyssa', 'Jaa Mastodonissa', 'Jaa Threadsissä', 'Jaa WhatsAppissa']) {
    expect(finnish).toContain(`${button}: https://k.example/s/SHARE-`);
  }
  expect(finnish).not.toContain('palvelussa');
  expect(textIn('sv')).toContain('Dela på LinkedIn: https://k.example/s/SHARE-linkedin');
  expect(textIn('da')).toContain('Del på LinkedIn: https://k.example/s/SHARE-linkedin');
  expect(textIn('en')).toContain('Share on LinkedIn: https://k.example/s/SHARE-linkedin');
});

test('the plain-text part is as compact: one caption, then one line per network', () => {
  const renderer = createDigestRenderer({ programName: 'Test City', baseUrl: 'https://k.example' });
  const mail = renderer.render({ id: '7', name: 'Aino Virtanen', language: 'en', networks: ['linkedin', 'x', 'whatsapp'] }, [item], links);
  expect(mail.text).toContain(
    'Caption for LinkedIn:\nKirjasto avautuu\n\nhttps://k.example/r/CLICK-4567 #City\n\n' +
      'Share on LinkedIn: https://k.example/s/SHARE-linkedin\nShare on X: https://k.example/s/SHARE-x\nShare on WhatsApp: https://k.example/s/SHARE-whatsapp\n\n',
  );
  expect(mail.text.match(/Caption for/g)).toHaveLength(1);
  // the buttons in one row, in her networks' order, each to its own share page
  const row = /<div class="share-row"[^>]*>(.*?)<\/div>/.exec(mail.html)![1]!;
  expect([...row.matchAll(/href="([^"]+)"[^>]*>([^<]+)</g)].map((m) => `${m[2]} ${m[1]}`)).toEqual([
    'Share on LinkedIn https://k.example/s/SHARE-linkedin',
    'Share on X https://k.example/s/SHARE-x',
    'Share on WhatsApp https://k.example/s/SHARE-whatsapp',
  ]);
});

test('digest periods follow each zone across DST, weekly and every other week', () => {
  expect(digestPeriodAt(new Date('2027-03-29T05:29:00Z'), 'Europe/Helsinki').key).toBe('2027-03-22');
  expect(digestPeriodAt(new Date('2027-03-29T05:30:00Z'), 'Europe/Helsinki')).toEqual({ key: '2027-03-29', startsAt: new Date('2027-03-29T05:30:00Z') });
  expect(digestPeriodAt(new Date('2027-04-04T20:29:00Z'), 'Pacific/Auckland').key).toBe('2027-03-29');
  expect(digestPeriodAt(new Date('2027-04-04T20:30:00Z'), 'Pacific/Auckland').startsAt).toEqual(new Date('2027-04-04T20:30:00Z'));
  // every other Monday: the Wednesdays either side of an off-week Monday share one period
  const fortnight = digestPeriodAt(new Date('2026-11-25T12:00:00Z'), 'Europe/Helsinki', undefined, 'fortnightly');
  expect(digestPeriodAt(new Date('2026-12-02T12:00:00Z'), 'Europe/Helsinki', undefined, 'fortnightly').key).toBe(fortnight.key);
  expect(digestPeriodAt(new Date('2026-12-09T12:00:00Z'), 'Europe/Helsinki', undefined, 'fortnightly').key).toBe('2026-12-07');
  expect(digestPeriodAt(new Date('2026-11-25T12:00:00Z'), 'Europe/Helsinki').key).toBe('2026-11-23');
});

test('the quoted-printable bodies, joined from pieces encoded once, decode to exactly the text and HTML, lines within 76', async () => {
  const renderer = createDigestRenderer({ programName: 'Työllisyys & hyvinvointi', baseUrl: 'https://k.example' });
  const long = {
    ...item,
    id: 'itm_fedcba9876543210fedcba98',
    title: `Pitkä otsikko ${'ääkkösiä ja välilyöntejä '.repeat(12)}`,
    summary: `${'x'.repeat(200)} = ${'€ '.repeat(50)}`,
  };
  const recipient = { id: '7', name: 'Åsa Öberg', language: 'sv', networks: ['x', 'linkedin', 'mastodon'] as const };
  // with the footer's board (names only for those who opted in) and the reader's standing, encoded once per batch
  const engagement = {
    board: [
      { rank: 1, name: 'Aino Virtanen', branch: 'Kultur', points: 40 },
      { rank: 2, name: null, branch: 'Bibliotek & arkiv', points: 22 },
    ],
    standing: { points: 22, rank: 2, of: 9 },
  };
  const withPixel = { ...links, open: 'https://k.example/o/OPEN.gif' };
  const mail = renderer.render(recipient, [item, long], withPixel, 'text', engagement);
  const onWire = renderer.render(recipient, [item, long], withPixel, 'wire', engagement);
  expect(mail.text).toContain('Månadens flitigaste ambassadörer:\n1. Aino Virtanen · 40 p\n2. En ambassadör från Bibliotek & arkiv · 22 p\n');
  expect(mail.text).toContain('Du har 22 poäng den här månaden: plats 2 av 9.');
  expect(mail.html).toContain('<li value="2">En ambassadör från Bibliotek &amp; arkiv · 22 p</li>');
  expect(mail.html).toContain('<a href="https://k.example/suggest/SUGGEST"');
  expect(mail.html).toContain('<img src="https://k.example/o/OPEN.gif" width="1" height="1"');
  expect(onWire.encoding).toBe('quoted-printable');
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true });
  const sent = await transport.sendMail({
    from: 'k@k.example',
    to: 'a@a.example',
    subject: mail.subject,
    text: { raw: qpPart('text/plain; charset=utf-8', onWire.text) },
    html: { raw: qpPart('text/html; charset=utf-8', onWire.html) },
  });
  const raw = (sent.message as Buffer).toString('latin1');
  for (const line of raw.split(/\r?\n/)) expect(line.length).toBeLessThanOrEqual(76);
  const parsed = await simpleParser(sent.message as Buffer);
  const crlf = (text: string) => text.replace(/\r?\n/g, '\r\n');
  expect(crlf(parsed.text!)).toBe(crlf(mail.text));
  expect(crlf(parsed.html as string)).toBe(crlf(mail.html));
});

test('a bilingual programme: the digest of a Swedish-reading advocate names it in Swedish, a Finnish one’s in Finnish (program.names)', () => {
  const renderer = createDigestRenderer({
    programName: 'Vaasan kaupungin lähettiläät',
    programNames: { sv: 'Vasa stads ambassadörer' },
    baseUrl: 'https://k.example',
  });
  const sv = renderer.render({ id: '1', name: 'Sara Berg', language: 'sv', networks: ['linkedin'] }, [item], links);
  const fi = renderer.render({ id: '2', name: 'Aino Virtanen', language: 'fi', networks: ['linkedin'] }, [item], links);
  expect(sv.text).toContain('Vasa stads ambassadörer');
  expect(sv.html).not.toContain('Vaasan kaupungin lähettiläät');
  expect(fi.text).toContain('Vaasan kaupungin lähettiläät');
  expect(fi.html).not.toContain('Vasa stads');
});
