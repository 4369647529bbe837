import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { gzipSync } from 'node:zlib';
import { z } from 'zod';
import { FeedServer } from '../helpers/feed-server.js';
import { entries, rss2 } from '../helpers/feeds.js';
import { startHarness, testConfigInput, type Harness } from '../helpers/harness.js';
import { rowVersions } from '../helpers/snapshot.js';
import { FormClient, outboxMailsTo, signInAsAdmin } from '../helpers/form-client.js';
import { defineSource } from '../../activities/sources/define-source.js';

// The feeds that used to wedge a source (issue 15), each through the real poll workflow on the Temporal dev
// server: one poll answers (one GET, no retry), the readable entries are stored, what was skipped or refused is
// said on the source and on the admin page, and the next poll of an unchanged feed writes nothing.

let feeds: FeedServer;
let harness: Harness;

// A kind of source written by a developer that hands kaiku a title that is not text: normalising it threw
// "Cannot convert object to primitive value" and the activity was retried with a full fetch each time.
const objectTitles = defineSource({
  kind: 'object-titles',
  configSchema: z.strictObject({}),
  async fetch({ source }) {
    return {
      items: [
        { url: `${source.url}/fine-1`, title: 'A fine entry' },
        { url: `${source.url}/broken`, title: Object.create(null) as unknown as string },
        { url: `${source.url}/fine-2`, title: 'Another fine entry' },
      ],
    };
  },
});

const XHTML_ATOM = (base: string) => `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:base="${base}/blog/">
  <title>Blog</title>
  <id>urn:hostile:xhtml</id>
  <updated>2026-11-20T10:00:00Z</updated>
  <entry>
    <title type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">Budget <b>2027</b> is <em>out</em></div></title>
    <link href="budget-2027"/>
    <id>urn:hostile:1</id>
    <updated>2026-11-20T10:00:00Z</updated>
  </entry>
  <entry>
    <title>Plain title</title>
    <link href="plain"/>
    <id>urn:hostile:2</id>
    <updated>2026-11-20T10:00:00Z</updated>
  </entry>
</feed>`;

const NAKED_MARKUP_RSS = (base: string) => `<rss version="2.0"><channel><title>News</title><link>${base}/</link>
  <item><title>Road works <b>on</b> Main Street</title><link>${base}/news/road-works</link></item>
  <item><title>Library\u0000 opens &#x202E;today</title><link>${base}/news/library</link></item>
  <item><title>No link at all</title></item>
</channel></rss>`;

beforeAll(async () => {
  feeds = await FeedServer.start();
  const base = feeds.origin;
  feeds
    .feed('/xhtml.atom', XHTML_ATOM(base), 'application/atom+xml')
    .feed('/naked.xml', NAKED_MARKUP_RSS(base))
    .route('/gzip.xml', (_req, res) => {
      // gzip bytes without Content-Encoding, as some CDNs and static hosts serve a .xml.gz
      res.writeHead(200, { 'content-type': 'application/rss+xml', etag: '"gz-1"' });
      res.end(gzipSync(rss2('Gzipped', entries(`${base}/gz`, 3, 'gz'))));
    })
    .route('/broken-gzip.xml', (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/rss+xml' });
      res.end(gzipSync(rss2('Cut', entries(`${base}/cut`, 30, 'cut'))).subarray(0, 200));
    })
    .route('/flaky.xml', (_req, res) => {
      // a server that is down for two attempts: only this kind of failure is tried again
      if (feeds.hits('/flaky.xml') <= 2) {
        res.writeHead(503);
        res.end('Service Unavailable');
        return;
      }
      res.writeHead(200, { 'content-type': 'application/rss+xml' });
      res.end(rss2('Flaky', entries(`${base}/flaky`, 2, 'flaky')));
    })
    .feed('/broken.xml', `<rss version="2.0"><channel><title>Broken</title>\n<item><title>One</title></channel></rss>`);

  harness = await startHarness({
    sources: [objectTitles],
    configInput: testConfigInput(
      [
        { id: 'xhtml-atom', kind: 'feed', url: feeds.url('/xhtml.atom') },
        { id: 'naked-rss', kind: 'feed', url: feeds.url('/naked.xml') },
        { id: 'gzip-rss', kind: 'feed', url: feeds.url('/gzip.xml') },
        { id: 'broken-gzip', kind: 'feed', url: feeds.url('/broken-gzip.xml') },
        { id: 'broken-xml', kind: 'feed', url: feeds.url('/broken.xml') },
        { id: 'object-titles', kind: 'object-titles', url: `${base}/custom` },
        { id: 'flaky-rss', kind: 'feed', url: feeds.url('/flaky.xml') },
      ].map((source) => ({ ...source, approvers: ['ada@testcity.example'], allowPrivateAddresses: true })),
      { fetch: { allowPrivateAddresses: true, timeout: '5 seconds' } },
    ),
  });
});

afterAll(async () => {
  await harness?.close();
  await feeds?.close();
});

const titlesOf = async (sourceId: string) =>
  (await harness.store.items.listByState('pending', 100))
    .filter((item) => item.source_id === sourceId)
    .map((item) => item.title)
    .sort();

describe('hostile feeds never wedge a source', () => {
  test('one poll each: readable entries stored, bad ones skipped with their reason, broken feeds refused in words', async () => {
    const ids = ['xhtml-atom', 'naked-rss', 'gzip-rss', 'broken-gzip', 'broken-xml', 'object-titles'];
    const results = Object.fromEntries((await Promise.all(ids.map((id) => harness.poll(id)))).map((r) => [r.sourceId, r]));

    // Atom xhtml title: text, markup dropped; relative links against xml:base
    expect(results['xhtml-atom']).toMatchObject({ status: 'changed', inserted: 2, skipped: 0 });
    expect(await titlesOf('xhtml-atom')).toEqual(['Budget 2027 is out', 'Plain title']);
    const budget = (await harness.store.items.listByState('pending', 100)).find((item) => item.title === 'Budget 2027 is out');
    expect(budget!.url).toBe(`${feeds.origin}/blog/budget-2027`);

    // RSS with naked markup and a NUL and a bidi override in a title; an entry without a link skipped and counted
    expect(results['naked-rss']).toMatchObject({ status: 'changed', inserted: 2, skipped: 1, skippedReasons: { 'an entry without a link': 1 } });
    expect(await titlesOf('naked-rss')).toEqual(['Library opens today', 'Road works on Main Street']);

    // gzip without Content-Encoding: read, and said
    expect(results['gzip-rss']).toMatchObject({ status: 'changed', inserted: 3 });
    expect((await harness.store.sources.get('gzip-rss'))!.last_warning).toMatch(/gzip-compressed without saying so/);

    // the custom kind's object title: that entry skipped with its reason, the two others stored
    expect(results['object-titles']).toMatchObject({ status: 'changed', inserted: 2, skipped: 1 });
    expect(Object.keys(results['object-titles']!.skippedReasons!)).toEqual([expect.stringMatching(/^an entry kaiku could not read \(/)]);
    expect(await titlesOf('object-titles')).toEqual(['A fine entry', 'Another fine entry']);

    // refused: unhealthy with a readable reason, no NUL, no stack, fetched once
    expect(results['broken-gzip']).toMatchObject({ status: 'unhealthy', inserted: 0 });
    expect(results['broken-gzip']!.reason).toMatch(/^the answer starts like gzip-compressed data but does not decompress/);
    expect(results['broken-xml']).toMatchObject({ status: 'unhealthy', inserted: 0 });
    expect(results['broken-xml']!.reason).toMatch(/^malformed RSS: .* at line 2, column \d+$/);
    for (const id of ['broken-gzip', 'broken-xml']) {
      const row = await harness.store.sources.get(id);
      expect(row, id).toMatchObject({ health: 'unhealthy', failure_count: 1, last_error: results[id]!.reason });
      expect(row!.last_error).not.toMatch(/[\u0000-\u0008\u000B-\u001F]/);
    }
    for (const path of ['/xhtml.atom', '/naked.xml', '/gzip.xml', '/broken-gzip.xml', '/broken.xml']) expect(feeds.hits(path), path).toBe(1);

    // the admin page shows each refusal beside its source, and what was skipped beside a healthy one
    const ada = FormClient.forApp(harness.app);
    await signInAsAdmin(ada, outboxMailsTo(harness.store), 'ada@testcity.example');
    const page = (await ada.get('/admin')).text;
    expect(page).toMatch(/data-source-id="broken-xml" data-health="unhealthy"/);
    expect(page).toContain('malformed RSS: ');
    expect(page).toContain('does not decompress');
    expect(page).toContain('1 of 3 entries skipped: 1 × an entry without a link');
  });

  test('a server that answers 503 is tried again within the poll (and only such a failure is)', async () => {
    expect(await harness.poll('flaky-rss')).toMatchObject({ status: 'changed', inserted: 2 });
    expect(feeds.hits('/flaky.xml')).toBe(3);
    expect(await harness.store.sources.get('flaky-rss')).toMatchObject({ health: 'healthy', last_error: null });
  });

  test('the next poll of the feeds that were read writes nothing', async () => {
    await harness.approvalsRequested(); // the approval workflows of the items stored above have done their writes
    const before = await rowVersions(harness.db.database.db);
    const again = await Promise.all(['xhtml-atom', 'naked-rss', 'gzip-rss', 'object-titles'].map((id) => harness.poll(id)));
    expect(again.map((r) => r.status)).toEqual(['not-modified', 'not-modified', 'unchanged', 'unchanged']);
    expect(await rowVersions(harness.db.database.db)).toEqual(before);
  });
});
