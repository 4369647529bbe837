import { html } from 'hono/html';
import { consoleLanguage } from '../console/console-language.js';
import { CONSOLE_STRINGS, type ConsoleStrings } from '../console/console-strings.js';
import { durationText } from '../console/duration-text.js';
import type { ConsoleLanguage } from '../../db/queries/admin-languages.js';
import type { Context, Hono } from 'hono';
import type { Client } from '@temporalio/client';
import type { Logger } from 'pino';
import { KAIKU_SOURCE_IDS, type ConfiguredSource, type KaikuConfig } from '../../config/schema.js';
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
import { numberText } from '../console/number-text.js';

// The programme's sources in the console: kaiku.yaml's shown read-only ("set in kaiku.yaml"), the console's added,
// edited, paused and resumed, polled now and removed (its items stay), each change in the audit trail in the change's
// own transaction. After a change the poll Schedules are brought in line at once (scheduleSources), so the workers
// poll what the console says without a restart. "Test this feed" fetches a URL as a poll would and stores nothing.
// Every page, notice and refusal here speaks the admin's language (the catalogue's `source` and `sourceForm`
// sections, issue 17); the trail records each change in English, and what a poll stored (its last error) is shown
// as stored, in English, inside a sentence of the admin's language.

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

/** Said in English beside a change's notice when the change was stored but its poll Schedule has not followed yet. */
export const SCHEDULES_BEHIND = CONSOLE_STRINGS.en.source.schedulesBehind;

/** The words of a source's page and of its forms, in one language. */
type SourceWords = Pick<ConsoleStrings, 'locale' | 'source' | 'sourceForm' | 'sources' | 'items'>;
const wordsOf = (c: Context): SourceWords & { lang: ConsoleLanguage } => {
  const lang = consoleLanguage(c);
  return { ...CONSOLE_STRINGS[lang], lang };
};

export function addSourcePages(app: Hono<{ Variables: { admin: AdminSession } }>, deps: SourceDeps) {
  const log = deps.log.child({ component: 'admin-sources' });
  const field = (c: AdminContext, action: string) => formField(c, deps, action, c.get('admin').id);
  const zone = deps.config.program.timeZone;
  const kinds = deps.registry.kinds();
  const header = (c: AdminContext) => adminHeader(c, deps, 'sources');

  const notFound = (c: AdminContext) => {
    const { source: t, lang } = wordsOf(c);
    return c.html(
      layout(
        t.notFoundTitle,
        html`${header(c)}
          <main>
            <div class="notice bad" role="alert">${t.notFound[0]}<a href="/admin/sources">${t.notFound[1]}</a>${t.notFound[2]}</div>
          </main>`,
        lang,
      ),
      404,
    );
  };

  const postedForm = (c: AdminContext) => postedConsoleForm(c, deps, log);
  // A source's approvers may be any admin in effect, kaiku.yaml's or the console's.
  const withConsoleAdmins = async () => ({ sources: deps.config.sources, admins: (await deps.store.admins.inEffect(deps.config)).admins });

  async function rowOf(c: AdminContext): Promise<SourceRow | undefined> {
    const id = c.req.param('id');
    return id && !KAIKU_SOURCE_IDS.has(id) ? deps.store.sources.get(id) : undefined;
  }

  /**
   * Temporal, checked before anything is stored: a change the Schedules cannot follow is not made ("nothing was
   * changed" holds). Out of reach, it throws TemporalUnavailableError with `refusal`, the admin's words for it.
   */
  async function temporal(refusal: string): Promise<Client> {
    if (!deps.client) throw new Error('this kaiku server has no Temporal client: sources cannot be changed from it');
    await ensureTemporalReachable(deps.client, HTTP_TEMPORAL_DEADLINE.probeMs, refusal);
    return deps.client;
  }

  /** Temporal out of reach: the page again, with why nothing was done, in the admin's language (503, Retry-After 30). */
  function outOfReach(c: AdminContext, error: unknown, page: (refusal: string) => ReturnType<typeof layout>) {
    if (!(error instanceof TemporalUnavailableError)) throw error;
    log.warn({ err: error }, 'Temporal is out of reach; nothing was changed or polled; answered 503');
    c.header('retry-after', '30');
    return c.html(page(error.message), 503);
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

  function testResult(preview: SourcePreview | undefined, url: string, words: SourceWords & { lang: ConsoleLanguage }) {
    if (!preview) return '';
    const t = words.sourceForm;
    const warning = preview.ok ? t.warning(preview.skipped, preview.fetched, preview.warnings, preview.warning) : undefined;
    return html`<section class="panel test-result" aria-labelledby="test-heading">
      <h2 id="test-heading">${t.testHeading(url)}</h2>
      ${
        preview.ok
          ? html`<div class="notice ok" role="status">${t.created(preview.items.length, numberText(preview.items.length, words.lang), warning)}</div>
              <ol class="preview-items">
                ${preview.items.map(
                  (item) =>
                    html`<li>
                      <a href="${item.url}" rel="noreferrer">${item.title}</a>
                      ${item.publishedAt ? html` · ${localTime(item.publishedAt, zone, words.lang)}` : ''}
                    </li>`,
                )}
              </ol>`
          : html`<div class="notice bad" role="alert">${t.wouldRefuse(t.previewRefused(preview.refusal, preview.reason))}</div>`
      }
    </section>`;
  }

  function addPage(c: AdminContext, fields: SourceFields, errors: SourceErrors, preview?: SourcePreview, refusal?: string) {
    const words = wordsOf(c);
    const t = words.sourceForm;
    return layout(
      t.title,
      html`${header(c)}
        <main>
          <p><a href="/admin/sources">${words.source.back}</a></p>
          <h1>${t.title}</h1>
          ${Object.keys(errors).length ? html`<div class="notice bad" role="alert">${t.notAdded}</div>` : ''}
          ${refusal ? html`<div class="notice bad" role="alert" id="source-refused">${refusal}</div>` : ''} ${testResult(preview, fields.url, words)}
          <form class="panel" method="post" action="/admin/sources/new">
            ${field(c, '/admin/sources/new')} ${sourceFields(fields, errors, kinds, true, t)}
            <p>
              <button type="submit" name="intent" value="test">${t.test}</button>
              <button type="submit" name="intent" value="save" class="approve">${t.add}</button>
            </p>
          </form>
        </main>`,
      words.lang,
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
    const { sourceForm: words, source: t } = wordsOf(c);
    const form = readSourceForm(fields, { registry: deps.registry, config: await withConsoleAdmins(), enabled: true, taken: await takenIds() }, words);
    if (!form.ok) return c.html(addPage(c, form.fields, form.errors), 400);
    if (body['intent'] === 'test') return c.html(addPage(c, form.fields, {}, await test(form.source)));
    let client: Client;
    try {
      client = await temporal(t.temporalDown);
    } catch (error) {
      // The form again as written, with why it was not added: nothing is stored before Temporal answers.
      return outOfReach(c, error, (refusal) => addPage(c, form.fields, {}, undefined, refusal));
    }
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
      const english = `id "${id}" is already used by another source; every source needs its own id`;
      return c.html(addPage(c, form.fields, { id: words.refused({ reason: 'id used', id }, english) }), 409);
    }
    const schedules = await reschedule(client);
    log.info({ admin, sourceId: id, schedules }, 'source added in the console');
    return c.redirect(landing(id, 'added', schedules), 303);
  });

  function sourcePage(
    c: AdminContext,
    row: SourceRow,
    view: { trail: Trail; items: number; edit?: { fields: SourceFields; errors: SourceErrors }; preview?: SourcePreview; refusal?: string },
  ) {
    const words = wordsOf(c);
    const { source: t, lang } = words;
    const state = sourceState(row);
    const done = t.done[c.req.query('done') ?? ''];
    const path = `/admin/sources/${row.id}`;
    const entry = entryOf(row);
    const ours = row.origin === 'console' && row.active;
    const failed = view.edit && Object.keys(view.edit.errors).length > 0;
    const pollNow =
      state === 'active'
        ? html`<form class="inline" method="post" action="${path}/poll">
            ${field(c, `${path}/poll`)}
            <button type="submit">${t.pollNow}</button>
          </form>`
        : '';
    return layout(
      row.name,
      html`${header(c)}
        <main class="source-page">
          <p><a href="/admin/sources">${t.back}</a></p>
          <h1>${row.name}</h1>
          ${done ? html`<div class="notice ok" role="status">${done}</div>` : ''}
          ${done && c.req.query('schedules') === 'behind' ? html`<div class="notice" role="status" id="schedules-behind">${t.schedulesBehind}</div>` : ''}
          ${failed ? html`<div class="notice bad" role="alert">${t.failed}</div>` : ''}
          ${view.refusal ? html`<div class="notice bad" role="alert" id="source-refused">${view.refusal}</div>` : ''}
          <p class="meta">
            <code>${row.id}</code> · <span class="state" data-state="${state}">${words.sources.states[state] ?? state}</span> ·
            <span>${row.origin === 'config' ? t.setInConfig : t.addedInConsole}</span> ·
            <span class="health ${row.health}">${words.items.health[row.health]}</span> ·
            <span class="items-count">${t.items(view.items, numberText(view.items, words.lang))}</span> ·
            <span>${t.lastNew(timeAgo(row.last_changed_at, undefined, lang))}</span>
            ${row.removed_at ? html` · <span>${t.removed}${localTime(row.removed_at, zone, lang)}</span>` : ''}
          </p>
          ${row.last_error ? html`<div class="error">${t.lastError(row.last_error)}</div>` : ''}
          ${row.last_warning && row.health !== 'unhealthy' ? html`<div class="warning">${t.lastWarning(row.last_warning)}</div>` : ''}
          ${testResult(view.preview, view.edit?.fields.url ?? row.url, words)}
          ${
            ours
              ? html`<form class="panel" method="post" action="${path}/edit">
                    <h2>${t.settings}</h2>
                    ${field(c, `${path}/edit`)}
                    ${sourceFields(view.edit?.fields ?? fieldsOfSource(entry, consoleLanguage(c)), view.edit?.errors ?? {}, kinds, false, words.sourceForm)}
                    <p>
                      <button type="submit" name="intent" value="test">${words.sourceForm.test}</button>
                      <button type="submit" name="intent" value="save">${t.save}</button>
                    </p>
                  </form>
                  <div class="panel actions">
                    <h2>${t.polling}</h2>
                    <form class="inline" method="post" action="${path}/${state === 'paused' ? 'resume' : 'pause'}">
                      ${field(c, `${path}/${state === 'paused' ? 'resume' : 'pause'}`)}
                      <button type="submit">${state === 'paused' ? t.resume : t.pause}</button>
                    </form>
                    ${pollNow}
                    <form class="inline" method="post" action="${path}/remove">
                      ${field(c, `${path}/remove`)}
                      <button type="submit" class="reject">${t.remove}</button>
                    </form>
                  </div>`
              : html`<div class="panel read-only">
                  <h2>${t.settings}</h2>
                  <p>${row.origin === 'config' ? html`<strong>${t.readOnlyConfig[0]}</strong>${t.readOnlyConfig[1]}` : html`${t.readOnlyRemoved}`}</p>
                  ${settingsList(entry, t, lang)} ${row.origin === 'config' ? pollNow : ''}
                </div>`
          }
          ${auditTrail(view.trail, zone, { language: lang })}
        </main>`,
      lang,
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
    const { sourceForm: words, source: t } = wordsOf(c);
    const form = readSourceForm(fields, { registry: deps.registry, config: await withConsoleAdmins(), enabled: before.settings.enabled }, words);
    if (!form.ok) return c.html(sourcePage(c, row, { ...(await view(row)), edit: form }), 400);
    if (body['intent'] === 'test')
      return c.html(sourcePage(c, row, { ...(await view(row)), edit: { fields: form.fields, errors: {} }, preview: await test(form.source) }));
    let client: Client;
    try {
      client = await temporal(t.temporalDown);
    } catch (error) {
      const shown = await view(row);
      return outOfReach(c, error, (refusal) => sourcePage(c, row, { ...shown, edit: { fields: form.fields, errors: {} }, refusal }));
    }
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
      let client: Client;
      try {
        client = await temporal(wordsOf(c).source.temporalDown);
      } catch (error) {
        const shown = await view(row);
        return outOfReach(c, error, (refusal) => sourcePage(c, row, { ...shown, refusal }));
      }
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
    const t = wordsOf(c).source;
    try {
      const client = await temporal(t.temporalDown);
      // In line first (a Schedule a worker never made is made), then the trigger.
      if ((await reschedule(client)) === 'behind') throw new TemporalUnavailableError(false, undefined, t.pollNotNow);
      await withTemporalDeadline(client, HTTP_TEMPORAL_DEADLINE.callMs, () =>
        client.schedule.getHandle(pollScheduleId(deps.config.temporal.taskQueue, row.id)).trigger(),
      );
    } catch (error) {
      const shown = await view(row);
      // The trigger itself ran out of time ('unknown'): the poll may still start.
      const said = (refusal: string) => (error instanceof TemporalUnavailableError && error.changed === 'unknown' ? t.pollUnknown : refusal);
      return outOfReach(c, error, (refusal) => sourcePage(c, row, { ...shown, refusal: said(refusal) }));
    }
    log.info({ admin: c.get('admin').email, sourceId: row.id }, 'source polled now from the console');
    return c.redirect(`/admin/sources/${row.id}?done=polled`, 303);
  });

  function readOnly(c: AdminContext, row: SourceRow) {
    const state = sourceState(row);
    const { source: t, lang } = wordsOf(c);
    return c.html(
      layout(
        t.notChangedTitle,
        html`${header(c)}
          <main>
            <div class="notice bad" role="alert">
              ${t.notChanged(row.origin === 'config' && row.active ? 'config' : state === 'paused' ? 'paused' : 'gone')}
              <a href="/admin/sources/${row.id}">${t.backToIt}</a>.
            </div>
          </main>`,
        lang,
      ),
      409,
    );
  }
}

class IdTaken extends Error {}

/** A source's settings, read-only (kaiku.yaml's, or a removed one's), in the admin's language. */
function settingsList(entry: ConfiguredSource, t: ConsoleStrings['source'], lang: ConsoleLanguage) {
  const s = entry.settings;
  const term = t.terms;
  const rows: [string, string][] = [
    [term.kind, s.kind],
    [term.url, s.url],
    [term.topics, s.topics.join(', ') || '—'],
    [term.language, s.language ?? '—'],
    [term.pollEvery, durationText(s.pollEveryMs, lang)],
    [term.approvers, s.approvers.join(', ') || t.everyAdmin],
    [term.contentType, s.contentType ?? s.kind],
    [term.priority, String(s.priority)],
    [term.enabled, t.enabled(s.enabled)],
  ];
  return html`<dl class="settings">
    ${rows.map(
      ([term, value]) =>
        html`<dt>${term}</dt>
          <dd>${value}</dd>`,
    )}
  </dl>`;
}
