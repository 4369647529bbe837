import { expect, test } from 'vitest';
import { currentOrNextQuietPeriod, describeHeld, mailBudget, quietPeriodOn, type QuietPeriod } from '../../rules/digests/mail-budget.js';

// Quiet periods and the weekly cap (issue 18), as a pure rule: what waits, and until when.

const ZONE = 'Europe/Helsinki';
const JULY: QuietPeriod = { from: '07-01', to: '07-31' };
const CHRISTMAS: QuietPeriod = { from: '12-21', to: '01-06' };
const DAY = 24 * 3_600_000;
const budget = (kind: 'digest' | 'urgent' | 'nudge', at: string, extra: { weeklyCap?: number | null; sentAt?: Date[] } = {}) =>
  mailBudget({ kind, at: new Date(at), timeZone: ZONE, quietPeriods: [JULY, CHRISTMAS], weeklyCap: extra.weeklyCap ?? null, sentAt: extra.sentAt ?? [] });

test('quiet periods include both ends, and one over the new year holds both its Decembers and its January', () => {
  expect(quietPeriodOn('2026-06-30', [JULY])).toBeUndefined();
  expect(quietPeriodOn('2026-07-01', [JULY])).toEqual(JULY);
  expect(quietPeriodOn('2026-07-31', [JULY])).toEqual(JULY);
  expect(quietPeriodOn('2026-08-01', [JULY])).toBeUndefined();
  expect(quietPeriodOn('2026-12-20', [CHRISTMAS])).toBeUndefined();
  expect(quietPeriodOn('2026-12-21', [CHRISTMAS])).toEqual(CHRISTMAS);
  expect(quietPeriodOn('2027-01-06', [CHRISTMAS])).toEqual(CHRISTMAS);
  expect(quietPeriodOn('2027-01-07', [CHRISTMAS])).toBeUndefined();
});

test('digests and nudges wait out a quiet period until the day after it, in the advocate’s own time zone', () => {
  expect(budget('digest', '2026-07-15T08:30:00+03:00')).toEqual({ kind: 'wait', why: 'quiet period', period: JULY, resumesOn: '2026-08-01' });
  expect(budget('nudge', '2026-12-28T10:00:00+02:00')).toEqual({ kind: 'wait', why: 'quiet period', period: CHRISTMAS, resumesOn: '2027-01-07' });
  expect(budget('nudge', '2027-01-02T10:00:00+02:00')).toMatchObject({ resumesOn: '2027-01-07' });
  // 21:30 UTC on 30 June is already 1 July in Helsinki
  expect(budget('digest', '2026-06-30T21:30:00Z')).toMatchObject({ why: 'quiet period' });
  expect(budget('digest', '2026-06-30T20:30:00Z')).toEqual({ kind: 'send' });
  expect(budget('digest', '2026-08-01T08:30:00+03:00')).toEqual({ kind: 'send' });
});

test('an urgent mail goes in a quiet period, and counts towards the cap', () => {
  expect(budget('urgent', '2026-07-15T08:30:00+03:00')).toEqual({ kind: 'send' });
  const at = new Date('2026-09-10T10:00:00+03:00');
  const urgentYesterday = new Date(at.getTime() - DAY);
  expect(budget('nudge', at.toISOString(), { weeklyCap: 1, sentAt: [urgentYesterday] })).toEqual({
    kind: 'wait',
    why: 'weekly cap',
    cap: 1,
    until: new Date(urgentYesterday.getTime() + 7 * DAY),
  });
});

test('the weekly cap counts the last 7 days and says when room opens again', () => {
  const at = new Date('2026-09-10T10:00:00+03:00');
  const ago = (days: number) => new Date(at.getTime() - days * DAY);
  expect(budget('digest', at.toISOString(), { weeklyCap: 3, sentAt: [ago(1), ago(3)] })).toEqual({ kind: 'send' });
  // one of three fell out of the window already
  expect(budget('digest', at.toISOString(), { weeklyCap: 3, sentAt: [ago(1), ago(3), ago(8)] })).toEqual({ kind: 'send' });
  // four in the window against a cap of three: room for one more once the two oldest have left it
  expect(budget('digest', at.toISOString(), { weeklyCap: 3, sentAt: [ago(6), ago(1), ago(5), ago(3)] })).toEqual({
    kind: 'wait',
    why: 'weekly cap',
    cap: 3,
    until: new Date(ago(5).getTime() + 7 * DAY),
  });
  expect(budget('digest', at.toISOString(), { weeklyCap: null, sentAt: [ago(0.1), ago(0.2), ago(0.3), ago(0.4)] })).toEqual({ kind: 'send' });
});

test('the console’s quiet period: the one today falls in with its dates, else the next to begin, over the new year too', () => {
  expect(currentOrNextQuietPeriod('2026-06-10', [JULY, CHRISTMAS])).toEqual({ period: JULY, first: '2026-07-01', last: '2026-07-31', current: false });
  expect(currentOrNextQuietPeriod('2026-07-31', [JULY, CHRISTMAS])).toEqual({ period: JULY, first: '2026-07-01', last: '2026-07-31', current: true });
  expect(currentOrNextQuietPeriod('2026-08-01', [JULY, CHRISTMAS])).toEqual({ period: CHRISTMAS, first: '2026-12-21', last: '2027-01-06', current: false });
  // inside the Christmas weeks, seen from either year
  expect(currentOrNextQuietPeriod('2026-12-24', [JULY, CHRISTMAS])).toEqual({ period: CHRISTMAS, first: '2026-12-21', last: '2027-01-06', current: true });
  expect(currentOrNextQuietPeriod('2027-01-02', [JULY, CHRISTMAS])).toEqual({ period: CHRISTMAS, first: '2026-12-21', last: '2027-01-06', current: true });
  expect(currentOrNextQuietPeriod('2027-01-07', [JULY, CHRISTMAS])).toEqual({ period: JULY, first: '2027-07-01', last: '2027-07-31', current: false });
  expect(currentOrNextQuietPeriod('2027-01-07', [])).toBeUndefined();
});

test('a period ending on 29 February ends on the 28th in a common year and resumes on 1 March', () => {
  const leap: QuietPeriod = { from: '02-20', to: '02-29' };
  expect(mailBudget({ kind: 'digest', at: new Date('2027-02-25T10:00:00Z'), timeZone: ZONE, quietPeriods: [leap], weeklyCap: null, sentAt: [] })).toMatchObject(
    {
      resumesOn: '2027-03-01',
    },
  );
  expect(currentOrNextQuietPeriod('2028-02-21', [leap])).toMatchObject({ last: '2028-02-29', current: true });
});

test('what a run held reads as counts by reason, and as nothing when nobody waited', () => {
  expect(describeHeld({ 'quiet period': 120, 'weekly cap': 3 })).toBe('120 quiet period, 3 weekly cap');
  expect(describeHeld({ 'weekly cap': 0 })).toBe('');
  expect(describeHeld(undefined)).toBe('');
});
