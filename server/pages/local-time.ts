import { html } from 'hono/html';

// Times on the admin pages are the programme's wall clock (its time zone from program.timeZone), never UTC: the
// communicators reading them are in Vantaa or Aarhus. The exact instant stays in the <time> element.

const formats = new Map<string, Intl.DateTimeFormat>();

/** "2026-12-02 08:15 EET": `date` on the clock of `timeZone`, with the zone's abbreviation. */
export function localTimeText(date: Date, timeZone: string): string {
  let format = formats.get(timeZone);
  if (!format) {
    // sv-SE writes ISO-like dates (2026-12-02 08:15), readable in every language the console speaks.
    format = new Intl.DateTimeFormat('sv-SE', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      timeZoneName: 'short',
    });
    formats.set(timeZone, format);
  }
  return format.format(date);
}

/** A `<time>` element showing `date` in the programme's zone, the instant in its datetime attribute. */
export function localTime(date: Date, timeZone: string) {
  return html`<time datetime="${date.toISOString()}">${localTimeText(date, timeZone)}</time>`;
}
