import { readFileSync } from 'node:fs';
import { simpleParser } from 'mailparser';
import { describe, expect, test } from 'vitest';
import { authenticationResultsFields, parseAuthenticationResults } from '../../integrations/email/authentication-results.js';
import { checkSender } from '../../integrations/email/sender-authentication.js';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/authentication-results/${name}`, import.meta.url));

/** The Authentication-Results fields and the From address of a fixture, read as kaiku reads a reply. */
async function fieldsOf(name: string): Promise<{ fields: string[]; from: string }> {
  const mail = await simpleParser(fixture(name));
  return { fields: authenticationResultsFields(mail.headerLines), from: mail.from!.value[0]!.address!.toLowerCase() };
}

/** A header block as RFC 8601 prints it: one field per `Authentication-Results:`, folded lines joined. */
const rfc = (block: string) =>
  authenticationResultsFields([...block.matchAll(/^Authentication-Results:(.*(?:\n\s+.*)*)/gm)].map((m) => ({ key: 'authentication-results', line: m[0] })));

describe('parsing Authentication-Results (RFC 8601 appendix B)', () => {
  test('B.2: service provided, no authentication done', () => {
    expect(parseAuthenticationResults(rfc('Authentication-Results: example.org 1; none')[0]!)).toEqual({ authservId: 'example.org', results: [] });
  });

  test('B.4: several results in one field, a second field from the same server', () => {
    const [first, second] = rfc(`Authentication-Results: example.com;
          auth=pass (cram-md5) smtp.auth=sender@example.net;
          spf=pass smtp.mailfrom=example.net
Authentication-Results: example.com; iprev=pass
          policy.iprev=192.0.2.200`);
    expect(parseAuthenticationResults(first!)).toEqual({
      authservId: 'example.com',
      results: [
        { method: 'auth', result: 'pass', properties: { 'smtp.auth': 'sender@example.net' } },
        { method: 'spf', result: 'pass', properties: { 'smtp.mailfrom': 'example.net' } },
      ],
    });
    expect(parseAuthenticationResults(second!).results).toEqual([{ method: 'iprev', result: 'pass', properties: { 'policy.iprev': '192.0.2.200' } }]);
  });

  test('B.6: a quoted reason, and header.i with no local part', () => {
    const [field] = rfc(`Authentication-Results: example.com;
      dkim=pass reason="good signature"
        header.i=@mail-router.example.net;
      dkim=fail reason="bad signature"
        header.i=@newyork.example.com`);
    expect(parseAuthenticationResults(field!).results).toEqual([
      { method: 'dkim', result: 'pass', reason: 'good signature', properties: { 'header.i': '@mail-router.example.net' } },
      { method: 'dkim', result: 'fail', reason: 'bad signature', properties: { 'header.i': '@newyork.example.com' } },
    ]);
  });

  test('B.7: comments everywhere, a method version, and white space around the dot of a property', () => {
    const [field] = rfc(`Authentication-Results: foo.example.net (foobar) 1 (baz);
    dkim (Because I like it) / 1 (One yay) = (wait for it) fail
      policy (A dot can go here) . (like that) expired
      (this surprised me) = (as I wasn't expecting it) 1362471462`);
    expect(parseAuthenticationResults(field!)).toEqual({
      authservId: 'foo.example.net',
      results: [{ method: 'dkim', result: 'fail', properties: { 'policy.expired': '1362471462' } }],
    });
  });

  test('nested comments with an escaped parenthesis, and an unquoted value with "=" in it', () => {
    expect(
      parseAuthenticationResults('x.example; dkim=pass (a (nested \\) one) b; c) header.d=d.example; spf=pass smtp.mailfrom=prvs=12ab=a@b.example'),
    ).toEqual({
      authservId: 'x.example',
      results: [
        { method: 'dkim', result: 'pass', properties: { 'header.d': 'd.example' } },
        { method: 'spf', result: 'pass', properties: { 'smtp.mailfrom': 'prvs=12ab=a@b.example' } },
      ],
    });
  });
});

describe('parsing real servers’ fields', () => {
  test('Gmail: three results, comments with colons, the DKIM identity as header.i', async () => {
    const { fields } = await fieldsOf('gmail-pass.eml');
    expect(fields).toHaveLength(1);
    expect(parseAuthenticationResults(fields[0]!)).toEqual({
      authservId: 'mx.google.com',
      results: [
        { method: 'dkim', result: 'pass', properties: { 'header.i': '@oracle.com', 'header.s': 'corp-2018-07-02', 'header.b': 'lhk5qU4z' } },
        { method: 'spf', result: 'pass', properties: { 'smtp.mailfrom': 'someone@oracle.com' } },
        { method: 'dmarc', result: 'pass', properties: { 'header.from': 'oracle.com' } },
      ],
    });
  });

  test('Gmail: a quoted BATV envelope sender', async () => {
    const { fields } = await fieldsOf('gmail-batv-quoted.eml');
    expect(parseAuthenticationResults(fields[0]!).results[1]!.properties['smtp.mailfrom']).toBe('prvs=1078cbd532=someone@fb.com');
  });

  test('Microsoft 365: no authserv-id, bare domain names between the results, compauth', async () => {
    const { fields } = await fieldsOf('outlook-no-authserv-id.eml');
    const parsed = parseAuthenticationResults(fields[0]!);
    expect(parsed.authservId).toBeUndefined();
    expect(parsed.results.map((r) => `${r.method}=${r.result}`)).toEqual(['spf=softfail', 'dkim=pass', 'dmarc=pass', 'compauth=pass']);
    expect(parsed.results[1]!.properties).toEqual({ 'header.d': 'gmail.com' });
    expect(parsed.results[2]!.properties).toEqual({ action: 'none', 'header.from': 'gmail.com' });
    expect(parsed.results[3]!.reason).toBe('100');
  });

  test('Fastmail: four fields from one server, policy.* properties and a comment with commas', async () => {
    const { fields } = await fieldsOf('fastmail-several-fields.eml');
    const parsed = fields.map(parseAuthenticationResults);
    expect(parsed.map((p) => p.authservId)).toEqual(Array(4).fill('mx3.messagingengine.com'));
    const last = parsed[3]!.results;
    expect(last.map((r) => `${r.method}=${r.result}`)).toEqual(['dkim=pass', 'dmarc=pass', 'iprev=pass', 'spf=pass']);
    expect(last[1]!.properties).toMatchObject({ 'policy.published-domain-policy': 'reject', 'policy.policy-from': 'p', 'header.from': 'mail.ru' });
    expect(last[3]!.properties).toEqual({ 'smtp.mailfrom': 'alice@mail.ru', 'smtp.helo': 'smtpng1.i.mail.ru' });
  });

  test('Postfix with OpenDKIM: semicolons inside comments do not split results', async () => {
    const { fields } = await fieldsOf('postfix-opendkim-several-fields.eml');
    const parsed = fields.map(parseAuthenticationResults);
    expect(parsed.map((p) => p.results.map((r) => `${r.method}=${r.result}`))).toEqual([
      ['dkim=fail', 'dkim=fail', 'dkim-atps=neutral'],
      ['spf=pass'],
      ['dkim=pass', 'dkim=pass', 'dkim-atps=neutral'],
    ]);
    expect(parsed[0]!.results[0]).toMatchObject({ reason: 'signature verification failed', properties: { 'header.d': 'aj.id.au', 'header.s': 'fm2' } });
    expect(parsed[1]!.results[0]!.properties).toEqual({ 'smtp.mailfrom': 'aj.id.au' });
  });
});

describe('judging the sender', () => {
  test.each([
    ['gmail-pass.eml', ['mx.google.com'], 'pass'],
    ['gmail-pass.eml', ['MX.Google.COM'], 'pass'],
    ['gmail-batv-quoted.eml', ['mx.google.com'], 'pass'],
    ['gmail-dmarc-fail.eml', ['mx.google.com'], 'refused'],
    ['fastmail-several-fields.eml', ['mx3.messagingengine.com'], 'pass'],
    // one field shows DKIM failing (a later hop), the others SPF and DKIM passing: read as one, it passes
    ['postfix-opendkim-several-fields.eml', ['lists.ozlabs.org'], 'pass'],
    // fields written under any other name are not evidence either way
    ['gmail-pass.eml', ['mx.testcity.example'], 'no-evidence'],
    ['gmail-dmarc-fail.eml', ['mx.testcity.example'], 'no-evidence'],
    // a field without an authserv-id cannot be told from one an upstream sender wrote
    ['outlook-no-authserv-id.eml', ['wisetechglobal.com', 'spf'], 'no-evidence'],
  ])('%s, trusting %j: %s', async (name, trusted, verdict) => {
    const { fields, from } = await fieldsOf(name);
    expect(checkSender(fields, from, trusted).verdict).toBe(verdict);
  });

  test('dmarc=fail names itself; untrusted fields are listed for the log', async () => {
    const { fields, from } = await fieldsOf('gmail-dmarc-fail.eml');
    expect(checkSender(fields, from, ['mx.google.com'])).toEqual({ verdict: 'refused', detail: 'dmarc=fail header.from=pex.com', ignored: [] });
    expect(checkSender(fields, from, ['mx.example'])).toEqual({ verdict: 'no-evidence', ignored: ['mx.google.com'] });
  });

  const ADA = 'ada@testcity.example';
  const TRUSTED = ['mx.testcity.example'];

  test('DKIM and SPF failing with no pass refuse, and say what was seen', () => {
    expect(checkSender(['mx.testcity.example; dkim=fail header.d=testcity.example; spf=fail smtp.mailfrom=ada@testcity.example'], ADA, TRUSTED)).toMatchObject({
      verdict: 'refused',
      detail: 'no pass aligned with testcity.example: dkim=fail (testcity.example), spf=fail (testcity.example)',
    });
  });

  test('a pass for another domain is not a pass for the From domain; a subdomain is (relaxed alignment)', () => {
    const judge = (field: string, from = ADA) => checkSender([field], from, TRUSTED).verdict;
    expect(judge('mx.testcity.example; dkim=pass header.d=evil.example; spf=pass smtp.mailfrom=m@evil.example')).toBe('refused');
    expect(judge('mx.testcity.example; dkim=pass header.d=testcity.example.evil.example')).toBe('refused');
    expect(judge('mx.testcity.example; dkim=pass header.d=mail.testcity.example')).toBe('pass');
    expect(judge('mx.testcity.example; spf=pass smtp.mailfrom=bounce@lists.testcity.example')).toBe('pass');
    expect(judge('mx.testcity.example; dmarc=pass header.from=evil.example')).toBe('refused');
    // a public suffix is nobody's organisation: co.uk does not align with city.co.uk, nor another city.co.uk with it
    expect(judge('mx.testcity.example; dkim=pass header.d=co.uk', 'a@city.co.uk')).toBe('refused');
    expect(judge('mx.testcity.example; dkim=pass header.d=town.co.uk', 'a@city.co.uk')).toBe('refused');
  });

  test('a trusted field with no result at all ("none") is no pass', () => {
    expect(checkSender(['mx.testcity.example 1; none'], ADA, TRUSTED)).toMatchObject({
      verdict: 'refused',
      detail: expect.stringMatching(/no SPF, DKIM or DMARC result/),
    });
  });

  test('a pass under an untrusted name, or a second field under the trusted name, does not outweigh a trusted failure', () => {
    const real = 'mx.testcity.example; dkim=fail header.d=testcity.example; spf=fail smtp.mailfrom=testcity.example';
    expect(checkSender([real, 'mx.evil.example; dkim=pass header.d=testcity.example; dmarc=pass header.from=testcity.example'], ADA, TRUSTED)).toMatchObject({
      verdict: 'refused',
      ignored: ['mx.evil.example'],
    });
    expect(
      checkSender(
        ['mx.testcity.example; dmarc=fail header.from=testcity.example', 'mx.testcity.example; dmarc=pass header.from=testcity.example'],
        ADA,
        TRUSTED,
      ).verdict,
    ).toBe('refused');
  });
});
