import { expect, test } from 'vitest';
import { contentHash, itemIdFor, normalizeItem, primaryLanguage, programmeTopicsOf, topicsFor } from '../../activities/normalize-item.js';
import { parseConfigText } from '../../config/load.js';
import { sourceKinds } from '../../activities/sources/registry.js';
import { InvalidUrlError } from '../../integrations/feeds/canonical-url.js';
import type { SourceSettings } from '../../model/source.js';

const source: SourceSettings = {
  id: 'news',
  kind: 'feed',
  name: 'News',
  url: 'https://www.vantaa.example/fi/rss.xml',
  topics: ['city'],
  pollEveryMs: 900_000,
  approvers: [],
  priority: 5,
  enabled: true,
  allowPrivateAddresses: false,
};

test('an item is named by its canonical URL: the same article from any source has the same id', () => {
  const a = normalizeItem({ url: 'https://www.vantaa.example/a?utm_source=rss' }, source);
  const b = normalizeItem({ url: 'https://WWW.vantaa.example/a#x' }, { ...source, id: 'other' });
  expect(a.id).toBe(b.id);
  expect(a.id).toBe(itemIdFor('https://www.vantaa.example/a'));
  expect(a.id).toMatch(/^itm_[0-9a-f]{24}$/);
  expect(a.seenUrl).toBe('https://www.vantaa.example/a?utm_source=rss');
});

test('text is plain and bounded: HTML stripped, entities decoded, long summaries clipped at a word', () => {
  const draft = normalizeItem(
    {
      url: '/uutiset/a',
      title: '  <b>Kirjasto</b> &amp; maker-paja ',
      summary: `<p>${'sana '.repeat(300)}</p>`,
      imageUrl: '/img/a.jpg',
      categories: ['Kulttuuri', 'kulttuuri', ' '],
      publishedAt: 'Fri, 20 Nov 2026 09:00:00 +0200',
    },
    source,
  );
  expect(draft.title).toBe('Kirjasto & maker-paja');
  expect(draft.summary!.length).toBeLessThanOrEqual(600);
  expect(draft.summary!.endsWith('sana…')).toBe(true);
  expect(draft.imageUrl).toBe('https://www.vantaa.example/img/a.jpg');
  expect(draft.categories).toEqual(['kulttuuri']);
  expect(draft.publishedAt?.toISOString()).toBe('2026-11-20T07:00:00.000Z');
});

test('what cannot be used is dropped, not guessed: bad dates, non-http images, entries without a URL', () => {
  const draft = normalizeItem({ url: 'https://e.org/a', publishedAt: 'yesterday-ish', imageUrl: 'javascript:alert(1)' }, source);
  expect(draft.publishedAt).toBeUndefined();
  expect(draft.imageUrl).toBeUndefined();
  expect(() => normalizeItem({ url: 'mailto:info@e.org' }, source)).toThrow(InvalidUrlError);
});

test('languages are matched on their primary subtag', () => {
  expect([primaryLanguage('fi-FI'), primaryLanguage('sv_FI'), primaryLanguage('EN'), primaryLanguage('Finnish'), primaryLanguage(undefined)]).toEqual([
    'fi',
    'sv',
    'en',
    undefined,
    undefined,
  ]);
});

test('the content hash changes when an item changes and only then', () => {
  const items = [normalizeItem({ url: 'https://e.org/a', title: 'A' }, source), normalizeItem({ url: 'https://e.org/b', title: 'B' }, source)];
  const same = [normalizeItem({ url: 'https://e.org/a?utm_source=x', title: 'A' }, source), normalizeItem({ url: 'https://e.org/b', title: 'B' }, source)];
  const edited = [normalizeItem({ url: 'https://e.org/a', title: 'A, edited' }, source), items[1]!];
  expect(contentHash(same)).toBe(contentHash(items));
  expect(contentHash(edited)).not.toBe(contentHash(items));
});

test("a category that names one of the programme's topics becomes a topic of the item, whatever its case or spacing", () => {
  const programme = new Set(['city', 'jobs', 'summer jobs']);
  const draft = normalizeItem({ url: 'https://e.org/a', categories: ['JOBS ', 'Summer  Jobs', 'Kesä', '<b>city</b>'] }, source, programme);
  // the source's topic first, then the matches; "kesä" names no topic and stays a category only
  expect(draft.topics).toEqual(['city', 'jobs', 'summer jobs']);
  expect(draft.categories).toEqual(['jobs', 'summer jobs', 'kesä', 'city']);
});

test('categories naming no programme topic add none: free-form feed tags do not invent topics', () => {
  expect(normalizeItem({ url: 'https://e.org/a', categories: ['Breaking', 'Jobs'] }, source, new Set(['culture'])).topics).toEqual(['city']);
  // without the programme's topics (a caller that has none) only the source's apply
  expect(normalizeItem({ url: 'https://e.org/a', categories: ['city', 'jobs'] }, source).topics).toEqual(['city']);
  expect(topicsFor([], ['Culture'], new Set(['culture']))).toEqual(['culture']);
});

test("the programme's topics are every source's and every Slack channel rule's, compared in lower case", async () => {
  const { config } = await parseConfigText(
    `program: { name: Test City }
admins: [{ name: Ada, email: ada@testcity.example }]
sources:
  - { id: news, kind: feed, url: "https://e.org/feed.xml", topics: [City, culture] }
  - { id: jobs, kind: feed, url: "https://e.org/jobs.xml", topics: [jobs] }
slack:
  channels: [{ channel: C0123456789, topics: [Summer Jobs] }]
`,
    'test.yaml',
    { kinds: sourceKinds() },
  );
  expect([...programmeTopicsOf(config)].sort()).toEqual(['city', 'culture', 'jobs', 'summer jobs']);
});
