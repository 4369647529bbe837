import { html } from 'hono/html';
import type { Context, Hono } from 'hono';
import type { Logger } from 'pino';
import type { KaikuConfig } from '../../config/schema.js';
import type { Store } from '../../db/store.js';
import type { AdminEntry } from '../../model/admin.js';
import { sourceApprovers } from '../../rules/approvals/approvers.js';
import type { Secret } from '../../rules/tokens/secret.js';
import type { AdminSession } from '../session.js';
import type { HealthChecks } from '../health-checks.js';
import { formField, postedConsoleForm } from '../form-guard.js';
import { layout } from '../pages/layout.js';
import { adminHeader } from '../pages/admin-header.js';
import { auditTrail, loadKindTrail } from '../pages/audit-trail.js';
import { auditedChange } from '../console/audited-change.js';
import { consoleLanguage, consoleText } from '../console/console-language.js';
import {
  adminFields,
  adminFieldsOf,
  EMPTY_ADMIN,
  fieldsOfRow,
  readAdminForm,
  recordedAdmin,
  type AdminErrors,
  type AdminFields,
} from '../console/admin-form.js';

// The programme's admins, approvers and analysts in the console: kaiku.yaml's shown read-only ("set in kaiku.yaml"),
// the console's added, edited and removed, each change in the audit trail in the change's own transaction. A change
// holds at the next click everywhere: sessions, approvals, Slack and Teams read the admins in effect at each use.
// The page, its form, notices and refusals speak the admin's language (issue 17); the trail records in English.

type AdminContext = Context<{ Variables: { admin: AdminSession } }>;
export interface PeopleDeps {
  store: Store;
  config: KaikuConfig;
  secret: Secret;
  log: Logger;
  health?: HealthChecks | undefined;
}

class Conflict extends Error {}

export function addPeoplePages(app: Hono<{ Variables: { admin: AdminSession } }>, deps: PeopleDeps) {
  const log = deps.log.child({ component: 'admin-people' });
  const zone = deps.config.program.timeZone;
  const field = (c: AdminContext, action: string) => formField(c, deps, action, c.get('admin').id);
  const header = (c: AdminContext) => adminHeader(c, deps, 'people');
  const pathOf = (email: string) => `/admin/people/${encodeURIComponent(email)}`;

  /** Whether a change would leave the programme with no one to run it. */
  async function lastAdmin(email: string, becomes: AdminEntry['role'] | 'removed'): Promise<boolean> {
    if (becomes === 'admin') return false;
    const { admins } = await deps.store.admins.inEffect(deps.config);
    return !admins.some((a) => a.role === 'admin' && a.email !== email);
  }

  /** Which sources name each admin as their approver, by name. */
  async function namedBy(): Promise<Map<string, string[]>> {
    const named = new Map<string, string[]>();
    for (const source of await deps.store.sources.list()) {
      if (!source.active || source.removed_at) continue;
      for (const email of sourceApprovers(source.settings)) named.set(email, [...(named.get(email) ?? []), source.name]);
    }
    return named;
  }

  async function listPage(c: AdminContext, add: { fields: AdminFields; errors: AdminErrors } = { fields: EMPTY_ADMIN, errors: {} }) {
    const [{ admins, backups }, sources, trail] = await Promise.all([deps.store.admins.inEffect(deps.config), namedBy(), loadKindTrail(deps, 'admin', 50)]);
    const lang = consoleLanguage(c);
    const words = consoleText(c);
    const t = words.people;
    const done = t.done[c.req.query('done') ?? ''];
    const failed = Object.keys(add.errors).length > 0;
    return layout(
      t.title,
      html`${header(c)}
        <main>
          <h1>${t.heading(admins.length)}</h1>
          ${done ? html`<div class="notice ok" role="status">${done}</div>` : ''}
          ${failed ? html`<div class="notice bad" role="alert">${t.notAdded}</div>` : ''}
          <p>${t.intro}</p>
          <div class="table-scroll" tabindex="0">
            <table class="people">
              <thead>
                <tr>
                  <th>${t.columns.name}</th>
                  <th>${t.columns.role}</th>
                  <th>${t.columns.decides}</th>
                  <th>${t.columns.approvalMail}</th>
                  <th>${t.columns.whereSet}</th>
                </tr>
              </thead>
              <tbody>
                ${admins.map((admin) => {
                  const decides = [
                    ...(sources.get(admin.email) ?? []).map((name) => t.decides.source(name)),
                    ...admin.topics.map((topic) => t.decides.topic(topic)),
                    ...(backups.includes(admin.email) ? [t.decides.backup] : []),
                  ];
                  return html`<tr data-admin="${admin.email}" data-role="${admin.role}">
                    <td><strong>${admin.name}</strong><br /><span class="muted">${admin.email}</span></td>
                    <td>${words.roles.names[admin.role]}</td>
                    <td>
                      ${
                        admin.role === 'analyst'
                          ? t.decides.nothing
                          : decides.length > 0
                            ? decides.join(', ')
                            : admin.role === 'admin'
                              ? t.decides.unnamed
                              : t.decides.nothingYet
                      }
                    </td>
                    <td>${admin.approvalMail === 'daily' ? t.mail.daily : t.mail.each}</td>
                    <td>
                      ${
                        admin.origin === 'config'
                          ? html`<span class="muted">${t.setInConfig}</span>`
                          : html`<a href="${pathOf(admin.email)}" aria-label="${t.editLabel(admin.name)}">${t.edit}</a>`
                      }
                    </td>
                  </tr>`;
                })}
              </tbody>
            </table>
          </div>
          <section class="panel" aria-labelledby="add-heading">
            <h2 id="add-heading">${t.addHeading}</h2>
            <form method="post" action="/admin/people/new">
              ${field(c, '/admin/people/new')} ${adminFields(add.fields, add.errors, true, t, words.roles.names)}
              <p><button type="submit" class="approve">${t.add}</button></p>
            </form>
          </section>
          ${auditTrail(trail, zone, { naming: true, language: lang })}
        </main>`,
      lang,
    );
  }

  async function editPage(c: AdminContext, email: string, edit: { fields: AdminFields; errors: AdminErrors; refusal?: string }) {
    const path = pathOf(email);
    const trail = await loadKindTrail(deps, 'admin', 200);
    const lang = consoleLanguage(c);
    const words = consoleText(c);
    const t = words.people;
    return layout(
      `${edit.fields.name || email}`,
      html`${header(c)}
        <main>
          <p><a href="/admin/people">‹ ${t.title}</a></p>
          <h1>${edit.fields.name || email}</h1>
          <p class="muted">${email}</p>
          ${edit.refusal ? html`<div class="notice bad" role="alert">${edit.refusal}</div>` : ''}
          ${Object.keys(edit.errors).length > 0 ? html`<div class="notice bad" role="alert">${t.notSaved}</div>` : ''}
          <section class="panel">
            <form method="post" action="${path}/edit">
              ${field(c, `${path}/edit`)} ${adminFields(edit.fields, edit.errors, false, t, words.roles.names)}
              <p><button type="submit" class="approve">${t.save}</button></p>
            </form>
          </section>
          <section class="panel">
            <h2>${t.removeHeading}</h2>
            <p>${t.removeText}</p>
            <form method="post" action="${path}/remove">
              ${field(c, `${path}/remove`)}
              <button type="submit" class="reject">${t.remove(edit.fields.name || email)}</button>
            </form>
          </section>
          ${auditTrail({ rows: trail.rows.filter((row) => row.entity_id === email), names: trail.names }, zone, { language: lang })}
        </main>`,
      lang,
    );
  }

  /** The console's own row the path names; kaiku.yaml's admins (even with a stray row) change only there. */
  async function consoleRowOf(c: AdminContext) {
    const row = await deps.store.admins.get(c.req.param('email')?.toLowerCase() ?? '');
    return row && !deps.config.admins.some((a) => a.email === row.email) ? row : undefined;
  }

  const notFound = (c: AdminContext) => {
    const t = consoleText(c).people;
    return c.html(
      layout(
        t.notFoundTitle,
        html`${header(c)}
          <main>
            <div class="notice bad" role="alert">${t.notFound} <a href="/admin/people">${t.backToAdmins}</a>.</div>
          </main>`,
        consoleLanguage(c),
      ),
      404,
    );
  };

  /**
   * `GET /admin/people`: every admin, approver and analyst, kaiku.yaml's and the console's, what each decides, the add form and the trail.
   *
   * @example
   * GET /admin/people → Ulla Ruuskanen · admin · decides source City news · set in kaiku.yaml
   */
  app.get('/people', async (c) => c.html(await listPage(c)));

  /**
   * `POST /admin/people/new`: adds an admin, approver or analyst.
   *
   * @example
   * POST /admin/people/new  _csrf=…&email=pia@vantaa.fi&name=Pia&role=approver&topics=jobs&approvalMail=each → 303 /admin/people?done=added
   */
  app.post('/people/new', async (c) => {
    const body = await postedConsoleForm(c, deps, log);
    if (body instanceof Response) return body;
    const fields = adminFieldsOf(body);
    const t = consoleText(c).people;
    const form = readAdminForm(fields, t);
    if (!form.ok) return c.html(await listPage(c, { fields, errors: form.errors }), 400);
    const { input } = form;
    if (deps.config.admins.some((a) => a.email === input.email))
      return c.html(await listPage(c, { fields, errors: { email: t.errors.inConfig(input.email) } }), 409);
    const actor = c.get('admin').email;
    const added = await auditedChange(deps.store, { actor, entity: 'admin', entityId: input.email, action: 'added' }, async (tx) => {
      const row = await tx.admins.add(input);
      if (!row) throw new Conflict();
      return { before: null, after: { email: input.email, ...recordedAdmin(input) }, value: row };
    }).catch((error: unknown) => {
      if (error instanceof Conflict) return undefined;
      throw error;
    });
    if (!added) return c.html(await listPage(c, { fields, errors: { email: t.errors.already(input.email) } }), 409);
    log.info({ admin: actor, added: input.email, role: input.role }, 'admin added in the console');
    return c.redirect('/admin/people?done=added', 303);
  });

  /** `GET /admin/people/<email>`: a console admin's form, remove, and their trail. */
  app.get('/people/:email', async (c) => {
    const row = await consoleRowOf(c);
    if (!row) return notFound(c);
    return c.html(await editPage(c, row.email, { fields: fieldsOfRow(row), errors: {} }));
  });

  /**
   * `POST /admin/people/<email>/edit`: saves their name, role, topics, backup and approval mail.
   *
   * @example
   * POST /admin/people/pia%40vantaa.fi/edit  _csrf=…&name=Pia&role=admin&approvalMail=daily → 303 /admin/people?done=edited
   */
  app.post('/people/:email/edit', async (c) => {
    const body = await postedConsoleForm(c, deps, log);
    if (body instanceof Response) return body;
    const before = await consoleRowOf(c);
    if (!before) return notFound(c);
    const fields = { ...adminFieldsOf(body), email: before.email };
    const t = consoleText(c).people;
    const form = readAdminForm(fields, t);
    if (!form.ok) return c.html(await editPage(c, before.email, { fields, errors: form.errors }), 400);
    const actor = c.get('admin').email;
    const refusal =
      before.email === actor && form.input.role !== before.role
        ? t.refusals.ownRole
        : (await lastAdmin(before.email, form.input.role))
          ? t.refusals.lastAdminSave
          : undefined;
    if (refusal) return c.html(await editPage(c, before.email, { fields, errors: {}, refusal }), 409);
    await auditedChange(deps.store, { actor, entity: 'admin', entityId: before.email, action: 'edited' }, async (tx) => {
      const after = await tx.admins.update(before.email, form.input);
      if (!after) throw new Conflict();
      return { before: recordedOf(before), after: recordedAdmin(form.input), value: after };
    });
    log.info({ admin: actor, edited: before.email, role: form.input.role }, 'admin edited in the console');
    return c.redirect('/admin/people?done=edited', 303);
  });

  /** `POST /admin/people/<email>/remove`: they can no longer sign in; their sessions end at their next click. */
  app.post('/people/:email/remove', async (c) => {
    const body = await postedConsoleForm(c, deps, log);
    if (body instanceof Response) return body;
    const before = await consoleRowOf(c);
    if (!before) return notFound(c);
    const actor = c.get('admin').email;
    const t = consoleText(c).people;
    const refusal = before.email === actor ? t.refusals.removeSelf : (await lastAdmin(before.email, 'removed')) ? t.refusals.lastAdminRemove : undefined;
    if (refusal) return c.html(await editPage(c, before.email, { fields: fieldsOfRow(before), errors: {}, refusal }), 409);
    await auditedChange(deps.store, { actor, entity: 'admin', entityId: before.email, action: 'removed' }, async (tx) => {
      await tx.admins.remove(before.email);
      await tx.adminLanguages.forget(before.email);
      await tx.sessions.endAllOf(before.email, actor);
      return { before: recordedOf(before), after: null, value: undefined };
    });
    log.info({ admin: actor, removed: before.email }, 'admin removed in the console');
    return c.redirect('/admin/people?done=removed', 303);
  });
}

/** What the trail records of a stored row. */
function recordedOf(row: {
  name: string;
  role: AdminEntry['role'];
  topics: string[];
  backup: boolean;
  approval_mail: AdminEntry['approvalMail'];
  slack_user_id: string | null;
}) {
  return recordedAdmin({
    name: row.name,
    role: row.role,
    topics: row.topics,
    backup: row.backup,
    approvalMail: row.approval_mail,
    slackUserId: row.slack_user_id,
  });
}
