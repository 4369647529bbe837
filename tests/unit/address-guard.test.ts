import { expect, test } from 'vitest';
import { guardedLookup, isPublicAddress } from '../../integrations/http/address-guard.js';

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
  ['::1', false],
  ['::', false],
  ['fe80::1', false],
  ['fd00::1', false],
  ['::ffff:127.0.0.1', false],
  ['::ffff:10.0.0.1', false],
  ['not an ip', false],
  ['8.8.8.8', true],
  ['172.32.0.1', true],
  ['193.166.3.2', true],
  ['2001:4860:4860::8888', true],
  ['::ffff:8.8.8.8', true],
])('isPublicAddress(%s) is %s', (address, expected) => {
  expect(isPublicAddress(address)).toBe(expected);
});

test('the guarded lookup refuses a name that resolves to loopback', async () => {
  const error = await new Promise<Error | null>((resolve) => guardedLookup('localhost', { all: true }, (err) => resolve(err)));
  expect(error?.message).toMatch(/localhost resolves to (127\.0\.0\.1|::1), a private, loopback or link-local address/);
});
