import { expect, test } from 'vitest';
import { createHash } from 'node:crypto';
import { visitorId } from '../../rules/privacy/visitor-id.js';
import { Secret } from '../../rules/tokens/secret.js';

// The hashed visitor of a tracked click (server/routes/digest-links.ts) rotates daily: the same browser gets the
// same id all day (a repeat click is counted once) and another id the next UTC day (nobody is followed across days).

const secret = new Secret('a-test-signing-secret-of-at-least-32-bytes');
const IP = '203.0.113.7';
const UA = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36';

test('same visitor, same UTC day: the same id, from its first second to its last', () => {
  const morning = visitorId(secret, IP, UA, new Date('2026-12-02T00:00:00Z'));
  expect(visitorId(secret, IP, UA, new Date('2026-12-02T13:45:10Z'))).toBe(morning);
  expect(visitorId(secret, IP, UA, new Date('2026-12-02T23:59:59.999Z'))).toBe(morning);
  expect(morning).toMatch(/^[A-Za-z0-9_-]{16}$/);
});

test('same visitor, the next day (or any other): another id', () => {
  const days = ['2026-12-02', '2026-12-03', '2026-12-04', '2027-12-02'].map((day) => visitorId(secret, IP, UA, new Date(`${day}T12:00:00Z`)));
  expect(new Set(days).size).toBe(days.length);
  expect(visitorId(secret, IP, UA, new Date('2026-12-02T23:59:59Z'))).not.toBe(visitorId(secret, IP, UA, new Date('2026-12-03T00:00:00Z')));
});

test('another address or browser is another visitor; without the key the id cannot be recomputed from the address', () => {
  const at = new Date('2026-12-02T12:00:00Z');
  const id = visitorId(secret, IP, UA, at);
  expect(visitorId(secret, '203.0.113.8', UA, at)).not.toBe(id);
  expect(visitorId(secret, IP, `${UA} Edg/131.0`, at)).not.toBe(id);
  expect(visitorId(new Secret('another-signing-secret-of-at-least-32-bytes'), IP, UA, at)).not.toBe(id);
  const unkeyed = createHash('sha256').update(`${IP}\u0000${UA}\u00002026-12-02`).digest('base64url').slice(0, 16);
  expect(id).not.toBe(unkeyed);
});
