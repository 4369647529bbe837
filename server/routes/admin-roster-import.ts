import { html } from 'hono/html';
import type { Context, Hono } from 'hono';
import type { AdvocateRow } from '../../db/schema.js';
import { parseRoster, refusalText, type ParsedRoster } from '../../rules/advocates/roster.js';
import type { AdminSession } from '../session.js';
import { checkForm, formField, refuseForm } from '../form-guard.js';
import { layout } from '../pages/layout.js';
import { adminHeader } from '../pages/admin-header.js';
import { auditTrail, loadTrail } from '../pages/audit-trail.js';
import { auditedChange } from '../console/audited-change.js';
import type { AdvocateChangeDeps } from './admin-advocate-changes.js';

// The roster CSV in the browser: the same import as `kaiku advocates import` (parseRoster's line-numbered refusals,
// the store's upsert), a dry run first that changes nothing, then the import; and the roster out as the same CSV.

/** Where a roster CSV is posted: it keeps the whole request limit (1 MB), not the 64 KB of other forms. */
export const ROSTER_UPLOAD_PATH = '/admin/advocates/import';
/** The trail of roster-wide changes (imports) is kept under this entity and id. */
const ROSTER = { entity: 'roster', entityId: 'roster' } as const;

type AdminContext = Context<{ Variables: { admin: AdminSession } }>;

export function addRosterImport(app: Hono<{ Variables: { admin: AdminSession } }>, deps: AdvocateChangeDeps) {
  const log = deps.log.child({ component: 'admin-roster' });

  async function page(c: AdminContext, body: unknown, status: 200 | 400 = 200) {
    return c.html(
      layout(
        'Upload a roster',
        html`${adminHeader(c, deps, 'advocates')}
          <main>
            <p><a href="/admin/advocates">← Advocates</a></p>
            <h1>Upload a roster CSV</h1>
            ${body}
            <form class="panel" method="post" action="${ROSTER_UPLOAD_PATH}" enctype="multipart/form-data">
              ${formField(c, deps, ROSTER_UPLOAD_PATH, c.get('admin').id)}
              <label for="roster">Roster file (CSV: a header row, then email,name,language,time_zone,branch,topics,networks)</label>
              <input type="file" id="roster" name="roster" accept=".csv,text/csv" required />
              <p>kaiku checks the file first and shows what it would do; nothing is imported until you confirm.</p>
              <p><button type="submit" name="step" value="check">Check the file</button></p>
            </form>
            ${auditTrail(await loadTrail(deps, ROSTER.entity, ROSTER.entityId, 20), deps.config.program.timeZone)}
          </main>`,
      ),
      status,
    );
  }

  /** `GET /admin/advocates/import`: the upload form; `POST` with step=check is the dry run, step=import imports. */
  app.get('/advocates/import', (c) => page(c, ''));

  app.post('/advocates/import', async (c) => {
    const body = (await c.req.parseBody()) as Record<string, unknown>;
    const check = checkForm(c, deps, body, c.get('admin').id);
    if (!check.ok) return refuseForm(c, check.reason);
    const file = body['roster'];
    // The dry run's page carries the checked text back in the import form, so the import is of what was checked.
    const text = file instanceof File ? await file.text() : typeof body['csv'] === 'string' ? body['csv'] : '';
    if (text.trim() === '')
      return page(c, html`<div class="notice bad" role="alert">Choose a roster file (CSV) first; the one sent was empty. Nothing was imported.</div>`, 400);
    const roster = parseRoster(text);
    if (body['step'] !== 'import') return page(c, dryRun(c, deps, roster, text, file instanceof File ? file.name : 'the file'));
    const admin = c.get('admin').email;
    const result = await auditedChange(deps.store, { actor: admin, action: 'imported', ...ROSTER }, async (tx) => {
      const counts = await tx.advocates.upsert(roster.rows.map((row) => row.advocate));
      // Counts only: the trail of the whole roster quotes nobody's name or address.
      return { before: null, after: { ...counts, refused: roster.refused.length }, value: counts };
    });
    log.info({ admin, ...result, refused: roster.refused.length }, 'roster imported in the console');
    return page(
      c,
      html`<div class="notice ok" role="status">
          Imported ${roster.rows.length}: ${result.inserted} new, ${result.updated} updated; ${roster.refused.length} refused.
        </div>
        ${refusals(roster)}`,
    );
  });

  /** `GET /admin/advocates/roster.csv`: everyone on the roster, as the CSV the import reads. */
  app.get('/advocates/roster.csv', async (c) => {
    const rows = await deps.store.advocates.roster();
    c.header('content-type', 'text/csv; charset=utf-8');
    c.header('content-disposition', 'attachment; filename="kaiku-roster.csv"');
    c.header('cache-control', 'no-store');
    return c.body(rosterCsv(rows));
  });
}

function refusals(roster: ParsedRoster) {
  return roster.refused.length === 0
    ? ''
    : html`<h2>Refused rows</h2>
        <ul class="refusals">
          ${roster.refused.map((refusal) => html`<li>${refusalText(refusal)}</li>`)}
        </ul>`;
}

function dryRun(c: AdminContext, deps: AdvocateChangeDeps, roster: ParsedRoster, text: string, name: string) {
  return html`<div class="panel dry-run" role="status">
    <h2>Checked ${name}: nothing imported yet</h2>
    <p><strong>${roster.rows.length}</strong> rows would be imported (added, or updated by address); <strong>${roster.refused.length}</strong> refused.</p>
    ${refusals(roster)}
    ${
      roster.rows.length > 0
        ? html`<form method="post" action="${ROSTER_UPLOAD_PATH}" enctype="multipart/form-data">
            ${formField(c, deps, ROSTER_UPLOAD_PATH, c.get('admin').id)}
            <textarea name="csv" hidden>${text}</textarea>
            <button type="submit" name="step" value="import" class="approve">Import ${roster.rows.length} advocates</button>
          </form>`
        : html`<p>Correct the file and check it again.</p>`
    }
  </div>`;
}

/** A cell as a spreadsheet reads it safely: quoted when needed, and a leading = + - @ defused (CSV injection). */
function cell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",;\r\n']/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** The roster as `parseRoster` reads it back: lists inside a cell separated by `;`. */
export function rosterCsv(rows: readonly AdvocateRow[]): string {
  const lines = ['email,name,language,time_zone,branch,topics,networks'];
  for (const a of rows) lines.push([a.email, a.name, a.language, a.time_zone, a.branch ?? '', a.topics.join(';'), a.networks.join(';')].map(cell).join(','));
  return `${lines.join('\r\n')}\r\n`;
}
