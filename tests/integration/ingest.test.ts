import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { WorkflowNotFoundError } from '@temporalio/client';
import { FeedServer } from '../helpers/feed-server.js';
import { atom, entries, jsonFeed, rss2 } from '../helpers/feeds.js';
import { startHarness, testConfigInput, type Harness } from '../helpers/harness.js';
import { rowVersions } from '../helpers/snapshot.js';
import { readFixture } from '../helpers/fixtures.js';
import { FormClient, outboxMailsTo, signInAsAdmin } from '../helpers/form-client.js';

let feeds: FeedServer;
let harness: Harness;

const source = (id: string, path: string, extra: Record<string, unknown> = {}) => ({
  id,
  kind: 'feed',
  url: feeds.url(path),
  topics: [id.split('-')[0]],
  approvers: ['ada@testcity.example'],
  ...extra,
});

beforeAll(async () => {
  feeds = await FeedServer.start();
  const base = feeds.origin;
  feeds
    .feed('/rss.xml', rss2('News', entries(`${base}/news`, 5, 'news'), { language: 'fi' }))
    .feed('/atom.xml', atom('Blog', entries(`${base}/blog`, 4, 'blog')), 'application/atom+xml')
    .feed('/rdf.xml', readFixture('feeds/rss1-rdf.xml').replaceAll('https://www.example.fi', base), 'application/rdf+xml')
    .feed('/feed.json', jsonFeed('Podcast', entries(`${base}/pod`, 3, 'pod')), 'application/feed+json')
    // the same two articles as /rss.xml, with tracking parameters and fragments
    .feed(
      '/partner.xml',
      rss2('Partner', [
        { url: `${base}/news/news-0?utm_source=partner&utm_campaign=x#top`, title: 'news number 0', summary: 's', image: `${base}/i.jpg` },
        { url: `${base}/news/news-1?fbclid=abc&gclid=def`, title: 'news number 1', summary: 's', image: `${base}/i.jpg` },
        { url: `${base}/partner/own-story`, title: 'Partner story', summary: 's', image: `${base}/i.jpg` },
      ]),
    )
    .feed('/no-validators.xml', rss2('Plain', entries(`${base}/plain`, 3, 'plain')), 'application/rss+xml', { validators: false })
    .feed('/bare.xml', rss2('Bare', [{ url: `${base}/bare-article`, title: 'Bare article' }]))
    .route('/bare-article', (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(
        `<!doctype html><html lang="sv"><head><meta property="og:description" content="Beskrivning från sidan"><meta property="og:image" content="/img/bare.png"></head><body>hej</body></html>`,
      );
    })
    .route('/500.xml', (_req, res) => {
      res.writeHead(500);
      res.end('Internal Server Error');
    })
    .route('/slow.xml', () => new Promise(() => undefined))
    .route('/loop-a.xml', (_req, res) => {
      res.writeHead(302, { location: '/loop-b.xml' });
      res.end();
    })
    .route('/loop-b.xml', (_req, res) => {
      res.writeHead(302, { location: '/loop-a.xml' });
      res.end();
    })
    .feed('/malformed.xml', readFixture('feeds/malformed.xml'))
    .route('/huge.xml', (_req, res) => {
      // 50 MB of feed-looking XML, streamed without a Content-Length
      res.writeHead(200, { 'content-type': 'application/rss+xml' });
      const chunk = Buffer.alloc(1024 * 1024, '<item><title>x</title></item>');
      let sent = 0;
      const pump = () => {
        while (sent < 50) {
          sent++;
          if (!res.write(chunk)) return void res.once('drain', pump);
        }
        res.end();
      };
      res.on('error', () => undefined);
      pump();
    })
    .feed('/page.html', readFixture('feeds/html-page.html'), 'text/html; charset=utf-8');

  harness = await startHarness({
    configInput: testConfigInput(
      [
        source('news-rss', '/rss.xml'),
        source('blog-atom', '/atom.xml', { language: 'sv' }),
        source('city-rdf', '/rdf.xml'),
        source('pod-json', '/feed.json', { language: 'en' }),
        source('partner-rss', '/partner.xml'),
        source('plain-rss', '/no-validators.xml'),
        source('bare-rss', '/bare.xml'),
        source('bad-500', '/500.xml'),
        source('bad-slow', '/slow.xml'),
        source('bad-loop', '/loop-a.xml'),
        source('bad-malformed', '/malformed.xml'),
        source('bad-huge', '/huge.xml'),
        source('bad-html', '/page.html'),
      ],
      { fetch: { allowPrivateAddresses: true, timeout: '2 seconds', maxBytes: '5 MB' } },
    ),
  });
});

afterAll(async () => {
  await harness?.close();
  await feeds?.close();
});

describe('ingest on the real Temporal dev server', () => {
  test('RSS 2.0, Atom, RSS 1.0 (RDF) and JSON Feed items are stored once each, in the source language', async () => {
    const results = await Promise.all(['news-rss', 'blog-atom', 'city-rdf', 'pod-json'].map((id) => harness.poll(id)));
    expect(results.map((r) => [r.sourceId, r.status, r.inserted])).toEqual([
      ['news-rss', 'changed', 5],
      ['blog-atom', 'changed', 4],
      ['city-rdf', 'changed', 2],
      ['pod-json', 'changed', 3],
    ]);
    const items = await harness.store.items.listByState('pending', 100);
    const bySource = (id: string) => items.filter((item) => item.source_id === id);
    expect(bySource('news-rss').map((i) => i.language)).toEqual(Array(5).fill('fi'));
    expect(bySource('blog-atom').map((i) => i.language)).toEqual(Array(4).fill('sv'));
    expect(bySource('pod-json').map((i) => i.language)).toEqual(Array(3).fill('en'));
    const rdf = bySource('city-rdf').sort((a, b) => a.title.localeCompare(b.title));
    expect(rdf.map((i) => i.title)).toEqual(['Kirjasto avaa ovensa', 'Uusi pyöräsilta']);
    expect(rdf[0]!.summary).toContain('kirjasto');
    expect(bySource('news-rss')[0]!.topics).toEqual(['news']);
  });

  test('each new item reaches the approval stage: a running approval workflow whose id is the item id', async () => {
    await harness.poll('pod-json');
    await harness.approvalsStarted();
    const items = (await harness.store.items.listByState('pending', 100)).filter((item) => item.source_id === 'pod-json');
    expect(items).toHaveLength(3);
    for (const item of items) {
      expect(item.approval_started_at).toBeInstanceOf(Date);
      const handle = harness.client.workflow.getHandle(item.id);
      const description = await handle.describe();
      expect(description.type).toBe('approveItem');
      expect(description.status.name).toBe('RUNNING');
      expect(await harness.approvalStage(item.id, 'awaiting-decision')).toMatchObject({ itemId: item.id });
    }
    await expect(harness.client.workflow.getHandle('itm_doesnotexist').describe()).rejects.toBeInstanceOf(WorkflowNotFoundError);
  });

  test('the same article in two feeds, or with tracking parameters and fragments, is one item', async () => {
    await harness.poll('news-rss');
    const before = await harness.store.items.listByState('pending', 1000);
    const result = await harness.poll('partner-rss');
    expect(result).toMatchObject({ status: 'changed', inserted: 1, linked: 3, awaitingApproval: 1 });
    const after = await harness.store.items.listByState('pending', 1000);
    expect(after.length).toBe(before.length + 1);
    const news0 = after.filter((item) => item.url === `${feeds.origin}/news/news-0`);
    expect(news0).toHaveLength(1);
    expect(news0[0]!.url).toBe(`${feeds.origin}/news/news-0`);
    expect((await harness.store.items.sourcesOf([news0[0]!.id])).get(news0[0]!.id)).toEqual(['news-rss', 'partner-rss']);
    // the article now also carries the partner source's topics
    expect(news0[0]!.topics).toEqual(['news', 'partner']);
    // only the partner's own story awaits an approval workflow; the shared article has its one already
    await harness.approvalsStarted();
    const partnerStory = after.find((item) => item.url === `${feeds.origin}/partner/own-story`)!;
    expect((await harness.client.workflow.getHandle(partnerStory.id).describe()).status.name).toBe('RUNNING');
  });

  test('a second poll of an unchanged feed writes no rows: 304 with validators, same content without', async () => {
    await harness.poll('news-rss');
    await harness.poll('plain-rss');
    await harness.approvalsRequested();
    const before = await rowVersions(harness.db.database.db);
    const hitsBefore = feeds.hits('/rss.xml') + feeds.hits('/no-validators.xml');

    const conditional = await harness.poll('news-rss');
    const plain = await harness.poll('plain-rss');

    expect(conditional).toMatchObject({ status: 'not-modified', inserted: 0, awaitingApproval: 0 });
    expect(plain).toMatchObject({ status: 'unchanged', inserted: 0, awaitingApproval: 0 });
    expect(feeds.hits('/rss.xml') + feeds.hits('/no-validators.xml')).toBe(hitsBefore + 2);
    expect(await rowVersions(harness.db.database.db)).toEqual(before);
  });

  test('an item without image or summary is enriched from its page (og: tags, relative image, page language)', async () => {
    await harness.poll('bare-rss');
    const item = (await harness.store.items.listByState('pending', 1000)).find((i) => i.source_id === 'bare-rss');
    expect(item).toMatchObject({
      title: 'Bare article',
      summary: 'Beskrivning från sidan',
      image_url: `${feeds.origin}/img/bare.png`,
      language: 'sv', // neither item, source nor feed names one: the page's <html lang> comes before the program default
    });
  });

  test('broken feeds are marked unhealthy with the reason while the other sources still arrive', async () => {
    const bad = ['bad-500', 'bad-slow', 'bad-loop', 'bad-malformed', 'bad-huge', 'bad-html'];
    const results = await Promise.all([...bad, 'plain-rss'].map((id) => harness.poll(id)));
    const byId = Object.fromEntries(results.map((r) => [r.sourceId, r]));
    expect(byId['plain-rss']!.status).not.toBe('unhealthy');
    const reasons: Record<string, RegExp> = {
      'bad-500': /HTTP 500/,
      'bad-slow': /no complete answer within 2 s/,
      'bad-loop': /redirect loop/,
      'bad-malformed': /malformed RSS: .*line \d+/,
      'bad-huge': /larger than 5 MB/,
      'bad-html': /HTML page, not a feed; it names its feed at http:\/\/127\.0\.0\.1:\d+\/rss\.xml/,
    };
    for (const id of bad) {
      expect(byId[id], id).toMatchObject({ status: 'unhealthy', inserted: 0 });
      expect(byId[id]!.reason, id).toMatch(reasons[id]!);
      const row = await harness.store.sources.get(id);
      expect(row, id).toMatchObject({ health: 'unhealthy' });
      expect(row!.last_error, id).toMatch(reasons[id]!);
    }
    expect(harness.worker.getState()).toBe('RUNNING');

    // the admin page shows each reason next to its source
    const ada = FormClient.forApp(harness.app);
    await signInAsAdmin(ada, outboxMailsTo(harness.store), 'ada@testcity.example');
    const page = (await ada.get('/admin')).text;
    for (const id of bad) expect(page).toMatch(new RegExp(`data-source-id="${id}" data-health="unhealthy"`));
    expect(page).toContain('redirect loop');
  });

  test('a source that recovers is healthy again', async () => {
    feeds.feed('/500.xml', rss2('Recovered', entries(`${feeds.origin}/rec`, 2, 'rec')));
    const result = await harness.poll('bad-500');
    expect(result).toMatchObject({ status: 'changed', inserted: 2 });
    expect(await harness.store.sources.get('bad-500')).toMatchObject({ health: 'healthy', last_error: null, failure_count: 0 });
  });
});

describe('a slow feed', () => {
  test('is fetched once: the activity heartbeats while it waits, so Temporal does not start a second attempt', async () => {
    const slow = await FeedServer.start();
    slow.route('/slow.xml', async (_req, res) => {
      await new Promise((r) => setTimeout(r, 3500));
      res.writeHead(200, { 'content-type': 'application/rss+xml' });
      res.end(rss2('Slow', entries(`${slow.origin}/slow`, 2, 'slow')));
    });
    const local = await startHarness({
      configInput: testConfigInput([{ id: 'slow', kind: 'feed', url: slow.url('/slow.xml'), allowPrivateAddresses: true }], {
        temporal: { activityHeartbeatTimeout: '1 second' },
      }),
    });
    try {
      expect(await local.poll('slow')).toMatchObject({ status: 'changed', inserted: 2 });
      expect(slow.hits('/slow.xml')).toBe(1);
    } finally {
      await local.close();
      await slow.close();
    }
  });
});
