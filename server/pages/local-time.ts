import { html } from 'hono/html';
import type { ConsoleLanguage } from '../../db/queries/admin-languages.js';

// Times on the admin pages are the programme's wall clock (its time zone from program.timeZone), never UTC: the
// communicators reading them are in Vantaa or Aarhus. The exact instant stays in the <time> element. Finnish
// reads 2.12.2026 klo 08.15; Swedish and English the ISO-like 2026-12-02 08:15 (sv-SE's own form).

const formats = new Map<string, Intl.DateTimeFormat>();
const LOCALES: Record<ConsoleLanguage, string> = { fi: 'fi-FI', sv: 'sv-SE', en: 'sv-SE' };

/** "2026-12-02 08:15 EET" (or in Finnish "2.12.2026 klo 08.15 UTC+2"): `date` on the clock of `timeZone`, with the zone. */
export function localTimeText(date: Date, timeZone: string, language: ConsoleLanguage = 'en'): string {
  const key = `${LOCALES[language]} ${timeZone}`;
  let format = formats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(LOCALES[language], {
      timeZone,
      year: 'numeric',
      month: language === 'fi' ? 'numeric' : '2-digit',
      day: language === 'fi' ? 'numeric' : '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      timeZoneName: 'short',
    });
    formats.set(key, format);
  }
  return format.format(date);
}

/** A `<time>` element showing `date` in the programme's zone, the instant in its datetime attribute. */
export function localTime(date: Date, timeZone: string, language: ConsoleLanguage = 'en') {
  return html`<time datetime="${date.toISOString()}">${localTimeText(date, timeZone, language)}</time>`;
}
