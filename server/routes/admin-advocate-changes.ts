import { html } from 'hono/html';
import type { Context, Hono } from 'hono';
import type { Logger } from 'pino';
import type { KaikuConfig } from '../../config/schema.js';
import type { AdvocateRow } from '../../db/schema.js';
import type { Store } from '../../db/store.js';
import { NETWORK_NAMES } from '../../rules/captions/caption-limits.js';
import type { Secret } from '../../rules/tokens/secret.js';
import type { AdminSession } from '../session.js';
import type { HealthChecks } from '../health-checks.js';
import { formField, postedConsoleForm } from '../form-guard.js';
import { layout } from '../pages/layout.js';
import { localTime } from '../pages/local-time.js';
import { adminHeader } from '../pages/admin-header.js';
import { auditTrail, loadTrail, type Trail } from '../pages/audit-trail.js';
import { auditedChange } from '../console/audited-change.js';
import {
  advocateFields,
  directoryFields,
  fieldsOf,
  keepDirectoryFields,
  readAdvocateForm,
  type AdvocateFields,
  type AdvocateFormWords,
  type AdvocateState,
} from '../console/advocate-form.js';
import { consoleLanguage, consoleText, languageNameIn } from '../console/console-language.js';
import { numberText } from '../console/number-text.js';

// One advocate managed from the console: added, edited, paused and resumed, removed (no more mail; history and
// points stay), erased (GDPR, through the privacy erase) and their data exported; every change in the audit trail.
// The pages speak the admin's language (the catalogue's `advocateForm` words, issue 17); the trail records in English.

type AdminContext = Context<{ Variables: { admin: AdminSession } }>;
export interface AdvocateChangeDeps {
  store: Store;
  config: KaikuConfig;
  secret: Secret;
  log: Logger;
  health?: HealthChecks | undefined;
}

/** What the trail records of an advocate: the fields the console edits (never more than the edit form shows). */
const recorded = (a: AdvocateRow) => ({
  name: a.name,
  language: a.language,
  timeZone: a.time_zone,
  branch: a.branch,
  topics: a.topics,
  networks: a.networks,
});

/** Where an advocate stands, in a word the trail records (and the page says in the admin's language). */
export function advocateState(a: AdvocateRow): AdvocateState {
  if (a.erased_at) return 'erased';
  if (a.removed_at) return 'removed';
  if (a.unsubscribed_at) return 'unsubscribed';
  if (a.mail_state === 'paused') return 'paused';
  return a.mail_state === 'bouncing' ? 'bouncing' : 'active';
}

export function addAdvocateChanges(app: Hono<{ Variables: { admin: AdminSession } }>, deps: AdvocateChangeDeps) {
  const log = deps.log.child({ component: 'admin-advocates' });
  const field = (c: AdminContext, action: string) => formField(c, deps, action, c.get('admin').id);
  const zone = deps.config.program.timeZone;
  const words = (c: AdminContext): AdvocateFormWords => consoleText(c).advocateForm;
  /** A digest language named in the admin's language (the names Compose and Send now use), its code if unnamed. */
  const languageName = (c: AdminContext) => languageNameIn(consoleLanguage(c));

  const notFound = (c: AdminContext) => {
    const t = consoleText(c);
    return c.html(
      layout(
        t.advocateForm.notFoundTitle,
        html`${adminHeader(c, deps, 'advocates')}
          <main>
            <div class="notice bad" role="alert">${t.advocates.notFound} <a href="/admin/advocates">${t.advocates.back}</a>.</div>
          </main>`,
        consoleLanguage(c),
      ),
      404,
    );
  };

  const postedForm = (c: AdminContext) => postedConsoleForm(c, deps, log);

  async function advocateOf(c: AdminContext): Promise<AdvocateRow | undefined> {
    const id = c.req.param('id');
    return id && /^\d{1,18}$/.test(id) ? deps.store.advocates.get(id) : undefined;
  }

  function addPage(c: AdminContext, fields: AdvocateFields, errors: Partial<Record<keyof AdvocateFields, string>>) {
    const t = words(c);
    return layout(
      t.addTitle,
      html`${adminHeader(c, deps, 'advocates')}
        <main>
          <h1>${t.addTitle}</h1>
          ${Object.keys(errors).length ? html`<div class="notice bad" role="alert">${t.addFailed}</div>` : ''}
          <form class="panel" method="post" action="/admin/advocates/new">
            ${field(c, '/admin/advocates/new')} ${advocateFields(fields, errors, true, t, languageName(c))}
            <p><button type="submit" class="approve">${t.addSubmit}</button></p>
          </form>
        </main>`,
      consoleLanguage(c),
    );
  }

  /** `GET /admin/advocates/new`: the form that adds one advocate (`POST /admin/advocates/new`). */
  app.get('/advocates/new', (c) =>
    c.html(
      addPage(c, { email: '', name: '', language: deps.config.program.defaultLanguage, timeZone: zone, branch: '', topics: '', networks: ['linkedin'] }, {}),
    ),
  );

  app.post('/advocates/new', async (c) => {
    const body = await postedForm(c);
    if (body instanceof Response) return body;
    const form = readAdvocateForm(body, words(c));
    if (!form.ok) return c.html(addPage(c, form.fields, form.errors), 400);
    const admin = c.get('admin').email;
    const added = await auditedChange(deps.store, { actor: admin, entity: 'advocate', action: 'added' }, async (tx) => {
      const row = await tx.advocates.add(form.advocate);
      if (!row) throw new AlreadyOnRoster();
      return { entityId: String(row.id), before: null, after: { email: row.email, ...recorded(row) }, value: row };
    }).catch((error: unknown) => {
      if (error instanceof AlreadyOnRoster) return undefined;
      throw error;
    });
    if (!added) {
      const existing = await deps.store.advocates.byEmail(form.advocate.email);
      const fields = readAdvocateFormFields(body, words(c));
      return c.html(addPage(c, fields, { email: words(c).onRoster(form.advocate.email, existing?.name) }), 409);
    }
    log.info({ admin, advocateId: String(added.id) }, 'advocate added in the console');
    return c.redirect(`/admin/advocates/${added.id}?done=added`, 303);
  });

  function advocatePage(
    c: AdminContext,
    a: AdvocateRow,
    trail: Trail,
    locked: ReadonlySet<keyof AdvocateFields>,
    edit?: { fields: AdvocateFields; errors: Partial<Record<keyof AdvocateFields, string>> },
  ) {
    const lang = consoleLanguage(c);
    const t = words(c);
    const state = advocateState(a);
    const done = t.done[c.req.query('done') ?? ''];
    const path = `/admin/advocates/${a.id}`;
    const onRoster = state !== 'erased' && state !== 'removed';
    return layout(
      a.name,
      html`${adminHeader(c, deps, 'advocates')}
        <main class="advocate-page">
          <p><a href="/admin/advocates">${t.back}</a></p>
          <h1>${a.name}</h1>
          ${done ? html`<div class="notice ok" role="status">${done}</div>` : ''}
          ${edit ? html`<div class="notice bad" role="alert">${t.editFailed}</div>` : ''}
          <p class="meta">
            <span>${a.email}</span> · <span class="state" data-state="${state}">${t.states[state]}</span> ·
            <span>${t.since[0]}${localTime(a.created_at, zone, lang)}${t.since[1]}</span>
            ${a.removed_at ? html` · <span>${t.removedAt[0]}${localTime(a.removed_at, zone, lang)}${t.removedAt[1]}</span>` : ''}
          </p>
          ${
            onRoster
              ? html`<form class="panel" method="post" action="${path}/edit">
                    <h2>${t.details}</h2>
                    ${field(c, `${path}/edit`)} ${advocateFields(edit?.fields ?? fieldsOf(a), edit?.errors ?? {}, false, t, languageName(c), locked)}
                    <p><button type="submit">${t.save}</button></p>
                  </form>
                  <div class="panel actions">
                    <h2>${t.mail}</h2>
                    <form class="inline" method="post" action="${path}/${state === 'paused' ? 'resume' : 'pause'}">
                      ${field(c, `${path}/${state === 'paused' ? 'resume' : 'pause'}`)}
                      <button type="submit">${state === 'paused' ? t.resume : t.pause}</button>
                    </form>
                    <a class="button" href="${path}/preview">${t.previewNext}</a>
                    <form class="inline" method="post" action="${path}/remove">
                      ${field(c, `${path}/remove`)}
                      <button type="submit" class="reject">${t.remove}</button>
                    </form>
                  </div>`
              : html`<div class="panel">
                  <p>${state === 'erased' ? t.erasedText : t.removedText}</p>
                  <p>${a.topics.join(', ') || t.allTopics} · ${a.networks.map((n) => NETWORK_NAMES[n]).join(', ') || t.noNetworks}</p>
                </div>`
          }
          ${
            state === 'erased'
              ? ''
              : html`<div class="panel">
                  <h2>${t.data}</h2>
                  <form class="inline" method="post" action="${path}/export">
                    ${field(c, `${path}/export`)}
                    <button type="submit">${t.exportData}</button>
                  </form>
                  <a class="button reject" href="${path}/erase">${t.erase}</a>
                </div>`
          }
          ${auditTrail(trail, zone, { language: lang })}
        </main>`,
      lang,
    );
  }

  const lockedFields = async (a: AdvocateRow) => directoryFields(a, await deps.store.advocates.scim.manages(String(a.id)));

  /** `GET /admin/advocates/<id>`: one advocate, their details to edit, pause, remove, export and erase, and the trail. */
  app.get('/advocates/:id{[0-9]+}', async (c) => {
    const a = await advocateOf(c);
    if (!a) return notFound(c);
    return c.html(advocatePage(c, a, await loadTrail(deps, 'advocate', String(a.id)), await lockedFields(a)));
  });

  app.post('/advocates/:id{[0-9]+}/edit', async (c) => {
    const body = await postedForm(c);
    if (body instanceof Response) return body;
    const a = await advocateOf(c);
    if (!a) return notFound(c);
    if (a.erased_at || a.removed_at) return gone(c, a);
    const locked = await lockedFields(a);
    const form = readAdvocateForm(keepDirectoryFields(body, a, locked), words(c), a.email);
    if (!form.ok) return c.html(advocatePage(c, a, await loadTrail(deps, 'advocate', String(a.id)), locked, form), 400);
    const admin = c.get('admin').email;
    await auditedChange(deps.store, { actor: admin, entity: 'advocate', entityId: String(a.id), action: 'edited' }, async (tx) => {
      await tx.advocates.edit(String(a.id), form.advocate);
      const after = (await tx.advocates.get(String(a.id)))!;
      return { before: recorded(a), after: recorded(after), value: undefined };
    });
    log.info({ admin, advocateId: String(a.id) }, 'advocate edited in the console');
    return c.redirect(`/admin/advocates/${a.id}?done=edited`, 303);
  });

  for (const [action, done] of [
    ['pause', 'paused'],
    ['resume', 'resumed'],
    ['remove', 'removed'],
  ] as const) {
    app.post(`/advocates/:id{[0-9]+}/${action}`, async (c) => {
      const body = await postedForm(c);
      if (body instanceof Response) return body;
      const a = await advocateOf(c);
      if (!a) return notFound(c);
      if (a.erased_at || a.removed_at) return gone(c, a);
      const admin = c.get('admin').email;
      await auditedChange(deps.store, { actor: admin, entity: 'advocate', entityId: String(a.id), action: done }, async (tx) => {
        if (action === 'remove') await tx.advocates.remove(String(a.id));
        else await tx.advocates.setPaused(String(a.id), action === 'pause');
        const after = (await tx.advocates.get(String(a.id)))!;
        return { before: { state: advocateState(a) }, after: { state: advocateState(after) }, value: undefined };
      });
      log.info({ admin, advocateId: String(a.id), action: done }, 'advocate changed in the console');
      return c.redirect(`/admin/advocates/${a.id}?done=${done}`, 303);
    });
  }

  /** `POST /admin/advocates/<id>/export`: everything kaiku holds about them, as the JSON file they could download (GDPR art. 15). */
  app.post('/advocates/:id{[0-9]+}/export', async (c) => {
    const body = await postedForm(c);
    if (body instanceof Response) return body;
    const a = await advocateOf(c);
    if (!a) return notFound(c);
    const admin = c.get('admin').email;
    const data = await auditedChange(deps.store, { actor: admin, entity: 'advocate', entityId: String(a.id), action: 'exported' }, async (tx) => ({
      before: null,
      after: null,
      value: await tx.privacy.exportData(String(a.id)),
    }));
    log.info({ admin, advocateId: String(a.id) }, 'advocate data exported in the console');
    c.header('content-disposition', `attachment; filename="kaiku-advocate-${a.id}.json"`);
    c.header('cache-control', 'no-store');
    return c.json(data);
  });

  /** `GET /admin/advocates/<id>/erase`: the confirm step before an erasure, which cannot be undone. */
  app.get('/advocates/:id{[0-9]+}/erase', async (c) => {
    const a = await advocateOf(c);
    if (!a) return notFound(c);
    if (a.erased_at) return gone(c, a);
    return c.html(await erasePage(c, a));
  });

  /** The confirm step; with the advocate's open request, the form to decline it with a reason they are shown. */
  async function erasePage(c: AdminContext, a: AdvocateRow, decline: { reason: string; error?: string } = { reason: '' }) {
    const lang = consoleLanguage(c);
    const t = words(c);
    const path = `/admin/advocates/${a.id}/erase`;
    const request = await deps.store.privacy.erasureRequest(String(a.id));
    const open = request?.state === 'requested';
    const [before, after] = t.eraseWhat(a.email);
    return layout(
      t.eraseTitle(a.name),
      html`${adminHeader(c, deps, 'advocates')}
        <main>
          <h1>${t.eraseTitle(a.name)}</h1>
          <div class="panel">
            <p>${before}<strong>${a.name}</strong>${after}</p>
            <p><strong>${t.cannotUndo}</strong>${t.exportFirst}</p>
            <form class="inline" method="post" action="${path}">
              ${field(c, path)}
              <button type="submit" class="reject">${t.eraseForGood}</button>
            </form>
            <a class="button" href="/admin/advocates/${a.id}">${t.cancel}</a>
          </div>
          ${
            open
              ? html`<div class="panel">
                  <h2>${t.declineHeading}</h2>
                  <p>${t.declineText[0]}${localTime(request.requested_at, zone, lang)}${t.declineText[1]}</p>
                  <form method="post" action="${path}/decline">
                    ${field(c, `${path}/decline`)}
                    <label for="reason">${t.reasonLabel}</label>
                    <textarea id="reason" name="reason" rows="3" ${decline.error ? html`aria-invalid="true" aria-describedby="reason-error"` : ''}>
${decline.reason}</textarea>
                    ${decline.error ? html`<p class="error" id="reason-error">${decline.error}</p>` : ''}
                    <p><button type="submit">${t.declineSubmit}</button></p>
                  </form>
                </div>`
              : ''
          }
        </main>`,
      lang,
    );
  }

  /**
   * `POST /admin/advocates/<id>/erase/decline` (reason): declines their open erasure request; they see the reason.
   *
   * @example
   * POST /admin/advocates/42/erase/decline  _csrf=…&reason=Payroll records must be kept for six years → 303 /admin/advocates/42?done=declined
   */
  app.post('/advocates/:id{[0-9]+}/erase/decline', async (c) => {
    const body = await postedForm(c);
    if (body instanceof Response) return body;
    const a = await advocateOf(c);
    if (!a) return notFound(c);
    if (a.erased_at) return gone(c, a);
    const reason = typeof body['reason'] === 'string' ? body['reason'].trim() : '';
    const t = words(c);
    if (!reason || reason.length > REASON_MAX)
      return c.html(await erasePage(c, a, { reason, error: reason ? t.longReason(numberText(REASON_MAX, consoleText(c).locale)) : t.noReason }), 400);
    const admin = c.get('admin').email;
    const declined = await auditedChange(deps.store, { actor: admin, entity: 'advocate', entityId: String(a.id), action: 'declined erasure' }, async (tx) => {
      // No open request: thrown, so the transaction writes no trail entry for a change that did not happen.
      if (!(await tx.privacy.declineErasure(String(a.id), admin, reason))) throw new NothingOpen();
      return { before: { erasure: 'requested' }, after: { erasure: 'declined', reason }, value: true };
    }).catch((error: unknown) => {
      if (error instanceof NothingOpen) return false;
      throw error;
    });
    if (!declined) return c.html(await erasePage(c, a, { reason, error: t.nothingOpen }), 409);
    log.info({ admin, advocateId: String(a.id) }, 'erasure request declined in the console');
    return c.redirect(`/admin/advocates/${a.id}?done=declined`, 303);
  });

  app.post('/advocates/:id{[0-9]+}/erase', async (c) => {
    const body = await postedForm(c);
    if (body instanceof Response) return body;
    const a = await advocateOf(c);
    if (!a) return notFound(c);
    if (a.erased_at) return gone(c, a);
    const admin = c.get('admin').email;
    await auditedChange(deps.store, { actor: admin, entity: 'advocate', entityId: String(a.id), action: 'erased' }, async (tx) => {
      await tx.privacy.erase(String(a.id), admin); // clears what the trail quoted of them, too
      return { before: { state: advocateState(a) }, after: { state: 'erased' }, value: undefined };
    });
    log.info({ admin, advocateId: String(a.id) }, 'advocate erased in the console');
    return c.redirect(`/admin/advocates/${a.id}?done=erased`, 303);
  });

  function gone(c: AdminContext, a: AdvocateRow) {
    const t = words(c);
    return c.html(
      layout(
        t.goneTitle,
        html`${adminHeader(c, deps, 'advocates')}
          <main>
            <div class="notice bad" role="alert">${t.gone(Boolean(a.erased_at))} <a href="/admin/advocates/${a.id}">${t.backToPage}</a>.</div>
          </main>`,
        consoleLanguage(c),
      ),
      409,
    );
  }
}

/** The longest reason for declining an erasure that an advocate is shown. */
const REASON_MAX = 2000;

class AlreadyOnRoster extends Error {}

/** The add form's fields as typed (for drawing it again). */
function readAdvocateFormFields(body: Record<string, unknown>, words: AdvocateFormWords): AdvocateFields {
  const read = readAdvocateForm(body, words);
  return read.ok
    ? {
        email: read.advocate.email,
        name: read.advocate.name,
        language: read.advocate.language,
        timeZone: read.advocate.timeZone,
        branch: read.advocate.branch ?? '',
        topics: read.advocate.topics.join(', '),
        networks: read.advocate.networks,
      }
    : read.fields;
}

class NothingOpen extends Error {}
