import { describe, expect, test } from 'vitest';
import { safeText } from '../../rules/text/safe-text.js';
import { normalizeItem } from '../../activities/normalize-item.js';
import type { SourceSettings } from '../../model/source.js';
import { proposeCaptions } from '../../rules/captions/captions.js';
import { completeCaption } from '../../rules/captions/caption-limits.js';
import { parseRoster } from '../../rules/advocates/roster.js';
import { renderApprovalMail } from '../../rules/approvals/approval-mail.js';
import { createDigestRenderer } from '../../rules/digests/digest-mail.js';
import { simplePage } from '../../server/pages/layout.js';
import { decidedCard, editCaptionsView, pendingCard, type CardItem } from '../../integrations/slack/approval-card.js';
import { mrkdwn, plainText, slackLink } from '../../integrations/slack/slack-text.js';
import { html } from 'hono/html';

// Trojan Source (CVE-2021-42574) and friends: text that shows other than it is. Each is written with its
// escapes so that this file shows what is in it.
const RLO_FILENAME = 'Invoice \u202Efdp.exe'; // shows as "Invoice exe.pdf"
const RLO_ONLY = '\u202Eexe.txt'; // shows as "txt.exe"
const ISOLATES = 'Library \u2067opens\u2069 \u2066on Monday\u2069'; // RLI … PDI, LRI … PDI
const STRETCHED = 'Status: user\u202E \u2066// admin only\u2069 \u2066'; // the "stretched string" of the paper
const EMBEDDINGS = 'a\u202Ab\u202Bc\u202Cd\u202De\u2068f\u2069';
const MARKS_IN_LATIN = 'Pay\u200F 100\u200E €\u061C now';
const CONTROLS = 'Bell\u0007 esc\u001B[31m red\u009B nul\u0000 del\u007F bom\uFEFF';

// Every character that may reorder or hide text; none may reach a reader.
const FORBIDDEN = /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C\u0000-\u0008\u000B-\u001F\u007F-\u009F\uFEFF]/u;

describe('safeText', () => {
  test.each([
    [RLO_FILENAME, 'Invoice fdp.exe'],
    [RLO_ONLY, 'exe.txt'],
    [ISOLATES, 'Library opens on Monday'],
    [STRETCHED, 'Status: user // admin only '],
    [EMBEDDINGS, 'abcdef'],
    [MARKS_IN_LATIN, 'Pay 100 € now'],
    [CONTROLS, 'Bell esc[31m red nul del bom'],
    ['two\nlines\ttab\r\nCRLF\u2028LS', 'two lines tab CRLF LS'],
  ])('%j becomes %j', (input, expected) => {
    expect(safeText(input)).toBe(expected);
  });

  test('multi-line text keeps its line breaks and tabs; CR, NEL and U+2028/9 become \\n', () => {
    expect(safeText('one\r\ntwo\rthree\u0085four\u2028five\u2029six\tcell\u202E', { multiline: true })).toBe('one\ntwo\nthree\nfour\nfive\nsix\tcell');
  });

  test('right-to-left writing keeps its marks; its controls still go', () => {
    const hebrew = 'ספרייה\u200F (חדשה)';
    expect(safeText(hebrew)).toBe(hebrew);
    expect(safeText('مكتبة\u061C 2026\u202E')).toBe('مكتبة\u061C 2026');
  });

  test('ordinary text is left as it is, emoji joiners included', () => {
    const text = 'Kirjasto avautuu – Åsa & Öberg 👩‍💻 <b>';
    expect(safeText(text)).toBe(text);
  });
});

describe('where text enters', () => {
  const source: SourceSettings = {
    id: 'news',
    kind: 'feed',
    name: 'News',
    url: 'https://news.example/rss.xml',
    topics: [],
    pollEveryMs: 900_000,
    approvers: [],
    priority: 5,
    enabled: true,
    allowPrivateAddresses: false,
  };

  test('a feed item is stored without controls, whether raw or as entities', () => {
    const draft = normalizeItem(
      {
        url: 'https://news.example/a',
        // HTML in a title is read as HTML (a bare <!channel> is a bogus comment); entities are text
        title: `${RLO_FILENAME} &lt;!channel&gt; <!here>`,
        summary: '<p>Read &#x202E;txt.exe&#x202C; and \u2067this\u2069</p>',
        author: 'Mallory\u202E yrollaM',
        categories: ['\u202Ecity'],
      },
      source,
    );
    expect(draft.title).toBe('Invoice fdp.exe <!channel>');
    expect(draft.title).not.toMatch(FORBIDDEN);
    expect(draft.summary).toBe('Read txt.exe and this');
    expect(draft.author).toBe('Mallory yrollaM');
    expect(draft.categories).toEqual(['city']);
  });

  test('proposed and edited captions carry no controls', () => {
    const proposed = proposeCaptions({ title: RLO_FILENAME, summary: ISOLATES, url: 'https://news.example/a', language: 'en', hashtags: ['#City'] });
    for (const caption of Object.values(proposed.networks)) expect(caption).not.toMatch(FORBIDDEN);
    expect(proposed.networks.linkedin).toContain('Invoice fdp.exe');
    expect(completeCaption(`New\u202E caption\r\nline two${STRETCHED}`, 'https://news.example/a', '#City')).toBe(
      'New caption\nline twoStatus: user // admin only\n\nhttps://news.example/a #City',
    );
  });

  test('roster names and branches are cleaned; a name of controls alone is refused as empty', () => {
    const roster = parseRoster(
      `email,name,language,time_zone,branch\naino@city.example,Aino\u202E Virtanen,fi,Europe/Helsinki,Health\u2066 care\u2069\nx@city.example,\u202E\u2066,fi,Europe/Helsinki,`,
    );
    expect(roster.rows.map((row) => [row.advocate.name, row.advocate.branch])).toEqual([['Aino Virtanen', 'Health care']]);
    expect(roster.refused).toEqual([
      {
        line: 3,
        email: 'x@city.example',
        reason: 'the name is empty',
        cause: { kind: 'fields', problems: [{ field: 'name', kind: 'name', english: 'the name is empty' }] },
      },
    ]);
  });
});

describe('where text is shown: output cleans what a field let in', () => {
  // Text as it might sit in a store written before kaiku cleaned it: the output must cope on its own.
  const dirty = {
    title: `${RLO_ONLY} <!channel>`,
    summary: `${STRETCHED} <@U123>`,
    source: `Source\u2067 name\u2069`,
    caption: `${ISOLATES}\nhttps://news.example/a`,
  };

  test('the approval email, HTML and text and subject', () => {
    const mail = renderApprovalMail({
      kind: 'request',
      item: { id: 'itm_0123456789abcdef01234567', title: dirty.title, summary: dirty.summary, url: 'https://news.example/a', image_url: null, language: 'en' },
      sourceName: dirty.source,
      captions: {
        language: 'en',
        edited: false,
        networks: {
          linkedin: dirty.caption,
          x: dirty.caption,
          facebook: dirty.caption,
          bluesky: dirty.caption,
          mastodon: dirty.caption,
          threads: dirty.caption,
          whatsapp: dirty.caption,
        },
      },
      approverName: 'Ada\u202E Admin',
      programName: 'Test City',
      approveUrl: 'https://k.example/a/approve',
      rejectUrl: 'https://k.example/a/reject',
      replyAddress: 'approvals+x@k.example',
      expiresText: 'Monday',
    });
    for (const part of [mail.subject, mail.html, mail.text]) expect(part).not.toMatch(FORBIDDEN);
    expect(mail.subject).toBe('Approve? exe.txt <!channel>');
    expect(mail.text).toContain('exe.txt <!channel>');
    expect(mail.text).toContain('Hello Ada Admin,');
    expect(mail.html).toContain('exe.txt &lt;!channel&gt;');
    expect(mail.html).not.toContain('<!channel>');
    // A caption box keeps its text's line breaks: it must open on the caption, not on template indentation.
    expect(mail.html).not.toMatch(/white-space:pre-wrap;[^"]*">\s/);
    expect(mail.html).toContain('before it goes out to the advocates of Test City.');
  });

  test('the digest', () => {
    const renderer = createDigestRenderer({ programName: 'Test\u202E City', baseUrl: 'https://k.example' });
    const mail = renderer.render(
      { id: '7', name: 'Aino\u2067 Virtanen', language: 'en', networks: ['x'] },
      [
        {
          id: 'itm_0123456789abcdef01234567',
          url: 'https://news.example/a',
          title: dirty.title,
          summary: dirty.summary,
          imageUrl: null,
          sourceName: dirty.source,
          captions: {
            language: 'en',
            edited: false,
            networks: {
              linkedin: dirty.caption,
              x: dirty.caption,
              facebook: dirty.caption,
              bluesky: dirty.caption,
              mastodon: dirty.caption,
              threads: dirty.caption,
              whatsapp: dirty.caption,
            },
          },
        },
      ],
      {
        click: () => 'https://k.example/r/CLICK',
        share: () => 'https://k.example/s/SHARE',
        preferences: 'https://k.example/p',
        unsubscribe: 'https://k.example/u',
        suggest: 'https://k.example/suggest',
        privacy: 'https://k.example/privacy',
      },
      'text',
      { board: [{ rank: 1, name: 'Bo\u202E Backup', branch: null, points: 9 }], standing: { points: 1, rank: 2, of: 2 } },
    );
    for (const part of [mail.subject, mail.html, mail.text]) expect(part).not.toMatch(FORBIDDEN);
    expect(mail.text).toContain('exe.txt <!channel>');
    expect(mail.text).toContain('Bo Backup');
    expect(mail.html).toContain('Source name');
  });

  test('a page', async () => {
    const page = String(
      await simplePage(
        dirty.title,
        html`<p>${dirty.summary}</p>
          <textarea>${dirty.caption}</textarea>`,
      ),
    );
    expect(page).not.toMatch(FORBIDDEN);
    expect(page).toContain('<p>Status: user // admin only  &lt;@U123&gt;</p>');
    expect(page).toContain('<textarea>Library opens on Monday\nhttps://news.example/a</textarea>');
  });

  describe('Slack', () => {
    const item: CardItem = {
      id: 'itm_0123456789abcdef01234567',
      title: `<!channel> <!here> <@U123> <https://evil.example|Log in> *bold* _x_ & ${RLO_ONLY}`,
      url: 'https://news.example/a?x=1&y=<2>|3',
      summary: `<!subteam^S123> ${STRETCHED}`,
      imageUrl: 'https://news.example/i.png',
      sourceName: '<#C123|general>',
      captions: {
        language: 'en',
        edited: false,
        networks: { linkedin: dirty.caption, x: '<!everyone> x', facebook: 'fb', bluesky: 'bs', mastodon: `m ${RLO_ONLY}`, threads: 'th', whatsapp: 'wa' },
      },
    };
    /** Every text object in the payload, by kind, and the fallback text. */
    function texts(payload: { text: string; blocks: unknown[] }) {
      const found: { mrkdwn: string[]; plain: string[] } = { mrkdwn: [payload.text], plain: [] };
      JSON.stringify(payload.blocks, (_key, value: unknown) => {
        const object = value as { type?: string; text?: unknown };
        if (object && typeof object.text === 'string' && (object.type === 'mrkdwn' || object.type === 'plain_text'))
          found[object.type === 'mrkdwn' ? 'mrkdwn' : 'plain'].push(object.text);
        return value;
      });
      return found;
    }
    /** What Slack reads as markup in mrkdwn: a `<…>` that is not kaiku's own link to the item, or a date. */
    const liveMarkup = (text: string) =>
      [...text.matchAll(/<([^>]*)>/g)].map((m) => m[1]!).filter((inner) => !/^https:\/\/news\.example\/a\?/.test(inner) && !/^!date\^/.test(inner));

    test('the pending card: mrkdwn and fallback text hold no live mention or link; plain_text holds the title as written', () => {
      const card = pendingCard(item, 'Test City');
      const { mrkdwn: marked, plain } = texts(card);
      for (const text of [...marked, ...plain, JSON.stringify(card.blocks)]) expect(text).not.toMatch(FORBIDDEN);
      for (const text of marked) expect(liveMarkup(text), text).toEqual([]);
      expect(card.text).toBe('Waiting for approval: &lt;!channel&gt; &lt;!here&gt; &lt;@U123&gt; &lt;https://evil.example|Log in&gt; *bold* _x_ &amp; exe.txt');
      // plain_text is shown as it is: the title reads as the characters it has, not as a mention
      expect(plain[0]).toBe('<!channel> <!here> <@U123> <https://evil.example|Log in> *bold* _x_ & exe.txt');
      expect(plain).toContain('<#C123|general> · Test City');
      expect(plain).toContain('<!everyone> x');
      // the one link is the item's stored URL, which cannot close the link early
      expect(marked).toContain('<https://news.example/a?x=1&amp;y=%3C2%3E%7C3>');
      expect(JSON.stringify(card.blocks)).not.toContain('"type":"mrkdwn","text":"<!');
    });

    test('the decided card escapes the reason and the fallback text', () => {
      const card = decidedCard(item, 'Test City', {
        outcome: 'rejected',
        by: '<@U0ADA00001>',
        at: '2026-11-23T10:00:00Z',
        reason: `<!channel> spam\u202E & more`,
      });
      const { mrkdwn: marked } = texts(card);
      const outcome = marked.at(-1)!;
      expect(outcome).toMatch(/^:no_entry_sign: Rejected by <@U0ADA00001> <!date\^\d+\^.*>: &lt;!channel&gt; spam &amp; more$/);
      for (const text of marked)
        expect(
          liveMarkup(text).filter((inner) => inner !== '@U0ADA00001'),
          text,
        ).toEqual([]);
    });

    test('the Edit caption modal shows the title as plain text and pre-fills clean captions', () => {
      const view = editCaptionsView(item, { channel: 'C1', ts: '1.2' });
      expect(JSON.stringify(view)).not.toMatch(FORBIDDEN);
      const fields = view.blocks
        .filter((block) => block.type === 'input')
        .map((block) => (block as { element: { initial_value: string } }).element.initial_value);
      expect(fields[0]).toBe('Library opens on Monday\nhttps://news.example/a');
      expect(fields[4]).toBe('m exe.txt');
    });

    test('one escaping function: entities for & < >, a link label without | < >, a URL that cannot close the link', () => {
      expect(mrkdwn('<!here> & <@U1>')).toBe('&lt;!here&gt; &amp; &lt;@U1&gt;');
      expect(slackLink('https://e.org/a?b=1&c=2', 'Fish | chips <x>')).toBe('<https://e.org/a?b=1&amp;c=2|Fish ∣ chips &lt;x&gt;>');
      expect(slackLink('https://e.org/a|<!channel>')).toBe('<https://e.org/a%7C%3C!channel%3E>');
      expect(slackLink('javascript:alert(1)', 'click')).toBe('click');
      expect(plainText(`a\u202Eb <!here>`)).toEqual({ type: 'plain_text', text: 'ab <!here>', emoji: false });
    });
  });
});
