import { html } from 'hono/html';
import { consoleLanguage } from '../console/console-language.js';
import { CONSOLE_STRINGS } from '../console/console-strings.js';
import type { Context, Hono } from 'hono';
import type { Client } from '@temporalio/client';
import type { Logger } from 'pino';
import { KAIKU_SOURCE_IDS, type ConfiguredSource, type KaikuConfig } from '../../config/schema.js';
import { formatDuration } from '../../config/units.js';
import type { SourceRow } from '../../db/schema.js';
import type { Store } from '../../db/store.js';
import type { SourceRegistry } from '../../activities/sources/registry.js';
import { previewSource, type SourcePreview } from '../../activities/preview-source.js';
import { programmeTopicsOf } from '../../activities/normalize-item.js';
import { createSourceClients } from '../../integrations/http/source-clients.js';
import { ensureTemporalReachable, HTTP_TEMPORAL_DEADLINE, TemporalUnavailableError, withTemporalDeadline } from '../../integrations/temporal/deadline.js';
import { pollScheduleId } from '../../integrations/temporal/schedules.js';
import { scheduleFollower, type ScheduleFollower } from '../../integrations/temporal/source-schedules.js';
import type { Secret } from '../../rules/tokens/secret.js';
import type { AdminSession } from '../session.js';
import type { HealthChecks } from '../health-checks.js';
import { formField, postedConsoleForm } from '../form-guard.js';
import { layout, timeAgo } from '../pages/layout.js';
import { localTime } from '../pages/local-time.js';
import { adminHeader } from '../pages/admin-header.js';
import { auditTrail, loadTrail, type Trail } from '../pages/audit-trail.js';
import { auditedChange } from '../console/audited-change.js';
import { fieldsOfSource, readSourceForm, recordedSource, sourceFields, sourceFieldsOf, type SourceErrors, type SourceFields } from '../console/source-form.js';

// The programme's sources in the console: kaiku.yaml's shown read-only ("set in kaiku.yaml"), the console's added,
// edited, paused and resumed, polled now and removed (its items stay), each change in the audit trail in the change's
// own transaction. After a change the poll Schedules are brought in line at once (scheduleSources), so the workers
// poll what the console says without a restart. "Test this feed" fetches a URL as a poll would and stores nothing.

type AdminContext = Context<{ Variables: { admin: AdminSession } }>;
export interface SourceDeps {
  store: Store;
  config: KaikuConfig;
  secret: Secret;
  log: Logger;
  /** The poll Schedules are changed through it; without it a change is refused with nothing stored. */
  client?: Client | undefined;
  /** The kinds a source may be (the config's, with its sourceModules). */
  registry: SourceRegistry;
  health?: HealthChecks | undefined;
}

type SourceState = 'active' | 'paused' | 'removed' | 'gone from kaiku.yaml';

/** The entry a row holds (what the fetch activity polls by). */
const entryOf = (row: SourceRow) => row.settings as unknown as ConfiguredSource;

/** Where a source stands, in a word the page and the trail both use. */
export function sourceState(row: SourceRow): SourceState {
  if (row.removed_at) return 'removed';
  if (!row.active) return 'gone from kaiku.yaml';
  return entryOf(row).settings?.enabled === false ? 'paused' : 'active';
}

const DONE: Record<string, string> = {
  added: 'Added. kaiku polls it now and then at its interval; its items wait for approval as any other.',
  edited: 'Saved. The next poll reads it as it is now.',
  paused: 'Paused: kaiku does not poll it until you resume it. Its items stay.',
  resumed: 'Resumed: kaiku polls it now and then at its interval.',
  removed: 'Removed: kaiku polls it no more. Its items stay, and still name it.',
  polled: 'Polling now: new items appear here and on the items page in a moment.',
};

/** Said beside DONE's words when the change was stored but its poll Schedule has not followed yet. */
export const SCHEDULES_BEHIND =
  'Temporal, which polls the sources, did not answer just after the change was saved: the change is kept, and kaiku brings the source’s polling in line as soon as Temporal answers (it tries every 15 seconds).';
const POLL_NOT_NOW = 'kaiku cannot reach Temporal, which polls the sources, for a moment; nothing was polled; try again in a minute.';

export function addSourcePages(app: Hono<{ Variables: { admin: AdminSession } }>, deps: SourceDeps) {
  const log = deps.log.child({ component: 'admin-sources' });
  const field = (c: AdminContext, action: string) => formField(c, deps, action, c.get('admin').id);
  const zone = deps.config.program.timeZone;
  const kinds = deps.registry.kinds();
  const header = (c: AdminContext) => adminHeader(c, deps, 'sources');

  const notFound = (c: AdminContext) =>
    c.html(
      layout(
        'No such source',
        html`${header(c)}
          <main>
            <div class="notice bad" role="alert">There is no such source. <a href="/admin/sources">Back to the sources</a>.</div>
          </main>`,
      ),
      404,
    );

  const postedForm = (c: AdminContext) => postedConsoleForm(c, deps, log);
  // A source's approvers may be any admin in effect, kaiku.yaml's or the console's.
  const withConsoleAdmins = async () => ({ sources: deps.config.sources, admins: (await deps.store.admins.inEffect(deps.config)).admins });

  async function rowOf(c: AdminContext): Promise<SourceRow | undefined> {
    const id = c.req.param('id');
    return id && !KAIKU_SOURCE_IDS.has(id) ? deps.store.sources.get(id) : undefined;
  }

  /** Temporal, checked before anything is stored: a change the Schedules cannot follow is not made ("nothing was changed" holds). */
  async function temporal(): Promise<Client> {
    if (!deps.client) throw new Error('this kaiku server has no Temporal client: sources cannot be changed from it');
    await ensureTemporalReachable(
      deps.client,
      HTTP_TEMPORAL_DEADLINE.probeMs,
      'kaiku cannot reach Temporal, which polls the sources, for a moment; nothing was changed; try again in a minute.',
    );
    return deps.client;
  }

  let follower: ScheduleFollower | undefined;
  /**
   * The poll Schedules brought in line with the store, as a worker's start does; `pollNow` polled at once.
   * 'behind' when Temporal stopped answering after the change was stored: the change holds, they follow later.
   */
  function reschedule(client: Client, pollNow: readonly string[] = []): Promise<'in line' | 'behind'> {
    follower ??= scheduleFollower({ config: deps.config, store: deps.store, client, log });
    return follower.follow(pollNow);
  }
  /** Where a change lands: its source's page, saying so, and saying when its Schedule follows later. */
  const landing = (id: string, done: string, schedules: 'in line' | 'behind') =>
    `/admin/sources/${id}?done=${done}${schedules === 'behind' ? '&schedules=behind' : ''}`;

  /** One fetch of the form's source through the poll's guarded client, nothing stored. */
  async function test(source: ConfiguredSource): Promise<SourcePreview> {
    const http = createSourceClients(deps.config);
    try {
      const programmeTopics = programmeTopicsOf({ sources: await deps.store.sources.inEffect(deps.config.sources), slack: deps.config.slack });
      return await previewSource({ registry: deps.registry, http, log, programmeTopics }, source);
    } finally {
      await http.close();
    }
  }

  /** Who holds an id already (a row of any origin, removed ones too: their items still name them). */
  async function takenIds(): Promise<(id: string) => string | undefined> {
    const rows = new Map((await deps.store.sources.list()).map((row) => [row.id, row.name]));
    return (id) => rows.get(id);
  }

  /**
   * `GET /admin/sources`: every source, kaiku.yaml's and the console's, with its health, latest news and item count.
   *
   * @example
   * GET /admin/sources → a table: City news · feed · https://www.vantaa.fi/fi/rss.xml · healthy · 12 items · set in kaiku.yaml
   */
  app.get('/sources', async (c) => {
    const [rows, counts] = await Promise.all([deps.store.sources.list(), deps.store.sources.itemCounts()]);
    const sources = rows.filter((row) => !KAIKU_SOURCE_IDS.has(row.id));
    const lang = consoleLanguage(c);
    const t = CONSOLE_STRINGS[lang].sources;
    const health = CONSOLE_STRINGS[lang].items.health;
    return c.html(
      layout(
        t.title,
        html`${header(c)}
          <main>
            <h1>${t.heading(sources.filter((s) => s.active).length)}</h1>
            <p class="actions"><a class="button" href="/admin/sources/new">${t.add}</a></p>
            ${
              sources.length === 0
                ? html`<div class="empty">${t.none[0]}<code>sources:</code>${t.none[1]}</div>`
                : html`<div class="table-scroll" tabindex="0">
                    <table class="sources">
                      <thead>
                        <tr>
                          <th>${t.columns.name}</th>
                          <th>${t.columns.kind}</th>
                          <th>${t.columns.url}</th>
                          <th>${t.columns.health}</th>
                          <th>${t.columns.lastNew}</th>
                          <th>${t.columns.items}</th>
                          <th>${t.columns.setIn}</th>
                          <th>${t.columns.state}</th>
                        </tr>
                      </thead>
                      <tbody>
                        ${sources.map((row) => {
                          const state = sourceState(row);
                          return html`<tr data-source-id="${row.id}" data-origin="${row.origin}" data-state="${state}">
                            <td>
                              <a href="/admin/sources/${row.id}">${row.name}</a><br /><small><code>${row.id}</code></small>
                            </td>
                            <td>${row.kind}</td>
                            <td class="url">${row.url}</td>
                            <td>
                              <span class="health ${row.health}">${health[row.health]}</span>
                              ${row.last_error ? html`<div class="error">${row.last_error}</div>` : ''}
                            </td>
                            <td>${timeAgo(row.last_changed_at, undefined, lang)}</td>
                            <td class="count">${counts.get(row.id) ?? 0}</td>
                            <td>${row.origin === 'config' ? t.setInConfig : t.setInConsole}</td>
                            <td>${t.states[state] ?? state}</td>
                          </tr>`;
                        })}
                      </tbody>
                    </table>
                  </div>`
            }
          </main>`,
        lang,
      ),
    );
  });

  function testResult(preview: SourcePreview | undefined, url: string) {
    if (!preview) return '';
    return html`<section class="panel test-result" aria-labelledby="test-heading">
      <h2 id="test-heading">Test of ${url}</h2>
      ${
        preview.ok
          ? html`<div class="notice ok" role="status">
                kaiku would create ${preview.items.length} ${preview.items.length === 1 ? 'item' : 'items'} from
                it${preview.warning ? html` (${preview.warning})` : ''}. Nothing was stored.
              </div>
              <ol class="preview-items">
                ${preview.items.map(
                  (item) =>
                    html`<li>
                      <a href="${item.url}" rel="noreferrer">${item.title}</a>
                      ${item.publishedAt ? html` · ${localTime(item.publishedAt, zone)}` : ''}
                    </li>`,
                )}
              </ol>`
          : html`<div class="notice bad" role="alert">kaiku would refuse this source: ${preview.reason}. Nothing was stored.</div>`
      }
    </section>`;
  }

  function addPage(c: AdminContext, fields: SourceFields, errors: SourceErrors, preview?: SourcePreview) {
    return layout(
      'Add a source',
      html`${header(c)}
        <main>
          <p><a href="/admin/sources">← Sources</a></p>
          <h1>Add a source</h1>
          ${
            Object.keys(errors).length
              ? html`<div class="notice bad" role="alert">Nothing was added: correct the fields marked below and send the form again.</div>`
              : ''
          }
          ${testResult(preview, fields.url)}
          <form class="panel" method="post" action="/admin/sources/new">
            ${field(c, '/admin/sources/new')} ${sourceFields(fields, errors, kinds, true)}
            <p>
              <button type="submit" name="intent" value="test">Test this feed</button>
              <button type="submit" name="intent" value="save" class="approve">Add the source</button>
            </p>
          </form>
        </main>`,
    );
  }

  /** `GET /admin/sources/new`: the form that adds a source (`POST /admin/sources/new`; `intent=test` tests it instead). */
  app.get('/sources/new', (c) =>
    c.html(
      addPage(
        c,
        {
          id: '',
          name: '',
          kind: kinds[0] ?? 'feed',
          url: '',
          topics: '',
          language: '',
          pollEvery: '15 minutes',
          approvers: '',
          contentType: '',
          priority: '5',
          options: '',
        },
        {},
      ),
    ),
  );

  /**
   * `POST /admin/sources/new`: adds a console source, or with `intent=test` fetches it and shows what it would create.
   *
   * @example
   * POST /admin/sources/new  _csrf=…&id=jobs&kind=feed&url=https://www.vantaa.fi/fi/jobs.xml&topics=jobs&pollEvery=1+hour&intent=save
   * → 303 /admin/sources/jobs?done=added
   */
  app.post('/sources/new', async (c) => {
    const body = await postedForm(c);
    if (body instanceof Response) return body;
    const fields = sourceFieldsOf(body);
    const form = readSourceForm(fields, { registry: deps.registry, config: await withConsoleAdmins(), enabled: true, taken: await takenIds() });
    if (!form.ok) return c.html(addPage(c, form.fields, form.errors), 400);
    if (body['intent'] === 'test') return c.html(addPage(c, form.fields, {}, await test(form.source)));
    const client = await temporal();
    const admin = c.get('admin').email;
    const id = form.source.settings.id;
    const added = await auditedChange(deps.store, { actor: admin, entity: 'source', entityId: id, action: 'added' }, async (tx) => {
      const row = await tx.sources.addConsole(form.source);
      if (!row) throw new IdTaken();
      return { before: null, after: { id, ...recordedSource(form.source) }, value: row };
    }).catch((error: unknown) => {
      if (error instanceof IdTaken) return undefined;
      throw error;
    });
    if (!added) {
      // Another admin took the id between the check and the insert.
      return c.html(addPage(c, form.fields, { id: `id "${id}" is already used by another source; every source needs its own id` }), 409);
    }
    const schedules = await reschedule(client);
    log.info({ admin, sourceId: id, schedules }, 'source added in the console');
    return c.redirect(landing(id, 'added', schedules), 303);
  });

  function sourcePage(
    c: AdminContext,
    row: SourceRow,
    view: { trail: Trail; items: number; edit?: { fields: SourceFields; errors: SourceErrors }; preview?: SourcePreview },
  ) {
    const state = sourceState(row);
    const done = DONE[c.req.query('done') ?? ''];
    const path = `/admin/sources/${row.id}`;
    const entry = entryOf(row);
    const ours = row.origin === 'console' && row.active;
    const failed = view.edit && Object.keys(view.edit.errors).length > 0;
    const pollNow =
      state === 'active'
        ? html`<form class="inline" method="post" action="${path}/poll">
            ${field(c, `${path}/poll`)}
            <button type="submit">Poll now</button>
          </form>`
        : '';
    return layout(
      row.name,
      html`${header(c)}
        <main class="source-page">
          <p><a href="/admin/sources">← Sources</a></p>
          <h1>${row.name}</h1>
          ${done ? html`<div class="notice ok" role="status">${done}</div>` : ''}
          ${done && c.req.query('schedules') === 'behind' ? html`<div class="notice" role="status" id="schedules-behind">${SCHEDULES_BEHIND}</div>` : ''}
          ${failed ? html`<div class="notice bad" role="alert">Nothing was saved: correct the fields marked below and save again.</div>` : ''}
          <p class="meta">
            <code>${row.id}</code> · <span class="state" data-state="${state}">${state}</span> ·
            <span>${row.origin === 'config' ? 'set in kaiku.yaml' : 'added in the console'}</span> ·
            <span class="health ${row.health}">${row.health === 'pending' ? 'not polled yet' : row.health}</span> ·
            <span class="items-count">${view.items} ${view.items === 1 ? 'item' : 'items'}</span> · <span>last new items ${timeAgo(row.last_changed_at)}</span>
            ${row.removed_at ? html` · <span>removed ${localTime(row.removed_at, zone)}</span>` : ''}
          </p>
          ${row.last_error ? html`<div class="error">${row.last_error}</div>` : ''}
          ${row.last_warning && row.health !== 'unhealthy' ? html`<div class="warning">${row.last_warning}</div>` : ''}
          ${testResult(view.preview, view.edit?.fields.url ?? row.url)}
          ${
            ours
              ? html`<form class="panel" method="post" action="${path}/edit">
                    <h2>Settings</h2>
                    ${field(c, `${path}/edit`)} ${sourceFields(view.edit?.fields ?? fieldsOfSource(entry), view.edit?.errors ?? {}, kinds, false)}
                    <p>
                      <button type="submit" name="intent" value="test">Test this feed</button>
                      <button type="submit" name="intent" value="save">Save</button>
                    </p>
                  </form>
                  <div class="panel actions">
                    <h2>Polling</h2>
                    <form class="inline" method="post" action="${path}/${state === 'paused' ? 'resume' : 'pause'}">
                      ${field(c, `${path}/${state === 'paused' ? 'resume' : 'pause'}`)}
                      <button type="submit">${state === 'paused' ? 'Resume' : 'Pause'}</button>
                    </form>
                    ${pollNow}
                    <form class="inline" method="post" action="${path}/remove">
                      ${field(c, `${path}/remove`)}
                      <button type="submit" class="reject">Remove (its items stay)</button>
                    </form>
                  </div>`
              : html`<div class="panel read-only">
                  <h2>Settings</h2>
                  <p>
                    ${
                      row.origin === 'config'
                        ? html`<strong>Set in kaiku.yaml</strong>: change it there (read-only in the console).`
                        : html`Removed from the programme: kaiku polls it no more; its items stay.`
                    }
                  </p>
                  ${settingsList(entry)} ${row.origin === 'config' ? pollNow : ''}
                </div>`
          }
          ${auditTrail(view.trail, zone)}
        </main>`,
    );
  }

  async function view(row: SourceRow) {
    const [trail, counts] = await Promise.all([loadTrail(deps, 'source', row.id), deps.store.sources.itemCounts()]);
    return { trail, items: counts.get(row.id) ?? 0 };
  }

  /** `GET /admin/sources/<id>`: one source, its settings (to edit when the console's), pause, poll now, remove, and the trail. */
  app.get('/sources/:id{[a-z0-9][a-z0-9-]{0,62}}', async (c) => {
    const row = await rowOf(c);
    if (!row) return notFound(c);
    return c.html(sourcePage(c, row, await view(row)));
  });

  /**
   * `POST /admin/sources/<id>/edit`: saves a console source's settings, or with `intent=test` tests them unsaved.
   *
   * @example
   * POST /admin/sources/jobs/edit  _csrf=…&kind=feed&url=https://www.vantaa.fi/fi/jobs.xml&topics=jobs,summer&pollEvery=1+hour&intent=save
   * → 303 /admin/sources/jobs?done=edited
   */
  app.post('/sources/:id{[a-z0-9][a-z0-9-]{0,62}}/edit', async (c) => {
    const body = await postedForm(c);
    if (body instanceof Response) return body;
    const row = await rowOf(c);
    if (!row) return notFound(c);
    if (row.origin !== 'console' || !row.active) return readOnly(c, row);
    const before = entryOf(row);
    const fields = sourceFieldsOf(body, row.id);
    const form = readSourceForm(fields, { registry: deps.registry, config: await withConsoleAdmins(), enabled: before.settings.enabled });
    if (!form.ok) return c.html(sourcePage(c, row, { ...(await view(row)), edit: form }), 400);
    if (body['intent'] === 'test')
      return c.html(sourcePage(c, row, { ...(await view(row)), edit: { fields: form.fields, errors: {} }, preview: await test(form.source) }));
    const client = await temporal();
    const admin = c.get('admin').email;
    const { moved } = await auditedChange(deps.store, { actor: admin, entity: 'source', entityId: row.id, action: 'edited' }, async (tx) => ({
      before: recordedSource(before),
      after: recordedSource(form.source),
      value: await tx.sources.editConsole(row.id, form.source),
    }));
    const schedules = await reschedule(client, moved ? [row.id] : []);
    log.info({ admin, sourceId: row.id, moved, schedules }, 'source edited in the console');
    return c.redirect(landing(row.id, 'edited', schedules), 303);
  });

  /** `POST /admin/sources/<id>/pause`, `…/resume`, `…/remove`: a console source's polling paused, resumed, or ended (its items stay). */
  for (const [action, done] of [
    ['pause', 'paused'],
    ['resume', 'resumed'],
    ['remove', 'removed'],
  ] as const) {
    app.post(`/sources/:id{[a-z0-9][a-z0-9-]{0,62}}/${action}`, async (c) => {
      const body = await postedForm(c);
      if (body instanceof Response) return body;
      const row = await rowOf(c);
      if (!row) return notFound(c);
      if (row.origin !== 'console' || !row.active) return readOnly(c, row);
      const client = await temporal();
      const admin = c.get('admin').email;
      const entry = entryOf(row);
      await auditedChange(deps.store, { actor: admin, entity: 'source', entityId: row.id, action: done }, async (tx) => {
        if (action === 'remove') await tx.sources.removeConsole(row.id);
        else await tx.sources.editConsole(row.id, { ...entry, settings: { ...entry.settings, enabled: action === 'resume' } });
        const after = (await tx.sources.get(row.id))!;
        return { before: { state: sourceState(row) }, after: { state: sourceState(after) }, value: undefined };
      });
      // A resumed source is polled at once (reconcile triggers a Schedule it unpauses); a removed one's Schedule is deleted.
      const schedules = await reschedule(client);
      log.info({ admin, sourceId: row.id, action: done, schedules }, 'source changed in the console');
      return c.redirect(landing(row.id, done, schedules), 303);
    });
  }

  /**
   * `POST /admin/sources/<id>/poll`: "Poll now": triggers the source's Schedule (its poll workflow starts at once;
   * a poll already running is not doubled). Changes no setting, so it is logged, not put in the trail.
   */
  app.post('/sources/:id{[a-z0-9][a-z0-9-]{0,62}}/poll', async (c) => {
    const body = await postedForm(c);
    if (body instanceof Response) return body;
    const row = await rowOf(c);
    if (!row) return notFound(c);
    if (sourceState(row) !== 'active') return readOnly(c, row);
    const client = await temporal();
    // In line first (a Schedule a worker never made is made), then the trigger.
    if ((await reschedule(client)) === 'behind') throw new TemporalUnavailableError(false, undefined, POLL_NOT_NOW);
    await withTemporalDeadline(client, HTTP_TEMPORAL_DEADLINE.callMs, () =>
      client.schedule.getHandle(pollScheduleId(deps.config.temporal.taskQueue, row.id)).trigger(),
    );
    log.info({ admin: c.get('admin').email, sourceId: row.id }, 'source polled now from the console');
    return c.redirect(`/admin/sources/${row.id}?done=polled`, 303);
  });

  function readOnly(c: AdminContext, row: SourceRow) {
    const state = sourceState(row);
    return c.html(
      layout(
        'Not changed',
        html`${header(c)}
          <main>
            <div class="notice bad" role="alert">
              Nothing was changed:
              ${
                row.origin === 'config' && row.active
                  ? html`this source is set in kaiku.yaml; change it there.`
                  : html`this source is ${state === 'paused' ? 'paused' : 'no longer polled'}.`
              }
              <a href="/admin/sources/${row.id}">Back to its page</a>.
            </div>
          </main>`,
      ),
      409,
    );
  }
}

class IdTaken extends Error {}

/** A source's settings, read-only (kaiku.yaml's, or a removed one's). */
function settingsList(entry: ConfiguredSource) {
  const s = entry.settings;
  const rows: [string, string][] = [
    ['Kind', s.kind],
    ['URL', s.url],
    ['Topics', s.topics.join(', ') || '—'],
    ['Language', s.language ?? '—'],
    ['Poll every', formatDuration(s.pollEveryMs)],
    ['Approvers', s.approvers.join(', ') || 'every admin'],
    ['Content type', s.contentType ?? s.kind],
    ['Priority', String(s.priority)],
    ['Enabled', s.enabled ? 'yes' : 'no (enabled: false)'],
  ];
  return html`<dl class="settings">
    ${rows.map(
      ([term, value]) =>
        html`<dt>${term}</dt>
          <dd>${value}</dd>`,
    )}
  </dl>`;
}
