import type { LookupAddress } from 'node:dns';
import { Agent, request } from 'undici';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  addressRefusal,
  BlockedAddressError,
  createGuardedLookup,
  guardedLookup,
  isPublicAddress,
  type Resolve,
} from '../../integrations/http/address-guard.js';
import { createHttpClient, FetchError } from '../../integrations/http/http-client.js';
import { HostLimiter } from '../../integrations/http/host-limiter.js';
import { FeedServer } from '../helpers/feed-server.js';

test.each([
  ['127.0.0.1', false],
  ['127.8.9.10', false],
  ['10.0.0.1', false],
  ['172.16.0.1', false],
  ['172.31.255.255', false],
  ['192.168.1.1', false],
  ['169.254.169.254', false],
  ['100.64.0.1', false],
  ['0.0.0.0', false],
  ['224.0.0.1', false],
  ['255.255.255.255', false],
  ['::1', false],
  ['::', false],
  ['fe80::1', false],
  ['fd00::1', false],
  ['::ffff:127.0.0.1', false],
  ['::ffff:10.0.0.1', false],
  ['not an ip', false],
  ['127.1', false],
  ['8.8.8.8', true],
  ['172.32.0.1', true],
  ['193.166.3.2', true],
  ['2001:4860:4860::8888', true],
  ['::ffff:8.8.8.8', true],
])('isPublicAddress(%s) is %s', (address, expected) => {
  expect(isPublicAddress(address)).toBe(expected);
});

describe('IPv6 that carries an IPv4 address is judged by the IPv4 address it carries', () => {
  // [form, spelling with a private IPv4, the IPv4 it carries, spelling with a public IPv4]
  test.each([
    ['IPv4-mapped', '::ffff:127.0.0.1', '127.0.0.1', '::ffff:8.8.8.8'],
    ['IPv4-mapped', '::FFFF:7F00:1', '127.0.0.1', '::ffff:808:808'],
    ['IPv4-mapped', '0:0:0:0:0:ffff:a9fe:a9fe', '169.254.169.254', '0:0:0:0:0:ffff:c1a6:302'],
    ['IPv4-compatible', '::127.0.0.1', '127.0.0.1', '::8.8.8.8'],
    ['IPv4-compatible', '::7f00:1', '127.0.0.1', '::808:808'],
    ['IPv4-compatible', '::10.1.2.3', '10.1.2.3', '::193.166.3.2'],
    ['IPv4-translated (SIIT)', '::ffff:0:10.0.0.1', '10.0.0.1', '::ffff:0:8.8.8.8'],
    ['IPv4-translated (SIIT)', '::ffff:0:a9fe:a9fe', '169.254.169.254', '::ffff:0:808:808'],
    ['6to4', '2002:7f00:1::', '127.0.0.1', '2002:808:808::'],
    ['6to4', '2002:c0a8:0101:1::1', '192.168.1.1', '2002:c1a6:302:1::1'],
    ['NAT64', '64:ff9b::10.0.0.1', '10.0.0.1', '64:ff9b::8.8.8.8'],
    ['NAT64', '64:FF9B::A9FE:A9FE', '169.254.169.254', '64:ff9b::808:808'],
    ['local-use NAT64', '64:ff9b:1::a00:1', '10.0.0.1', '64:ff9b:1::808:808'],
    ['local-use NAT64', '64:ff9b:1:2:3:4:127.0.0.1', '127.0.0.1', '64:ff9b:1:2:3:4:8.8.8.8'],
    // Teredo, server 8.8.8.8 (0808:0808) and client 10.0.0.1 stored inverted (f5ff:fffe)
    ['Teredo', '2001:0:808:808:8000:63bf:f5ff:fffe', '10.0.0.1', '2001:0:808:808:8000:63bf:f7f7:f7f7'],
    // Teredo, server 127.0.0.1 and client 8.8.8.8 (inverted f7f7:f7f7): the server is judged too
    ['Teredo', '2001:0:7f00:1:8000:63bf:f7f7:f7f7', '127.0.0.1', '2001:0:c1a6:302:8000:63bf:3e59:fcfd'],
  ])('%s: %s is refused for %s; %s passes', (form, privateSpelling, carried, publicSpelling) => {
    const refusal = addressRefusal(privateSpelling);
    expect(refusal).toContain(form);
    expect(refusal).toContain(`carrying ${carried}, which is`);
    expect(isPublicAddress(privateSpelling)).toBe(false);
    expect(addressRefusal(publicSpelling)).toBeUndefined();
    expect(isPublicAddress(publicSpelling)).toBe(true);
  });

  test("Teredo's published example (RFC 4380) carries client 192.0.2.45, a documentation address", () => {
    expect(addressRefusal('2001:0000:4136:e378:8000:63bf:3fff:fdd2')).toBe('Teredo 2001::/32 carrying 192.0.2.45, which is documentation 192.0.2.0/24');
  });

  test('the refusal names the form, the address carried and its range', () => {
    expect(addressRefusal('::ffff:7f00:1')).toBe('IPv4-mapped ::ffff:0:0/96 carrying 127.0.0.1, which is loopback 127.0.0.0/8');
    expect(new BlockedAddressError('rebind.example', '::ffff:127.0.0.1').message).toBe(
      'rebind.example resolves to ::ffff:127.0.0.1, a private, loopback or link-local address (IPv4-mapped ::ffff:0:0/96 carrying 127.0.0.1, which is loopback 127.0.0.0/8)',
    );
  });
});

describe('IPv6 ranges that are not the public internet are refused outright', () => {
  test.each([
    ['::', 'unspecified ::/128'],
    ['0:0:0:0:0:0:0:0', 'unspecified ::/128'],
    ['::1', 'loopback ::1/128'],
    ['[::1]', 'loopback ::1/128'],
    ['0000:0000:0000:0000:0000:0000:0000:0001', 'loopback ::1/128'],
    ['fc00::1', 'unique local fc00::/7'],
    ['FD12:3456:789A::1', 'unique local fc00::/7'],
    ['fe80::1', 'link-local fe80::/10'],
    ['fe80::1%eth0', 'link-local fe80::/10'],
    ['[FE80::A%25en0]', 'link-local fe80::/10'],
    ['febf:ffff::1', 'link-local fe80::/10'],
    ['fec0::1', 'site-local fec0::/10'],
    ['FEFF::1', 'site-local fec0::/10'],
    ['ff02::1', 'multicast ff00::/8'],
    ['ff05::1:3', 'multicast ff00::/8'],
    ['2001:db8::1', 'documentation 2001:db8::/32'],
    ['2001:DB8:FFFF::', 'documentation 2001:db8::/32'],
    ['3fff::1', 'documentation 3fff::/20'],
    ['100::1', 'discard-only 100::/64'],
    ['2001:2::1', 'benchmarking 2001:2::/48'],
    ['5f00::1', 'outside the global unicast range 2000::/3'],
  ])('%s: %s', (address, refusal) => {
    expect(addressRefusal(address)).toBe(refusal);
  });

  test.each(['2001:4860:4860::8888', '2606:4700:4700::1111', '2A00:1450:4026:808::200E', '[2001:67c:2e8:22::c100:68b]'])('%s is public', (address) => {
    expect(addressRefusal(address)).toBeUndefined();
  });

  test('an IPv4 refusal names its range', () => {
    expect(addressRefusal('169.254.169.254')).toBe('link-local 169.254.0.0/16');
    expect(addressRefusal('not an ip')).toBe('not an IP address');
  });
});

describe('the guard judges the addresses a name resolves to', () => {
  const resolvingTo =
    (...addresses: string[]): Resolve =>
    (_hostname, _options, callback) =>
      callback(
        null,
        addresses.map((address): LookupAddress => ({ address, family: address.includes(':') ? 6 : 4 })),
      );
  const lookup = (hostname: string, resolve: Resolve) =>
    new Promise<{ error: Error | null; address: unknown }>((done) =>
      guardedLookup(hostname, { all: true }, (error, address) => done({ error, address }), isPublicAddress, resolve),
    );

  test('the guarded lookup refuses a name that resolves to loopback (real DNS)', async () => {
    const error = await new Promise<Error | null>((resolve) => guardedLookup('localhost', { all: true }, (err) => resolve(err)));
    expect(error?.message).toMatch(/localhost resolves to (127\.0\.0\.1|::1), a private, loopback or link-local address/);
  });

  test('a name resolving to ::ffff:127.0.0.1 is refused, naming the IPv4 address it carries', async () => {
    const { error, address } = await lookup('rebind.example', resolvingTo('::ffff:127.0.0.1'));
    expect(error).toBeInstanceOf(BlockedAddressError);
    expect(error!.message).toBe(
      'rebind.example resolves to ::ffff:127.0.0.1, a private, loopback or link-local address (IPv4-mapped ::ffff:0:0/96 carrying 127.0.0.1, which is loopback 127.0.0.0/8)',
    );
    expect(address).toEqual([]);
  });

  test('one refused address among public ones refuses the name', async () => {
    const { error } = await lookup('mixed.example', resolvingTo('8.8.8.8', '64:ff9b::a9fe:a9fe'));
    expect(error?.message).toMatch(/mixed\.example resolves to 64:ff9b::a9fe:a9fe, .*NAT64 64:ff9b::\/96 carrying 169\.254\.169\.254/);
  });

  test('a name resolving to public addresses only is let through', async () => {
    const { error, address } = await lookup('public.example', resolvingTo('8.8.8.8', '2002:808:808::1'));
    expect(error).toBeNull();
    expect(address).toEqual([
      { address: '8.8.8.8', family: 4 },
      { address: '2002:808:808::1', family: 6 },
    ]);
  });
});

describe('over real sockets', () => {
  let server: FeedServer;
  beforeAll(async () => {
    server = await FeedServer.start();
    server.route('/feed.xml', (_req, res) => res.end('<rss/>'));
  });
  afterAll(() => server.close());

  test('a socket whose name resolves to ::ffff:127.0.0.1 is refused at connect time, and the server is never reached', async () => {
    const port = new URL(server.origin).port;
    // The control: the same name resolved to 127.0.0.1, with a policy that admits it, does reach the server.
    const pointedAtLoopback: Resolve = (_hostname, _options, callback) => callback(null, [{ address: '127.0.0.1', family: 4 }]);
    const control = new Agent({ connect: { lookup: createGuardedLookup((address) => address === '127.0.0.1', pointedAtLoopback) as never } });
    const rebinding: Resolve = (_hostname, _options, callback) => callback(null, [{ address: '::ffff:127.0.0.1', family: 6 }]);
    const guarded = new Agent({ connect: { lookup: createGuardedLookup(isPublicAddress, rebinding) as never } });
    try {
      const ok = await request(`http://rebind.example:${port}/feed.xml`, { dispatcher: control });
      expect(await ok.body.text()).toBe('<rss/>');
      const hits = server.hits('/feed.xml');
      const error = await request(`http://rebind.example:${port}/feed.xml`, { dispatcher: guarded }).then(
        () => undefined,
        (e: unknown) => e as Error,
      );
      expect(String((error as { cause?: unknown })?.cause ?? error)).toMatch(/rebind\.example resolves to ::ffff:127\.0\.0\.1, .*carrying 127\.0\.0\.1/);
      expect(server.hits('/feed.xml')).toBe(hits);
    } finally {
      await Promise.all([control.close(), guarded.close()]);
    }
  });

  test.each([
    ['http://[::ffff:127.0.0.1]:9/feed.xml', /::ffff:7f00:1 is a private, loopback or link-local address \(IPv4-mapped .* carrying 127\.0\.0\.1/],
    ['http://[::127.0.0.1]:9/feed.xml', /::7f00:1 is .*IPv4-compatible .* carrying 127\.0\.0\.1/],
    ['http://[64:ff9b::a9fe:a9fe]/latest/meta-data/', /NAT64 .* carrying 169\.254\.169\.254/],
    ['http://[2002:a00:1::]/feed.xml', /6to4 .* carrying 10\.0\.0\.1/],
    ['http://[fec0::1]/feed.xml', /fec0::1 is .*site-local/],
  ])('the HTTP client refuses the literal %s before connecting', async (url, message) => {
    const client = createHttpClient({
      userAgent: 'kaiku-test/1.0',
      timeoutMs: 1500,
      maxBytes: 1024,
      maxRedirects: 1,
      limiter: new HostLimiter(1),
      allowPrivateAddresses: false,
    });
    try {
      const error = await client.get(url).then(
        () => undefined,
        (e: unknown) => e as FetchError,
      );
      expect(error).toBeInstanceOf(FetchError);
      expect(error).toMatchObject({ kind: 'blocked-address' });
      expect(error!.message).toMatch(message);
    } finally {
      await client.close();
    }
  });
});
