import { html } from 'hono/html';
import type { Context, Hono } from 'hono';
import type { AdvocateRow } from '../../db/schema.js';
import { parseRoster, type ParsedRoster, type RosterRefusal } from '../../rules/advocates/roster.js';
import type { AdminSession } from '../session.js';
import { checkForm, formField, refuseForm } from '../form-guard.js';
import { layout } from '../pages/layout.js';
import { adminHeader } from '../pages/admin-header.js';
import { auditTrail, loadTrail } from '../pages/audit-trail.js';
import { auditedChange } from '../console/audited-change.js';
import type { AdvocateChangeDeps } from './admin-advocate-changes.js';
import { consoleLanguage, consoleText } from '../console/console-language.js';
import type { ConsoleStrings } from '../console/console-strings.js';
import { problemText } from '../console/advocate-form.js';
import { numberText } from '../console/number-text.js';

// The roster CSV in the browser: the same import as `kaiku advocates import` (parseRoster's line-numbered refusals,
// the store's upsert), a dry run first that changes nothing, then the import; and the roster out as the same CSV.
// The page speaks the admin's language (the catalogue's `rosterImport` words, issue 17): in English each refusal
// reads as the CLI prints it; in Finnish and Swedish it is said from its kind and values. The CSV stays English.

/** Where a roster CSV is posted: it keeps the whole request limit (1 MB), not the 64 KB of other forms. */
export const ROSTER_UPLOAD_PATH = '/admin/advocates/import';
/** The trail of roster-wide changes (imports) is kept under this entity and id. */
const ROSTER = { entity: 'roster', entityId: 'roster' } as const;

type AdminContext = Context<{ Variables: { admin: AdminSession } }>;

export function addRosterImport(app: Hono<{ Variables: { admin: AdminSession } }>, deps: AdvocateChangeDeps) {
  const log = deps.log.child({ component: 'admin-roster' });

  async function page(c: AdminContext, body: unknown, status: 200 | 400 = 200) {
    const lang = consoleLanguage(c);
    const t = consoleText(c);
    return c.html(
      layout(
        t.rosterImport.title,
        html`${adminHeader(c, deps, 'advocates')}
          <main>
            <p><a href="/admin/advocates">${t.advocateForm.back}</a></p>
            <h1>${t.rosterImport.heading}</h1>
            ${body}
            <form class="panel" method="post" action="${ROSTER_UPLOAD_PATH}" enctype="multipart/form-data">
              ${formField(c, deps, ROSTER_UPLOAD_PATH, c.get('admin').id)}
              <label for="roster">${t.rosterImport.fileLabel}</label>
              <input type="file" id="roster" name="roster" accept=".csv,text/csv" required />
              <p>${t.rosterImport.checkFirst}</p>
              <p><button type="submit" name="step" value="check">${t.rosterImport.check}</button></p>
            </form>
            ${auditTrail(await loadTrail(deps, ROSTER.entity, ROSTER.entityId, 20), deps.config.program.timeZone, { language: lang })}
          </main>`,
        lang,
      ),
      status,
    );
  }

  /** `GET /admin/advocates/import`: the upload form; `POST` with step=check is the dry run, step=import imports. */
  app.get('/advocates/import', (c) => page(c, ''));

  app.post('/advocates/import', async (c) => {
    const body = (await c.req.parseBody()) as Record<string, unknown>;
    const check = checkForm(c, deps, body, c.get('admin').id);
    if (!check.ok) return refuseForm(c, check);
    const file = body['roster'];
    // The dry run's page carries the checked text back in the import form, so the import is of what was checked.
    const text = file instanceof File ? await file.text() : typeof body['csv'] === 'string' ? body['csv'] : '';
    const t = consoleText(c);
    if (text.trim() === '') return page(c, html`<div class="notice bad" role="alert">${t.rosterImport.empty}</div>`, 400);
    const roster = parseRoster(text);
    if (body['step'] !== 'import') return page(c, dryRun(c, deps, roster, text, file instanceof File ? file.name : t.rosterImport.theFile, t));
    const admin = c.get('admin').email;
    const result = await auditedChange(deps.store, { actor: admin, action: 'imported', ...ROSTER }, async (tx) => {
      const counts = await tx.advocates.upsert(roster.rows.map((row) => row.advocate));
      // Counts only: the trail of the whole roster quotes nobody's name or address.
      return { before: null, after: { ...counts, refused: roster.refused.length }, value: counts };
    });
    log.info({ admin, ...result, refused: roster.refused.length }, 'roster imported in the console');
    const number = (n: number) => numberText(n, t.locale);
    return page(
      c,
      html`<div class="notice ok" role="status">
          ${t.rosterImport.imported(number(roster.rows.length), number(result.inserted), number(result.updated), number(roster.refused.length))}
        </div>
        ${refusals(roster, t)}`,
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

/** A count as the admin's language writes it (1 234, 1,234). */

/**
 * A refused row in the admin's language: in English the very line `kaiku advocates import` prints (refusalText);
 * otherwise its line, address and reason said from the refusal's kind and values.
 *
 * @example
 * refusalLine({ line: 4, email: 'mikko@vaasa', reason: '…', cause: { kind: 'fields', problems: [{ field: 'email', kind: 'email', value: 'mikko@vaasa', english: '…' }] } }, CONSOLE_STRINGS.fi)
 * // 'rivi 4 (mikko@vaasa): ”mikko@vaasa” ei ole sähköpostiosoite'
 */
export function refusalLine(refusal: RosterRefusal, t: ConsoleStrings): string {
  const { cause } = refusal;
  const reason =
    cause.kind === 'fields' ? cause.problems.map((problem) => problemText(problem, t.advocateForm)).join('; ') : t.rosterImport.reason(cause, refusal.reason);
  return t.rosterImport.refusal(refusal.line, refusal.email, reason);
}

function refusals(roster: ParsedRoster, t: ConsoleStrings) {
  return roster.refused.length === 0
    ? ''
    : html`<h2>${t.rosterImport.refusedRows}</h2>
        <ul class="refusals">
          ${roster.refused.map((refusal) => html`<li>${refusalLine(refusal, t)}</li>`)}
        </ul>`;
}

function dryRun(c: AdminContext, deps: AdvocateChangeDeps, roster: ParsedRoster, text: string, name: string, t: ConsoleStrings) {
  const words = t.rosterImport;
  const number = (n: number) => numberText(n, t.locale);
  const [before, between, after] = words.wouldImport(roster.rows.length, roster.refused.length);
  return html`<div class="panel dry-run" role="status">
    <h2>${words.checked(name)}</h2>
    <p>${before}<strong>${number(roster.rows.length)}</strong>${between}<strong>${number(roster.refused.length)}</strong>${after}</p>
    ${refusals(roster, t)}
    ${
      roster.rows.length > 0
        ? html`<form method="post" action="${ROSTER_UPLOAD_PATH}" enctype="multipart/form-data">
            ${formField(c, deps, ROSTER_UPLOAD_PATH, c.get('admin').id)}
            <textarea name="csv" hidden>${text}</textarea>
            <button type="submit" name="step" value="import" class="approve">${words.importButton(roster.rows.length, number(roster.rows.length))}</button>
          </form>`
        : html`<p>${words.correct}</p>`
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
