import { html } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import type { ItemRow } from '../../db/schema.js';
import { localInputValue, type ScheduleErrors, type ScheduleFields } from '../../rules/digests/item-schedule.js';
import { localTime } from '../pages/local-time.js';

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
export function scheduleLine(item: ItemRow, names: ReadonlyMap<string, string>, timeZone: string) {
  const who = (email: string | null) => (email ? (names.get(email) ?? email) : 'kaiku');
  if (item.retracted_at)
    return html`<p class="notice bad" id="retracted">
      Retracted by ${who(item.retracted_by)} ${localTime(item.retracted_at, timeZone)}: no later digest, nudge or top-posts card carries it, and its share page
      says it was withdrawn.
    </p>`;
  const window = [
    item.not_before ? html`not before ${localTime(item.not_before, timeZone)}` : '',
    item.not_after ? html`not after ${localTime(item.not_after, timeZone)}` : '',
  ].filter((part) => part !== '');
  return html`<p class="muted" id="schedule-now">
    ${item.pinned_at ? html`<strong>Pinned</strong> to the top of the next digest run by ${who(item.pinned_by)} ${localTime(item.pinned_at, timeZone)}. ` : ''}
    ${
      window.length > 0
        ? html`In digests ${window.length === 2 ? html`${window[0]} and ${window[1]}` : window[0]} (${timeZone} time).`
        : 'In the digests from its approval until it expires.'
    }
  </p>`;
}

/** The three forms: schedule, pin or unpin, retract. */
export function scheduleControls(item: ItemRow, field: Field, timeZone: string, problem?: ScheduleProblem) {
  const path = `/admin/items/${item.id}`;
  const fields = problem?.fields ?? scheduleFieldsOf(item, timeZone);
  const errors = problem?.errors ?? {};
  const error = (key: keyof ScheduleFields) => (errors[key] ? html`<p class="error" id="${key}-error">${errors[key]}</p>` : '');
  const described = (key: keyof ScheduleFields) =>
    errors[key] ? html`aria-invalid="true" aria-describedby="${key}-error schedule-hint"` : html`aria-describedby="schedule-hint"`;
  const pin = item.pinned_at ? 'unpin' : 'pin';
  return html`<section class="panel" id="schedule" aria-labelledby="schedule-heading">
    <h2 id="schedule-heading">Schedule, pin or retract</h2>
    <form method="post" action="${path}/schedule">
      ${field(`${path}/schedule`)}
      <p class="muted" id="schedule-hint">On the programme’s clock (${timeZone}), as 2026-12-24 09:00 or 24.12.2026 9.00. Leave a field empty for no limit.</p>
      <label for="notBefore">Not before</label>
      <input type="text" id="notBefore" name="notBefore" value="${fields.notBefore}" autocomplete="off" ${described('notBefore')} />${error('notBefore')}
      <label for="notAfter">Not after</label>
      <input type="text" id="notAfter" name="notAfter" value="${fields.notAfter}" autocomplete="off" ${described('notAfter')} />${error('notAfter')}
      <p><button type="submit">Save the schedule</button></p>
    </form>
    <form class="inline" method="post" action="${path}/${pin}">
      ${field(`${path}/${pin}`)}
      <button type="submit">${item.pinned_at ? 'Unpin' : 'Pin to the top of the next digest'}</button>
    </form>
    <form class="inline" method="post" action="${path}/retract">
      ${field(`${path}/retract`)}
      <button type="submit" class="reject">Retract from every later digest</button>
    </form>
  </section>`;
}
