import { gzipSync, brotliCompressSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createHttpClient, FetchError, type HttpClient } from '../../integrations/http/http-client.js';
import { HostLimiter } from '../../integrations/http/host-limiter.js';
import { FeedServer } from '../helpers/feed-server.js';

let server: FeedServer;
let http: HttpClient;
let guarded: HttpClient;
const seen: Record<string, string | undefined> = {};

const options = { userAgent: 'kaiku-test/1.0', timeoutMs: 1500, maxBytes: 64 * 1024, maxRedirects: 3, limiter: new HostLimiter(4) };

beforeAll(async () => {
  server = await FeedServer.start();
  server
    .feed('/feed.xml', '<rss version="2.0"><channel><title>t</title></channel></rss>')
    .route('/headers', (req, res) => {
      seen.userAgent = req.headers['user-agent'];
      seen.accept = req.headers.accept;
      res.end('ok');
    })
    .route('/gzip', (_req, res) => {
      res.writeHead(200, { 'content-encoding': 'gzip', 'content-type': 'text/plain' });
      res.end(gzipSync('hello gzip'));
    })
    .route('/br', (_req, res) => {
      res.writeHead(200, { 'content-encoding': 'br', 'content-type': 'text/plain' });
      res.end(brotliCompressSync('hello brotli'));
    })
    .route('/bomb', (_req, res) => {
      // 1 MB of zeros compresses to ~1 kB: the limit counts what it expands to
      res.writeHead(200, { 'content-encoding': 'gzip' });
      res.end(gzipSync(Buffer.alloc(1024 * 1024)));
    })
    .route('/declared-large', (_req, res) => {
      res.writeHead(200, { 'content-length': String(10 * 1024 * 1024) });
      res.write('x');
    })
    .route('/r1', (_req, res) => res.writeHead(301, { location: '/r2' }).end())
    .route('/r2', (_req, res) => res.writeHead(302, { location: `${server.origin}/r3` }).end())
    .route('/r3', (_req, res) => res.writeHead(307, { location: '/headers' }).end())
    .route('/chain', (_req, res) => res.writeHead(302, { location: '/r1' }).end())
    .route('/self', (_req, res) => res.writeHead(302, { location: '/self' }).end())
    .route('/nolocation', (_req, res) => res.writeHead(302).end())
    // 127.0.0.2 is loopback too: nothing here ever leaves this machine
    .route('/to-other-loopback', (_req, res) => res.writeHead(302, { location: `http://127.0.0.2:${new URL(server.origin).port}/feed.xml` }).end())
    .route('/slow-headers', () => new Promise(() => undefined))
    .route('/slow-body', (_req, res) => {
      res.writeHead(200);
      res.write('start…');
    })
    .route('/503', (_req, res) => res.writeHead(503).end())
    .route('/404', (_req, res) => res.writeHead(404).end());
  http = createHttpClient({ ...options, allowPrivateAddresses: true });
  guarded = createHttpClient({ ...options, allowPrivateAddresses: false });
});

afterAll(async () => {
  await http.close();
  await guarded.close();
  await server.close();
});

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (e: unknown) => e as FetchError,
  );

describe('createHttpClient', () => {
  test('sends a clear User-Agent and the Accept asked for', async () => {
    await http.get(server.url('/headers'), { accept: 'application/rss+xml' });
    expect(seen).toEqual({ userAgent: 'kaiku-test/1.0', accept: 'application/rss+xml' });
  });

  test('conditional GET: the validators of the last answer bring a 304 and no body', async () => {
    const first = await http.get(server.url('/feed.xml'));
    expect(first.etag).toMatch(/^"/);
    const second = await http.get(server.url('/feed.xml'), { etag: first.etag, lastModified: first.lastModified });
    expect(second).toMatchObject({ status: 304, notModified: true });
    expect(second.body.length).toBe(0);
  });

  test('decompresses gzip and brotli', async () => {
    expect((await http.get(server.url('/gzip'))).text()).toBe('hello gzip');
    expect((await http.get(server.url('/br'))).text()).toBe('hello brotli');
  });

  test('follows redirects up to the limit, relative and absolute, and reports the final URL', async () => {
    const response = await http.get(server.url('/r1'));
    expect(response.url).toBe(server.url('/headers'));
    expect(response.text()).toBe('ok');
    const error = await failure(http.get(server.url('/chain')));
    expect(error).toMatchObject({ kind: 'too-many-redirects' });
    expect(error!.message).toMatch(/more than 3 redirects/);
  });

  test.each([
    ['/self', 'redirect-loop', /redirect loop/],
    ['/nolocation', 'http-status', /HTTP 302 without a Location/],
    ['/bomb', 'too-large', /larger than 64 kB/],
    ['/declared-large', 'too-large', /larger than 64 kB/],
    ['/slow-headers', 'timeout', /no complete answer within 2 s/],
    ['/slow-body', 'timeout', /no complete answer within 2 s/],
    ['/503', 'http-status', /HTTP 503/],
    ['/404', 'http-status', /HTTP 404/],
  ])('%s fails as %s', async (path, kind, message) => {
    const started = Date.now();
    const error = await failure(http.get(server.url(path)));
    expect(error).toBeInstanceOf(FetchError);
    expect(error).toMatchObject({ kind });
    expect(error!.message).toMatch(message);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  test('5xx and timeouts are transient; 404 and too-large are not', async () => {
    expect((await failure(http.get(server.url('/503'))))!.transient).toBe(true);
    expect((await failure(http.get(server.url('/404'))))!.transient).toBe(false);
    expect((await failure(http.get(server.url('/bomb'))))!.transient).toBe(false);
  });

  test('refuses non-http URLs and URLs with credentials', async () => {
    expect(await failure(http.get('file:///etc/passwd'))).toMatchObject({ kind: 'bad-url' });
    expect(await failure(http.get('http://user:pw@example.org/'))).toMatchObject({ kind: 'bad-url' });
  });
});

describe('private addresses are refused unless allowed', () => {
  test.each([
    ['a loopback literal', () => server.url('/feed.xml'), /127\.0\.0\.1 is a private, loopback or link-local address/],
    ['localhost, checked when it resolves', () => server.url('/feed.xml').replace('127.0.0.1', 'localhost'), /localhost resolves to (127\.0\.0\.1|::1)/],
    ['an IPv6 loopback', () => 'http://[::1]:9/feed.xml', /::1 is a private/],
    ['the cloud metadata address', () => 'http://169.254.169.254/latest/meta-data/', /169\.254\.169\.254/],
    ['a private network', () => 'http://10.1.2.3/feed.xml', /10\.1\.2\.3/],
  ])('%s', async (_name, url, message) => {
    const error = await failure(guarded.get(url()));
    expect(error).toMatchObject({ kind: 'blocked-address' });
    expect(error!.message).toMatch(message);
    expect(error!.message).toMatch(/allowPrivateAddresses: true/);
  });

  test('a redirect to a private address is refused at the hop, not followed', async () => {
    // a client that may reach only the test server's own address, 127.0.0.1
    const onlyTestServer = createHttpClient({ ...options, allowPrivateAddresses: false, addressPolicy: (address) => address === '127.0.0.1' });
    try {
      expect((await onlyTestServer.get(server.url('/feed.xml'))).status).toBe(200);
      const hitsBefore = server.hits('/feed.xml');
      const error = await failure(onlyTestServer.get(server.url('/to-other-loopback')));
      expect(error).toMatchObject({ kind: 'blocked-address' });
      expect(error!.message).toMatch(/127\.0\.0\.2 is a private/);
      expect(server.hits('/feed.xml')).toBe(hitsBefore);
    } finally {
      await onlyTestServer.close();
    }
  });
});
