import { afterAll, beforeAll, expect, test } from 'vitest';
import { z } from 'zod';
import { defineSource } from '../../activities/sources/define-source.js';
import { ConfigError } from '../../config/errors.js';
import { FeedServer } from '../helpers/feed-server.js';
import { startHarness, testConfig, testConfigInput, type Harness } from '../helpers/harness.js';

// A developer's own kind of source, defined here in the test as docs/writing-a-source.md shows:
// an intranet JSON API that is no feed at all.
const intranetNews = defineSource({
  kind: 'intranet-news',
  description: 'Posts from the intranet API',
  configSchema: z.strictObject({
    channel: z.string().min(1).meta({ example: 'public' }),
    minLikes: z.number().int().min(0).default(0),
  }),
  async fetch({ source, options, http, signal }) {
    const response = await http.get(`${source.url}?channel=${encodeURIComponent(options.channel)}`, { accept: 'application/json', signal });
    const body = JSON.parse(response.text()) as { posts: { permalink: string; headline: string; teaser: string; likes: number; lang: string }[] };
    return {
      items: body.posts
        .filter((post) => post.likes >= options.minLikes)
        .map((post) => ({ url: post.permalink, title: post.headline, summary: post.teaser, language: post.lang, imageUrl: `${source.url}/img.png` })),
    };
  },
});

let api: FeedServer;
let harness: Harness;
const requests: string[] = [];

beforeAll(async () => {
  api = await FeedServer.start();
  api.route('/api/posts', (req, res) => {
    requests.push(req.url ?? '');
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({
        posts: [
          { permalink: `${api.origin}/intra/welcome-new-nurses`, headline: 'Welcome, 40 new nurses', teaser: 'Our home care grows.', likes: 12, lang: 'en' },
          { permalink: `${api.origin}/intra/sauna-day`, headline: 'Saunapäivä', teaser: 'Henkilöstön saunapäivä perjantaina.', likes: 1, lang: 'fi' },
          {
            permalink: `${api.origin}/intra/budget-2027?utm_source=intranet`,
            headline: 'Budget 2027 in brief',
            teaser: 'Five things to know.',
            likes: 30,
            lang: 'en',
          },
        ],
      }),
    );
  });
  harness = await startHarness({
    sources: [intranetNews],
    configInput: testConfigInput([
      { id: 'intranet', kind: 'intranet-news', url: api.url('/api/posts'), channel: 'public', minLikes: 5, topics: ['people'], allowPrivateAddresses: true },
    ]),
  });
});

afterAll(async () => {
  await harness?.close();
  await api?.close();
});

test('a source defined with defineSource feeds the pipeline: its items are stored and reach the approval stage', async () => {
  const result = await harness.poll('intranet');
  expect(result).toMatchObject({ status: 'changed', fetched: 2, inserted: 2, awaitingApproval: 2 });
  await harness.approvalsStarted();
  expect(requests).toEqual(['/api/posts?channel=public']);

  const items = await harness.store.items.listByState('pending');
  expect(items.map((item) => item.url).sort()).toEqual([`${api.origin}/intra/budget-2027`, `${api.origin}/intra/welcome-new-nurses`]);
  for (const item of items) {
    expect(item).toMatchObject({ source_id: 'intranet', language: 'en', topics: ['people'] });
    const handle = harness.client.workflow.getHandle(item.id);
    expect((await handle.describe()).status.name).toBe('RUNNING');
    expect(await harness.approvalStage(item.id, 'awaiting-decision')).toMatchObject({ itemId: item.id });
  }

  // polled again, the same posts are neither stored nor sent for approval twice
  const again = await harness.poll('intranet');
  expect(again).toMatchObject({ status: 'unchanged', inserted: 0, awaitingApproval: 0 });
});

test("the kind's own config keys are validated by its configSchema, with the key path and an example", async () => {
  const attempt = testConfig(testConfigInput([{ id: 'intranet', kind: 'intranet-news', url: 'https://intra.example/api', minLikes: -1 }]), [intranetNews]);
  const error = (await attempt.catch((e: unknown) => e)) as ConfigError;
  expect(error).toBeInstanceOf(ConfigError);
  const text = error.format();
  expect(text).toContain('sources[0].channel');
  expect(text).toContain('is required');
  expect(text).toContain('channel: public');
  expect(text).toContain('sources[0].minLikes');

  const unknown = (await testConfig(testConfigInput([{ id: 'x', kind: 'intranet-nwes', url: 'https://intra.example/api' }]), [intranetNews]).catch(
    (e: unknown) => e,
  )) as ConfigError;
  expect(unknown.format()).toMatch(/sources\[0\]\.kind.*unknown kind "intranet-nwes".*feed, html, intranet-news/);
});
