import { html } from 'hono/html';
import type { AuditTrailRow } from '../../db/schema.js';
import { localTime } from './local-time.js';

// The audit trail on the page of the thing changed: newest first, who (by name when an admin), when on the
// programme's clock, what, and each changed field as before → after.

const show = (value: unknown) => (value === undefined || value === null || value === '' ? '—' : Array.isArray(value) ? value.join(', ') || '—' : String(value));

function changes(before: Record<string, unknown> | null, after: Record<string, unknown> | null) {
  const keys = [...new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])];
  const changed = keys.filter((key) => JSON.stringify(before?.[key]) !== JSON.stringify(after?.[key]));
  if (changed.length === 0) return '';
  return html`<ul class="changes">
    ${changed.map((key) => html`<li><span class="field">${key}</span>: ${before ? html`${show(before[key])} → ` : ''}${show(after?.[key])}</li>`)}
  </ul>`;
}

/** The trail section of an entity's page; `names` turns admins' addresses into their names. */
export function auditTrail(rows: readonly AuditTrailRow[], timeZone: string, names: ReadonlyMap<string, string>) {
  return html`<section aria-labelledby="trail-heading">
    <h2 id="trail-heading">Changes</h2>
    ${
      rows.length === 0
        ? html`<p class="empty">No change made in the console yet.</p>`
        : html`<ol class="trail audit">
            ${rows.map(
              (row) =>
                html`<li data-action="${row.action}">
                  ${localTime(row.at, timeZone)} · <strong>${names.get(row.actor) ?? row.actor}</strong> ${row.action} ${changes(row.before, row.after)}
                </li>`,
            )}
          </ol>`
    }
  </section>`;
}
