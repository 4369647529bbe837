import { html } from 'hono/html';
import type { KaikuConfig } from '../../config/schema.js';
import type { AuditTrailRow } from '../../db/schema.js';
import type { Store } from '../../db/store.js';
import { localTime } from './local-time.js';
import type { ConsoleLanguage } from '../../db/queries/admin-languages.js';
import { CONSOLE_STRINGS, type ConsoleStrings } from '../console/console-strings.js';
import { languageNameIn } from '../console/console-language.js';
import { CAPTION_ENTITIES } from '../../db/queries/caption-templates.js';
import { NETWORK_NAMES } from '../../rules/captions/caption-limits.js';
import type { Network } from '../../model/item.js';

// The audit trail on the page of the thing changed: newest first, who (by name when an admin), when on the
// programme's clock, what, and each changed field as before → after. It is recorded in English; a Finnish or
// Swedish page says what was done, the fields and a few recorded words (yes, paused) in its language.

type AuditWords = ConsoleStrings['audit'];

const show = (value: unknown, t: AuditWords) =>
  value === undefined || value === null || value === '' ? '—' : Array.isArray(value) ? value.join(', ') || '—' : (t.values[String(value)] ?? String(value));

function changes(before: Record<string, unknown> | null, after: Record<string, unknown> | null, t: AuditWords) {
  const keys = [...new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])];
  const changed = keys.filter((key) => JSON.stringify(before?.[key]) !== JSON.stringify(after?.[key]));
  if (changed.length === 0) return '';
  return html`<ul class="changes">
    ${changed.map(
      (key) =>
        html`<li>
          <span class="field" data-field="${key}">${t.fields[key] ?? key}</span>: ${before ? html`${show(before[key], t)} → ` : ''}${show(after?.[key], t)}
        </li>`,
    )}
  </ul>`;
}

/** What was done, in the page's language: the recorded words in English; a caption template's by its network and language. */
function actionText(row: AuditTrailRow, language: ConsoleLanguage): string {
  const t = CONSOLE_STRINGS[language].audit;
  if (row.entity === CAPTION_ENTITIES.template && t.template) {
    const [network, code] = row.entity_id.split('/');
    return t.template(NETWORK_NAMES[network as Network] ?? network ?? '', languageNameIn(language)(code ?? ''), row.action.startsWith('reset'));
  }
  return t.actions[row.action] ?? row.action;
}

/** An entity's trail and the names of the admins in effect, who made its changes. */
export interface Trail {
  rows: readonly AuditTrailRow[];
  names: ReadonlyMap<string, string>;
}

/** The trail of one entity, newest first, with the names its actors go by now (kaiku.yaml's admins and the console's). */
export async function loadTrail(deps: { store: Store; config: KaikuConfig }, entity: string, entityId: string, limit?: number): Promise<Trail> {
  const [rows, names] = await Promise.all([deps.store.audit.of(entity, entityId, limit), deps.store.admins.names(deps.config)]);
  return { rows, names };
}

/** The trail of every entity of a kind ('admin'), for a page that lists them all. */
export async function loadKindTrail(deps: { store: Store; config: KaikuConfig }, entity: string, limit?: number): Promise<Trail> {
  const [rows, names] = await Promise.all([deps.store.audit.ofKind(entity, limit), deps.store.admins.names(deps.config)]);
  return { rows, names };
}

/** The trail section of an entity's page. */
export function auditTrail({ rows, names }: Trail, timeZone: string, options: { naming?: boolean; language?: ConsoleLanguage } = {}) {
  const language = options.language ?? 'en';
  const t = CONSOLE_STRINGS[language].audit;
  const entity = (row: AuditTrailRow) => (options.naming ? html` <span class="entity">${row.entity_id}</span>` : '');
  return html`<section aria-labelledby="trail-heading">
    <h2 id="trail-heading">${t.title}</h2>
    ${
      rows.length === 0
        ? html`<p class="empty">${t.none}</p>`
        : html`<ol class="trail audit">
            ${rows.map(
              (row) =>
                html`<li data-action="${row.action}">
                  ${localTime(row.at, timeZone, language)} · <strong>${names.get(row.actor) ?? row.actor}</strong> ${actionText(row, language)}${entity(row)}
                  ${changes(row.before, row.after, t)}
                </li>`,
            )}
          </ol>`
    }
  </section>`;
}
