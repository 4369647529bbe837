import { expect, test } from 'vitest';
import { randomBytes } from 'node:crypto';
import { monthOf, monthWindow, previousMonth, weekWindow } from '../../rules/digests/digest-moment.js';
import { toCsv } from '../../server/analytics-report.js';
import { Secret } from '../../rules/tokens/secret.js';
import { readSuggestReplyToken, suggestReplyToken } from '../../rules/tokens/suggest-token.js';
import { checkSuggestedUrl } from '../../rules/suggestions/suggestion-url.js';
import { checkApprovalToken } from '../../rules/tokens/approval-token.js';

test("a month and a week are the programme's own, across DST and year ends", () => {
  expect(monthWindow('2026-11', 'Europe/Helsinki')).toEqual({ from: new Date('2026-10-31T22:00:00Z'), to: new Date('2026-11-30T22:00:00Z') });
  expect(monthWindow('2026-12', 'Europe/Helsinki').to).toEqual(new Date('2026-12-31T22:00:00Z'));
  expect(monthWindow('2027-03', 'Europe/Helsinki')).toEqual({ from: new Date('2027-02-28T22:00:00Z'), to: new Date('2027-03-31T21:00:00Z') });
  expect(() => monthWindow('2026-13', 'UTC')).toThrow(/"2026-13" is not a month: write it as YYYY-MM/);
  expect(() => monthWindow('nov', 'UTC')).toThrow(/YYYY-MM/);
  expect(monthOf(new Date('2026-11-30T22:30:00Z'), 'Europe/Helsinki')).toBe('2026-12');
  expect(previousMonth('2027-01')).toBe('2026-12');
  expect(weekWindow(new Date('2026-11-25T12:00:00Z'), 'Europe/Helsinki')).toEqual({
    from: new Date('2026-11-22T22:00:00Z'),
    to: new Date('2026-11-29T22:00:00Z'),
  });
});

test('CSV cells are quoted as RFC 4180 says, and a cell a spreadsheet would run as a formula is defused', () => {
  const csv = toCsv({
    id: 'x',
    title: 'x',
    note: '',
    columns: ['Source', 'Shares'],
    rows: [
      ['News, "city"', 3],
      ['=HYPERLINK("http://evil")', 1],
      ['-2+3', 0],
    ],
    chart: null,
  });
  expect(csv).toBe('Source,Shares\r\n"News, ""city""",3\r\n"\'=HYPERLINK(""http://evil"")",1\r\n\'-2+3,0\r\n');
});

test("a digest's reply-to token names its advocate, survives case folding, and cannot be forged or mistaken for an approval token", () => {
  const secret = new Secret(randomBytes(32));
  const token = suggestReplyToken(secret, '4711', 3_600_000);
  expect(token).toMatch(/^s[a-z2-7]{32}$/);
  expect(readSuggestReplyToken(secret, token.toUpperCase())).toEqual({ ok: true, advocateId: '4711' });
  expect(readSuggestReplyToken(new Secret(randomBytes(32)), token)).toEqual({ ok: false, reason: 'forged' });
  expect(readSuggestReplyToken(secret, suggestReplyToken(secret, '4711', 1_000, Date.now() - 10 * 3_600_000))).toEqual({ ok: false, reason: 'expired' });
  const tampered = `${token.slice(0, 5)}${token[5] === 'a' ? 'b' : 'a'}${token.slice(6)}`;
  expect(readSuggestReplyToken(secret, tampered)).toEqual({ ok: false, reason: 'forged' });
  expect(readSuggestReplyToken(secret, 'abc')).toBeUndefined(); // not a suggestion token at all
  expect(checkApprovalToken(secret, token).ok).toBe(false);
});

test('a suggested URL must be a whole http(s) link without credentials', () => {
  expect(checkSuggestedUrl(' https://www.vantaa.fi/uutiset/1 ')).toEqual({ ok: true, url: 'https://www.vantaa.fi/uutiset/1' });
  expect(checkSuggestedUrl('www.vantaa.fi')).toMatchObject({ ok: false, reason: expect.stringMatching(/is not a link: paste the whole address/) });
  expect(checkSuggestedUrl('ftp://files.example/x')).toMatchObject({ ok: false, reason: expect.stringMatching(/only http:\/\/ and https:\/\/ links/) });
  expect(checkSuggestedUrl('javascript:alert(1)')).toMatchObject({ ok: false });
  expect(checkSuggestedUrl('https://user:pw@example.org/')).toMatchObject({ ok: false, reason: expect.stringMatching(/user name or password/) });
});
