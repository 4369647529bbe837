import { localDate, zonedTime } from './digest-moment.js';

// An approved item's schedule as the console's form gives it: "not before" and "not after" on the programme's wall
// clock (the form's datetime-local fields, such as 2026-12-24T09:00), read into instants, or the field's error.

export interface ItemSchedule {
  notBefore: Date | null;
  notAfter: Date | null;
}

export type ScheduleFields = { notBefore: string; notAfter: string };
export type ScheduleErrors = Partial<Record<keyof ScheduleFields, string>>;

// 2026-12-24 09:00 (or the datetime-local 2026-12-24T09:00), or as Finns, Swedes and Danes write it: 24.12.2026 9.00;
// a date alone is its midnight.
const ISO = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]+(\d{1,2})[:.](\d{2}))?$/;
const NORDIC = /^(\d{1,2})\.(\d{1,2})\.(\d{4})(?:[ ,]+(?:klo |kl\. ?)?(\d{1,2})[:.](\d{2}))?$/;
const LABELS: Record<keyof ScheduleFields, string> = { notBefore: 'Not before', notAfter: 'Not after' };

/** `2026-12-24 09:00` (or `24.12.2026 9.00`) on the clock of `timeZone`, or undefined when it is no such moment. */
export function localMoment(text: string, timeZone: string): Date | undefined {
  const trimmed = text.trim();
  const iso = ISO.exec(trimmed);
  const nordic = iso ? undefined : NORDIC.exec(trimmed);
  const parts = iso ? [iso[1], iso[2], iso[3], iso[4], iso[5]] : nordic ? [nordic[3], nordic[2], nordic[1], nordic[4], nordic[5]] : undefined;
  if (!parts) return undefined;
  const [year, month, day, hour, minute] = parts.map((part) => Number(part ?? 0)) as [number, number, number, number, number];
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59) return undefined;
  const at = zonedTime(timeZone, year, month, day, hour, minute);
  // 2026-02-31 would roll over into March: not a date anyone meant.
  const date = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  return localDate(at, timeZone) === date ? at : undefined;
}

/** The form field's value for `date`: its wall-clock time in `timeZone`, 2026-12-24 09:00 (empty for none). */
export function localInputValue(date: Date | null, timeZone: string): string {
  if (!date) return '';
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
      .formatToParts(date)
      .map((part) => [part.type, part.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`;
}

/**
 * Reads the schedule form: each field empty (no limit) or a wall-clock moment; "not after" later than "not before".
 *
 * @example
 * readSchedule({ notBefore: '2026-12-24T09:00', notAfter: '' }, 'Europe/Helsinki');
 * // { ok: true, schedule: { notBefore: 2026-12-24T07:00:00.000Z, notAfter: null } }
 */
export function readSchedule(fields: ScheduleFields, timeZone: string): { ok: true; schedule: ItemSchedule } | { ok: false; errors: ScheduleErrors } {
  const errors: ScheduleErrors = {};
  const read = (key: keyof ScheduleFields): Date | null => {
    const text = fields[key].trim();
    if (text === '') return null;
    const at = localMoment(text, timeZone);
    if (!at) errors[key] = `${LABELS[key]}: “${text.slice(0, 40)}” is not a date and time; write it as 2026-12-24 09:00 or 24.12.2026 9.00`;
    return at ?? null;
  };
  const notBefore = read('notBefore');
  const notAfter = read('notAfter');
  if (notBefore && notAfter && notAfter.getTime() <= notBefore.getTime())
    errors.notAfter = 'Not after must be later than not before: the item would never go out';
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, schedule: { notBefore, notAfter } };
}
