import { html } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import type { ItemRow } from '../../db/schema.js';
import { localInputValue, type ScheduleErrors, type ScheduleFields } from '../../rules/digests/item-schedule.js';
import { localTime } from '../pages/local-time.js';
import type { ConsoleLanguage } from '../../db/queries/admin-languages.js';
import { CONSOLE_STRINGS } from './console-strings.js';

// The controls an approved item's page has in the console: its schedule ("not before", "not after", on the
// programme's clock), pinning it to the top of the next digest run, and retracting it. Each is a form of its own,
// posted through the form guard; a refused one is drawn again with what was typed and the reason beside the field.

type Field = (action: string) => HtmlEscapedString | Promise<HtmlEscapedString>;

export interface ScheduleProblem {
  fields: ScheduleFields;
  errors: ScheduleErrors;
}

/** The schedule form's fields of a stored item. */
export function scheduleFieldsOf(item: ItemRow, timeZone: string): ScheduleFields {
  return { notBefore: localInputValue(item.not_before, timeZone), notAfter: localInputValue(item.not_after, timeZone) };
}

/** Where an approved item stands in the digests, in one line: retracted, pinned, its window. */
export function scheduleLine(item: ItemRow, names: ReadonlyMap<string, string>, timeZone: string, language: ConsoleLanguage = 'en') {
  const t = CONSOLE_STRINGS[language].schedule;
  const who = (email: string | null) => (email ? (names.get(email) ?? email) : 'kaiku');
  if (item.retracted_at) {
    const [before, after] = t.retracted(who(item.retracted_by));
    return html`<p class="notice bad" id="retracted">${before}${localTime(item.retracted_at, timeZone, language)}${after}</p>`;
  }
  const window = [
    item.not_before ? html`${t.notBefore}${localTime(item.not_before, timeZone, language)}` : '',
    item.not_after ? html`${t.notAfter}${localTime(item.not_after, timeZone, language)}` : '',
  ].filter((part) => part !== '');
  const [start, and, end] = t.window(timeZone);
  return html`<p class="muted" id="schedule-now">
    ${item.pinned_at ? html`<strong>${t.pinned}</strong>${t.pinnedBy(who(item.pinned_by))}${localTime(item.pinned_at, timeZone, language)}. ` : ''}
    ${window.length > 0 ? html`${start}${window.length === 2 ? html`${window[0]}${and}${window[1]}` : window[0]}${end}` : t.always}
  </p>`;
}

/** The three forms: schedule, pin or unpin, retract. */
export function scheduleControls(item: ItemRow, field: Field, timeZone: string, problem?: ScheduleProblem, language: ConsoleLanguage = 'en') {
  const t = CONSOLE_STRINGS[language].schedule;
  const path = `/admin/items/${item.id}`;
  const fields = problem?.fields ?? scheduleFieldsOf(item, timeZone);
  const errors = problem?.errors ?? {};
  const error = (key: keyof ScheduleFields) => (errors[key] ? html`<p class="error" id="${key}-error">${errors[key]}</p>` : '');
  const described = (key: keyof ScheduleFields) =>
    errors[key] ? html`aria-invalid="true" aria-describedby="${key}-error schedule-hint"` : html`aria-describedby="schedule-hint"`;
  const pin = item.pinned_at ? 'unpin' : 'pin';
  return html`<section class="panel" id="schedule" aria-labelledby="schedule-heading">
    <h2 id="schedule-heading">${t.title}</h2>
    <form method="post" action="${path}/schedule">
      ${field(`${path}/schedule`)}
      <p class="muted" id="schedule-hint">${t.hint(timeZone)}</p>
      <label for="notBefore">${t.notBeforeLabel}</label>
      <input type="text" id="notBefore" name="notBefore" value="${fields.notBefore}" autocomplete="off" ${described('notBefore')} />${error('notBefore')}
      <label for="notAfter">${t.notAfterLabel}</label>
      <input type="text" id="notAfter" name="notAfter" value="${fields.notAfter}" autocomplete="off" ${described('notAfter')} />${error('notAfter')}
      <p><button type="submit">${t.save}</button></p>
    </form>
    <form class="inline" method="post" action="${path}/${pin}">
      ${field(`${path}/${pin}`)}
      <button type="submit">${item.pinned_at ? t.unpin : t.pin}</button>
    </form>
    <form class="inline" method="post" action="${path}/retract">
      ${field(`${path}/retract`)}
      <button type="submit" class="reject">${t.retract}</button>
    </form>
  </section>`;
}
