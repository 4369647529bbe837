import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { previewSource } from '../../activities/preview-source.js';
import { buildSourceSchema } from '../../config/schema.js';
import { createSourceClients } from '../../integrations/http/source-clients.js';
import { FeedServer } from '../helpers/feed-server.js';
import { FIXTURES } from '../helpers/fixtures.js';
import { quietLog, testConfig, testConfigInput } from '../helpers/harness.js';

// The console's "Test this feed" reaches a URL as a poll does: through the source clients made from fetch: in
// kaiku.yaml, so a feed on a private or loopback address is refused with the poll's own words unless the operator
// allowed private addresses, and a real feed shows the items a poll would create.

let feeds: FeedServer;

beforeAll(async () => {
  feeds = await FeedServer.start('127.0.0.1');
  feeds.feed('/city.xml', await readFile(join(FIXTURES, 'feeds', 'rss2-city.xml'), 'utf8'));
});

afterAll(async () => {
  await feeds.close();
});

async function preview(allowPrivateAddresses: boolean) {
  const { config, registry } = await testConfig(testConfigInput([], { fetch: { allowPrivateAddresses } }));
  const entry = buildSourceSchema(registry).parse({ id: 'city', kind: 'feed', url: feeds.url('/city.xml') });
  const http = createSourceClients(config);
  try {
    return await previewSource({ registry, http, log: quietLog }, entry);
  } finally {
    await http.close();
  }
}

test('a feed on loopback is refused by the private-address guard, with the reason the poll would give, and never fetched', async () => {
  const result = await preview(false);
  expect(result.ok).toBe(false);
  expect(result.ok ? '' : result.reason).toMatch(/^refused to fetch http:\/\/127\.0\.0\.1:\d+\/city\.xml: .*loopback/);
  expect(feeds.hits('/city.xml')).toBe(0);
});

test('with fetch.allowPrivateAddresses on, the same feed shows the items a poll would create (title, link, date)', async () => {
  const result = await preview(true);
  if (!result.ok) throw new Error(result.reason);
  expect(result.items.length).toBeGreaterThanOrEqual(3);
  expect(result.items[0]).toEqual({
    title: 'Tiedepuisto Heureka avaa uuden näyttelyn & työpajan',
    url: 'https://www.vantaa.example/fi/uutiset/heureka-nayttely',
    publishedAt: new Date('2026-11-20T07:00:00Z'),
  });
});
