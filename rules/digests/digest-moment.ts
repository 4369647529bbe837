// When approved content reaches advocates: the weekly digest, Monday 08:30 in the program's time zone
// unless configured otherwise. Approval confirmations quote it ("goes out Monday 30 November at 08:30").

export interface DigestMoment {
  /** 1 = Monday … 7 = Sunday (ISO). */
  weekday: number;
  hour: number;
  minute: number;
}

export const DEFAULT_DIGEST_MOMENT: DigestMoment = { weekday: 1, hour: 8, minute: 30 };

/** The first digest moment strictly after `after`, in `timeZone`. */
export function nextDigestAt(after: Date, timeZone: string, moment: DigestMoment = DEFAULT_DIGEST_MOMENT): Date {
  const local = localParts(after, timeZone);
  for (let days = 0; days <= 7; days++) {
    const weekday = ((local.weekday - 1 + days) % 7) + 1;
    if (weekday !== moment.weekday) continue;
    const candidate = zonedTime(timeZone, local.year, local.month, local.day + days, moment.hour, moment.minute);
    if (candidate.getTime() > after.getTime()) return candidate;
  }
  return zonedTime(timeZone, local.year, local.month, local.day + 7, moment.hour, moment.minute);
}

const DAY_NAMES = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];

/** The moment the config's `digest: { day, time }` names. */
export function digestMomentOf(digest: { day: string; time: string }): DigestMoment {
  const [hour, minute] = digest.time.split(':').map(Number);
  return { weekday: DAY_NAMES.indexOf(digest.day) + 1, hour: hour!, minute: minute! };
}

export interface DigestPeriod {
  /** The local date the period began, e.g. "2026-11-23": with the advocate, the digest's idempotency key. */
  key: string;
  startsAt: Date;
}

/**
 * The digest period `at` falls in for an advocate in `timeZone`: it begins at the latest digest moment
 * at or before `at` (every other week for `fortnightly`, on even weeks counted from 1970-01-05).
 */
export function digestPeriodAt(
  at: Date,
  timeZone: string,
  moment: DigestMoment = DEFAULT_DIGEST_MOMENT,
  frequency: 'weekly' | 'fortnightly' = 'weekly',
): DigestPeriod {
  const local = localParts(at, timeZone);
  for (let days = 0; days <= 14; days++) {
    const date = new Date(Date.UTC(local.year, local.month - 1, local.day - days));
    const weekday = ((date.getUTCDay() + 6) % 7) + 1;
    if (weekday !== moment.weekday) continue;
    const week = Math.floor((date.getTime() - Date.UTC(1970, 0, 5)) / (7 * 86_400_000));
    if (frequency === 'fortnightly' && week % 2 !== 0) continue;
    const startsAt = zonedTime(timeZone, date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate(), moment.hour, moment.minute);
    if (startsAt.getTime() > at.getTime()) continue;
    return { key: date.toISOString().slice(0, 10), startsAt };
  }
  throw new Error(`no digest moment within two weeks before ${at.toISOString()} in ${timeZone}`);
}

/** The local calendar date of an instant, YYYY-MM-DD. */
export function localDate(at: Date, timeZone: string): string {
  const local = localParts(at, timeZone);
  return `${local.year}-${String(local.month).padStart(2, '0')}-${String(local.day).padStart(2, '0')}`;
}

/** "Monday 30 November at 08:30 (Europe/Helsinki)"; in `locale` ('fi': "maanantai 30. marraskuuta klo 08.30 (Europe/Helsinki)"). */
export function formatMoment(date: Date, timeZone: string, locale = 'en-GB'): string {
  const text = new Intl.DateTimeFormat(locale, {
    timeZone,
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(date);
  return `${text.replace(',', '')} (${timeZone})`;
}

/** A window of time [from, to) in the programme's time zone. */
export interface Window {
  from: Date;
  to: Date;
}

/** The calendar month `YYYY-MM` in `timeZone`; throws on a malformed month. */
export function monthWindow(month: string, timeZone: string): Window {
  const match = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(month);
  if (!match) throw new Error(`"${month}" is not a month: write it as YYYY-MM, e.g. 2026-11`);
  const [year, number] = [Number(match[1]), Number(match[2])];
  return { from: zonedTime(timeZone, year, number, 1, 0, 0), to: zonedTime(timeZone, year, number + 1, 1, 0, 0) };
}

/** The month (YYYY-MM) an instant falls in, in `timeZone`. */
export function monthOf(at: Date, timeZone: string): string {
  return localDate(at, timeZone).slice(0, 7);
}

/** The month before `month`. */
export function previousMonth(month: string): string {
  const [year, number] = month.split('-').map(Number) as [number, number];
  return number === 1 ? `${year - 1}-12` : `${year}-${String(number - 1).padStart(2, '0')}`;
}

/** The ISO week (Monday 00:00 to Monday 00:00) an instant falls in, in `timeZone`. */
export function weekWindow(at: Date, timeZone: string): Window {
  const local = localParts(at, timeZone);
  const monday = local.day - (local.weekday - 1);
  return { from: zonedTime(timeZone, local.year, local.month, monday, 0, 0), to: zonedTime(timeZone, local.year, local.month, monday + 7, 0, 0) };
}

// Building an Intl.DateTimeFormat costs far more than formatting with one: one per time zone, kept.
const partsFormats = new Map<string, Intl.DateTimeFormat>();

function partsFormat(timeZone: string): Intl.DateTimeFormat {
  let format = partsFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      weekday: 'short',
      hour: 'numeric',
      minute: 'numeric',
      hourCycle: 'h23',
    });
    partsFormats.set(timeZone, format);
  }
  return format;
}

function localParts(date: Date, timeZone: string) {
  const parts = Object.fromEntries(
    partsFormat(timeZone)
      .formatToParts(date)
      .map((part) => [part.type, part.value]),
  );
  const weekdays = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    weekday: weekdays.indexOf(parts.weekday!) + 1,
  };
}

/** The instant that reads as the given wall-clock time in `timeZone` (two passes settle DST offsets). */
export function zonedTime(timeZone: string, year: number, month: number, day: number, hour: number, minute: number): Date {
  const wanted = Date.UTC(year, month - 1, day, hour, minute);
  let guess = wanted;
  for (let pass = 0; pass < 2; pass++) {
    const seen = localParts(new Date(guess), timeZone);
    const seenAsUtc = Date.UTC(seen.year, seen.month - 1, seen.day, seen.hour, seen.minute);
    guess += wanted - seenAsUtc;
  }
  return new Date(guess);
}
