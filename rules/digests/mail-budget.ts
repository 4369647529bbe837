import { localDate } from './digest-moment.js';

// Whether a mail to an advocate may go now, or waits: programme-wide quiet periods (July, the Christmas weeks,
// when Finnish workplaces empty) hold digests and nudges; a per-advocate weekly cap counts every budgeted mail
// sent (digests, nudges, onboarding mails) together. Pure: digest planning and the nudge round ask it (`mail:`).

/** A yearly stretch of local dates, both ends included, as "MM-DD"; `from` after `to` runs over the new year. */
export interface QuietPeriod {
  from: string;
  to: string;
}

export type BudgetedMail = 'digest' | 'urgent' | 'nudge';

export type MailBudget =
  | { kind: 'send' }
  /** Inside a quiet period: wait until its local date `resumesOn`. */
  | { kind: 'wait'; why: 'quiet period'; period: QuietPeriod; resumesOn: string }
  /** The week's cap is spent: wait until `until`, when the oldest mail counted leaves the 7-day window. */
  | { kind: 'wait'; why: 'weekly cap'; cap: number; until: Date };

const WEEK_MS = 7 * 24 * 3_600_000;
/** The weekly cap's window: the 7 days before the moment asked about. */
export const BUDGET_WINDOW_MS = WEEK_MS;
/** The keyed mails (activities/keyed-mail.ts kinds) the cap counts beside digests: nudges and the welcome sequence's. */
export const BUDGETED_KEYED_MAIL = ['nudge', 'onboarding'] as const;

/** The quiet period the local date `date` ("YYYY-MM-DD") falls in, if any. */
export function quietPeriodOn(date: string, periods: readonly QuietPeriod[]): QuietPeriod | undefined {
  const day = date.slice(5);
  return periods.find((period) => (period.from <= period.to ? day >= period.from && day <= period.to : day >= period.from || day <= period.to));
}

/** `MM-DD` of `year` moved by `days`, as "YYYY-MM-DD"; 02-29 of a common year is its 28 February. */
function dateOf(year: number, monthDay: string, days = 0): string {
  const [month, day] = monthDay.split('-').map(Number) as [number, number];
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return new Date(Date.UTC(year, month - 1, Math.min(day, last) + days, 12)).toISOString().slice(0, 10);
}

/** The local date after `period` ends, counted from `date` inside it. */
function dayAfter(period: QuietPeriod, date: string): string {
  const year = Number(date.slice(0, 4));
  // A period over the new year, seen from its December part, ends next year.
  const endYear = period.from > period.to && date.slice(5) >= period.from ? year + 1 : year;
  return dateOf(endYear, period.to, 1);
}

/** A quiet period placed on the calendar: its first and last local dates. */
export interface QuietStretch {
  period: QuietPeriod;
  first: string;
  last: string;
  /** `date` falls in it (else it is the next one to come). */
  current: boolean;
}

/**
 * The quiet period `date` ("YYYY-MM-DD") falls in, else the next one to begin; undefined with none configured.
 * @example
 * currentOrNextQuietPeriod('2026-06-10', [{ from: '07-01', to: '07-31' }]);
 * // { period: { from: '07-01', to: '07-31' }, first: '2026-07-01', last: '2026-07-31', current: false }
 */
export function currentOrNextQuietPeriod(date: string, periods: readonly QuietPeriod[]): QuietStretch | undefined {
  const now = quietPeriodOn(date, periods);
  const year = Number(date.slice(0, 4));
  if (now) {
    const last = dayBefore(dayAfter(now, date));
    const first = dateOf(now.from > now.to && date.slice(5) <= now.to ? year - 1 : year, now.from);
    return { period: now, first, last, current: true };
  }
  const upcoming = periods.map((period) => {
    const first = dateOf(period.from > date.slice(5) ? year : year + 1, period.from);
    return { period, first, last: dayBefore(dayAfter(period, first)), current: false };
  });
  return upcoming.sort((a, b) => a.first.localeCompare(b.first))[0];
}

function dayBefore(date: string): string {
  return dateOf(Number(date.slice(0, 4)), date.slice(5), -1);
}

/**
 * @example
 * mailBudget({ kind: 'digest', at, timeZone: 'Europe/Helsinki', quietPeriods: [{ from: '07-01', to: '07-31' }], weeklyCap: 3, sentAt: [] });
 * // at 15 July 2026: { kind: 'wait', why: 'quiet period', period: { from: '07-01', to: '07-31' }, resumesOn: '2026-08-01' }
 */
export function mailBudget(input: {
  kind: BudgetedMail;
  at: Date;
  /** The calendar quiet periods are read on: kaiku passes the programme's time zone (`program.timeZone`). */
  timeZone: string;
  quietPeriods: readonly QuietPeriod[];
  /** Digests + urgent mails + nudges in any 7 days; null: no cap. */
  weeklyCap: number | null;
  /** When the advocate's budgeted mails (of every kind) were sent. */
  sentAt: readonly Date[];
}): MailBudget {
  // An urgent mail is urgent because it cannot wait for August; it still counts towards the cap.
  if (input.kind !== 'urgent') {
    const today = localDate(input.at, input.timeZone);
    const period = quietPeriodOn(today, input.quietPeriods);
    if (period) return { kind: 'wait', why: 'quiet period', period, resumesOn: dayAfter(period, today) };
  }
  if (input.weeklyCap !== null) {
    const since = input.at.getTime() - WEEK_MS;
    const counted = input.sentAt.map((sent) => sent.getTime()).filter((sent) => sent > since && sent <= input.at.getTime());
    if (counted.length >= input.weeklyCap) {
      // The window must drop enough mails to leave room for one more.
      const sorted = counted.sort((a, b) => a - b);
      return { kind: 'wait', why: 'weekly cap', cap: input.weeklyCap, until: new Date(sorted[counted.length - input.weeklyCap]! + WEEK_MS) };
    }
  }
  return { kind: 'send' };
}

/**
 * What a run held, in words for the CLI and logs; empty when nobody was held.
 * @example
 * describeHeld({ 'quiet period': 120, 'weekly cap': 3 }); // '120 quiet period, 3 weekly cap'
 */
export function describeHeld(held: Partial<Record<'quiet period' | 'weekly cap', number>> | undefined): string {
  return Object.entries(held ?? {})
    .filter(([, n]) => n > 0)
    .map(([reason, n]) => `${n} ${reason}`)
    .join(', ');
}
