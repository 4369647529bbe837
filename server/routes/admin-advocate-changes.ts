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
import { advocateFields, directoryFields, fieldsOf, keepDirectoryFields, readAdvocateForm, type AdvocateFields } from '../console/advocate-form.js';

// One advocate managed from the console: added, edited, paused and resumed, removed (no more mail; history and
// points stay), erased (GDPR, through the privacy erase) and their data exported; every change in the audit trail.

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

/** Where an advocate stands, in a word the page and the trail both use. */
export function advocateState(a: AdvocateRow): string {
  if (a.erased_at) return 'erased';
  if (a.removed_at) return 'removed';
  if (a.unsubscribed_at) return 'unsubscribed';
  if (a.mail_state === 'paused') return 'paused';
  return a.mail_state === 'bouncing' ? 'bouncing' : 'active';
}

const DONE: Record<string, string> = {
  added: 'Added. They get their first digest at the next run that has items for them.',
  edited: 'Saved.',
  paused: 'Paused: kaiku sends them nothing until you resume them.',
  resumed: 'Resumed: they get digests again.',
  removed: 'Removed: kaiku sends them nothing more. Their shares and points stay in the programme’s totals.',
  declined: 'Declined: their data stays, and their privacy page shows them your reason.',
  erased: 'Erased: their personal data is gone for good. Their shares and points stay in the totals, under no name.',
};

export function addAdvocateChanges(app: Hono<{ Variables: { admin: AdminSession } }>, deps: AdvocateChangeDeps) {
  const log = deps.log.child({ component: 'admin-advocates' });
  const field = (c: AdminContext, action: string) => formField(c, deps, action, c.get('admin').id);
  const zone = deps.config.program.timeZone;

  const notFound = (c: AdminContext) =>
    c.html(
      layout(
        'No such advocate',
        html`${adminHeader(c, deps, 'advocates')}
          <main>
            <div class="notice bad" role="alert">There is no such advocate. <a href="/admin/advocates">Back to the advocates</a>.</div>
          </main>`,
      ),
      404,
    );

  const postedForm = (c: AdminContext) => postedConsoleForm(c, deps, log);

  async function advocateOf(c: AdminContext): Promise<AdvocateRow | undefined> {
    const id = c.req.param('id');
    return id && /^\d{1,18}$/.test(id) ? deps.store.advocates.get(id) : undefined;
  }

  function addPage(c: AdminContext, fields: AdvocateFields, errors: Partial<Record<keyof AdvocateFields, string>>) {
    return layout(
      'Add an advocate',
      html`${adminHeader(c, deps, 'advocates')}
        <main>
          <h1>Add an advocate</h1>
          ${
            Object.keys(errors).length
              ? html`<div class="notice bad" role="alert">Nothing was added: correct the fields marked below and send the form again.</div>`
              : ''
          }
          <form class="panel" method="post" action="/admin/advocates/new">
            ${field(c, '/admin/advocates/new')} ${advocateFields(fields, errors, true)}
            <p><button type="submit" class="approve">Add the advocate</button></p>
          </form>
        </main>`,
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
    const form = readAdvocateForm(body);
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
      const fields = readAdvocateFormFields(body);
      return c.html(
        addPage(c, fields, {
          email: `${form.advocate.email} is on the roster already${existing ? ` (${existing.name})` : ''}; edit them on their page instead`,
        }),
        409,
      );
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
    const state = advocateState(a);
    const done = DONE[c.req.query('done') ?? ''];
    const path = `/admin/advocates/${a.id}`;
    const onRoster = state !== 'erased' && state !== 'removed';
    return layout(
      a.name,
      html`${adminHeader(c, deps, 'advocates')}
        <main class="advocate-page">
          <p><a href="/admin/advocates">← Advocates</a></p>
          <h1>${a.name}</h1>
          ${done ? html`<div class="notice ok" role="status">${done}</div>` : ''}
          ${edit ? html`<div class="notice bad" role="alert">Nothing was saved: correct the fields marked below and save again.</div>` : ''}
          <p class="meta">
            <span>${a.email}</span> · <span class="state" data-state="${state}">${state}</span> ·
            <span>on the roster since ${localTime(a.created_at, zone)}</span>
            ${a.removed_at ? html` · <span>removed ${localTime(a.removed_at, zone)}</span>` : ''}
          </p>
          ${
            onRoster
              ? html`<form class="panel" method="post" action="${path}/edit">
                    <h2>Details</h2>
                    ${field(c, `${path}/edit`)} ${advocateFields(edit?.fields ?? fieldsOf(a), edit?.errors ?? {}, false, locked)}
                    <p><button type="submit">Save</button></p>
                  </form>
                  <div class="panel actions">
                    <h2>Mail</h2>
                    <form class="inline" method="post" action="${path}/${state === 'paused' ? 'resume' : 'pause'}">
                      ${field(c, `${path}/${state === 'paused' ? 'resume' : 'pause'}`)}
                      <button type="submit">${state === 'paused' ? 'Resume' : 'Pause'}</button>
                    </form>
                    <a class="button" href="${path}/preview">Preview their next digest</a>
                    <form class="inline" method="post" action="${path}/remove">
                      ${field(c, `${path}/remove`)}
                      <button type="submit" class="reject">Remove from the programme</button>
                    </form>
                  </div>`
              : html`<div class="panel">
                  <p>${state === 'erased' ? 'Their personal data was erased.' : 'Removed from the programme: kaiku sends them nothing.'}</p>
                  <p>${a.topics.join(', ') || 'all topics'} · ${a.networks.map((n) => NETWORK_NAMES[n]).join(', ') || 'no networks'}</p>
                </div>`
          }
          ${
            state === 'erased'
              ? ''
              : html`<div class="panel">
                  <h2>Their data (GDPR)</h2>
                  <form class="inline" method="post" action="${path}/export">
                    ${field(c, `${path}/export`)}
                    <button type="submit">Export their data as JSON</button>
                  </form>
                  <a class="button reject" href="${path}/erase">Erase…</a>
                </div>`
          }
          ${auditTrail(trail, zone)}
        </main>`,
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
    const form = readAdvocateForm(keepDirectoryFields(body, a, locked), a.email);
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
    const path = `/admin/advocates/${a.id}/erase`;
    const request = await deps.store.privacy.erasureRequest(String(a.id));
    const open = request?.state === 'requested';
    return layout(
      `Erase ${a.name}?`,
      html`${adminHeader(c, deps, 'advocates')}
        <main>
          <h1>Erase ${a.name}?</h1>
          <div class="panel">
            <p>
              kaiku removes <strong>${a.name}</strong> (${a.email}) for good: their name, address and settings, mail to and from them, and what their links
              recorded about visitors. Their shares and points stay in the programme’s totals under no name.
            </p>
            <p><strong>This cannot be undone.</strong> If they may want their data, export it first.</p>
            <form class="inline" method="post" action="${path}">
              ${field(c, path)}
              <button type="submit" class="reject">Erase for good</button>
            </form>
            <a class="button" href="/admin/advocates/${a.id}">Cancel</a>
          </div>
          ${
            open
              ? html`<div class="panel">
                  <h2>Or decline their request</h2>
                  <p>
                    They asked on ${localTime(request.requested_at, zone)}. Decline only where the law lets the organisation keep the data (GDPR art. 17(3));
                    they see your reason on their privacy page and may ask again.
                  </p>
                  <form method="post" action="${path}/decline">
                    ${field(c, `${path}/decline`)}
                    <label for="reason">Reason they are shown</label>
                    <textarea id="reason" name="reason" rows="3" ${decline.error ? html`aria-invalid="true" aria-describedby="reason-error"` : ''}>
${decline.reason}</textarea>
                    ${decline.error ? html`<p class="error" id="reason-error">${decline.error}</p>` : ''}
                    <p><button type="submit">Decline the request</button></p>
                  </form>
                </div>`
              : ''
          }
        </main>`,
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
    if (!reason || reason.length > 2000)
      return c.html(
        await erasePage(c, a, {
          reason,
          error: reason ? 'a reason has at most 2,000 characters' : 'give the reason they will read: the law that keeps their data',
        }),
        400,
      );
    const admin = c.get('admin').email;
    const declined = await auditedChange(deps.store, { actor: admin, entity: 'advocate', entityId: String(a.id), action: 'declined erasure' }, async (tx) => {
      // No open request: thrown, so the transaction writes no trail entry for a change that did not happen.
      if (!(await tx.privacy.declineErasure(String(a.id), admin, reason))) throw new NothingOpen();
      return { before: { erasure: 'requested' }, after: { erasure: 'declined', reason }, value: true };
    }).catch((error: unknown) => {
      if (error instanceof NothingOpen) return false;
      throw error;
    });
    if (!declined)
      return c.html(await erasePage(c, a, { reason, error: 'they have no open request to decline (decided meanwhile?); nothing was changed' }), 409);
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
    return c.html(
      layout(
        'Not changed',
        html`${adminHeader(c, deps, 'advocates')}
          <main>
            <div class="notice bad" role="alert">
              Nothing was changed: this advocate was ${a.erased_at ? 'erased' : 'removed from the programme'}.
              <a href="/admin/advocates/${a.id}">Back to their page</a>.
            </div>
          </main>`,
      ),
      409,
    );
  }
}

class AlreadyOnRoster extends Error {}

/** The add form's fields as typed (for drawing it again). */
function readAdvocateFormFields(body: Record<string, unknown>): AdvocateFields {
  const read = readAdvocateForm(body);
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
