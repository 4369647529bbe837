import { localDate } from './digest-moment.js';

// Whether a mail to an advocate may go now, or waits: programme-wide quiet periods (July, the Christmas weeks,
// when Finnish workplaces empty) hold digests and nudges; a per-advocate weekly cap counts digests, urgent
// mails and nudges together. Pure: digest and nudge planning ask it (wired once the digest rework lands).

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

/** The quiet period the local date `date` ("YYYY-MM-DD") falls in, if any. */
export function quietPeriodOn(date: string, periods: readonly QuietPeriod[]): QuietPeriod | undefined {
  const day = date.slice(5);
  return periods.find((period) => (period.from <= period.to ? day >= period.from && day <= period.to : day >= period.from || day <= period.to));
}

/** The local date after `period` ends, counted from `date` inside it. */
function dayAfter(period: QuietPeriod, date: string): string {
  const year = Number(date.slice(0, 4));
  // A period over the new year, seen from its December part, ends next year.
  const endYear = period.from > period.to && date.slice(5) >= period.from ? year + 1 : year;
  const end = new Date(`${endYear}-${period.to}T12:00:00Z`);
  return new Date(end.getTime() + 24 * 3_600_000).toISOString().slice(0, 10);
}

/**
 * @example
 * mailBudget({ kind: 'digest', at, timeZone: 'Europe/Helsinki', quietPeriods: [{ from: '07-01', to: '07-31' }], weeklyCap: 3, sentAt: [] });
 * // at 15 July 2026: { kind: 'wait', why: 'quiet period', period: { from: '07-01', to: '07-31' }, resumesOn: '2026-08-01' }
 */
export function mailBudget(input: {
  kind: BudgetedMail;
  at: Date;
  /** The advocate's time zone: quiet periods are their local dates. */
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
