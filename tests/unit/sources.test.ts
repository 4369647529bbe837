import { afterAll, beforeAll, expect, test } from 'vitest';
import { z } from 'zod';
import pino from 'pino';
import { defineSource } from '../../activities/sources/define-source.js';
import { createSourceRegistry } from '../../activities/sources/registry.js';
import { htmlListingSource } from '../../activities/sources/html-listing.js';
import { createHttpClient } from '../../integrations/http/http-client.js';
import { HostLimiter } from '../../integrations/http/host-limiter.js';
import { FeedServer } from '../helpers/feed-server.js';

let server: FeedServer;
const http = createHttpClient({
  userAgent: 't',
  timeoutMs: 2000,
  maxBytes: 1_000_000,
  maxRedirects: 3,
  allowPrivateAddresses: true,
  limiter: new HostLimiter(2),
});

beforeAll(async () => {
  server = await FeedServer.start();
  server.route('/jobs', (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(`<!doctype html><html lang="fi"><body>
      <ul>
        <li class="job"><a href="/jobs/nurse">Sairaanhoitaja</a><p class="summary">Vakituinen</p><img src="/img/n.png"><time datetime="2026-11-20">20.11.</time></li>
        <li class="job"><a href="https://other.example/jobs/teacher?utm_source=list">Opettaja</a></li>
        <li class="job"><span>No link here</span></li>
      </ul></body></html>`);
  });
});
afterAll(async () => {
  await http.close();
  await server.close();
});

const context = (options: unknown) => ({
  source: {
    id: 'jobs',
    kind: 'html',
    name: 'Jobs',
    url: server.url('/jobs'),
    topics: [],
    pollEveryMs: 1,
    approvers: [],
    priority: 5,
    enabled: true,
    allowPrivateAddresses: true,
  },
  options: options as never,
  http,
  state: {},
  log: pino({ level: 'silent' }),
  signal: new AbortController().signal,
  heartbeat: () => undefined,
});

test('the html source reads a listing page with the configured selectors, resolving relative links', async () => {
  const options = htmlListingSource.configSchema.parse({ selectors: { item: 'li.job', title: 'a', summary: '.summary', image: 'img', date: 'time' } });
  const result = await htmlListingSource.fetch(context(options));
  expect(result).toMatchObject({
    language: 'fi',
    items: [
      { url: server.url('/jobs/nurse'), title: 'Sairaanhoitaja', summary: 'Vakituinen', imageUrl: server.url('/img/n.png'), publishedAt: '2026-11-20' },
      { url: 'https://other.example/jobs/teacher?utm_source=list', title: 'Opettaja' },
    ],
  });
});

test('a selector that matches nothing says so, naming the selector', async () => {
  const options = htmlListingSource.configSchema.parse({ selectors: { item: 'article.news' } });
  await expect(htmlListingSource.fetch(context(options))).rejects.toThrow(/the selector "article.news" matched nothing/);
});

test('defineSource refuses a kind that cannot be a config value, and a registry refuses the same kind twice', () => {
  expect(() => defineSource({ kind: 'Intranet News', configSchema: z.object({}), fetch: async () => ({ items: [] }) })).toThrow(
    /lowercase letters, digits or dashes/,
  );
  const twin = defineSource({ kind: 'feed', configSchema: z.object({}), fetch: async () => ({ items: [] }) });
  expect(() => createSourceRegistry([twin])).toThrow(/two sources define kind "feed"/);
  expect(createSourceRegistry().kinds()).toEqual(['feed', 'html']);
});
