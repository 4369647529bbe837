import { html } from 'hono/html';
import type { Context, Hono } from 'hono';
import type { Store } from '../../db/store.js';
import type { ApprovalEventRow, ItemRow, SourceRow } from '../../db/schema.js';
import { ITEM_SORTS, type ItemSort } from '../../db/queries/items.js';
import { PageCursorError } from '../../db/queries/list-page.js';
import type { ItemReach } from '../../db/queries/analytics.js';
import type { ItemState } from '../../model/item.js';
import { KAIKU_SOURCE_IDS, type KaikuConfig } from '../../config/schema.js';
import { formatDuration } from '../../config/units.js';
import { NETWORKS, NETWORK_NAMES } from '../../rules/captions/caption-limits.js';
import type { Secret } from '../../rules/tokens/secret.js';
import { layout, timeAgo } from '../pages/layout.js';
import { decisionForm } from '../pages/decision-form.js';
import { adminHeader } from '../pages/admin-header.js';
import { listSearch, pageRequest, pager } from '../pages/pager.js';
import { formField } from '../form-guard.js';
import { localTime } from '../pages/local-time.js';
import { approversOf, authorOf, sourceApprovers } from '../../rules/approvals/approvers.js';
import type { AdminRoster } from '../../model/admin.js';
import type { Network } from '../../model/item.js';
import { proposedNote } from '../console/compose-form.js';
import { auditTrail, loadTrail } from '../pages/audit-trail.js';
import { scheduleControls, scheduleLine, type ScheduleProblem } from '../console/item-schedule-form.js';
import type { AdminSession } from '../session.js';
import type { ConsoleLanguage } from '../../db/queries/admin-languages.js';
import { consoleLanguage } from '../console/console-language.js';
import { CONSOLE_STRINGS, type ConsoleStrings } from '../console/console-strings.js';
import { numberText } from '../console/number-text.js';

// The items on the admin page: every state a page at a time (searched and sorted), each with its decision trail
// and, while it waits, the decision form; the health of every source; and one item's page: its content, its
// captions, its trail and where it went (digests, shares, clicks).

type AdminContext = Context<{ Variables: { admin: AdminSession } }>;
export interface ItemDeps {
  store: Store;
  config: KaikuConfig;
  secret: Secret;
}

const STATES: readonly ItemState[] = ['pending', 'approved', 'rejected', 'expired'];
const SORT_LABELS = (t: ConsoleStrings): Record<ItemSort, string> => t.items.sorts;

const PAGE_SIZE = 50;

export function addItemPages(app: Hono<{ Variables: { admin: AdminSession } }>, deps: ItemDeps) {
  /**
   * `GET /admin?state=approved&q=library&sort=decided`: the items in one state (waiting for approval unless
   * asked), 50 a page (`after=`/`before=` a cursor from the pager, or `page=last`), and the sources.
   */
  app.get('/', async (c) => {
    const lang = consoleLanguage(c);
    const t = CONSOLE_STRINGS[lang];
    const state = STATES.find((s) => s === c.req.query('state')) ?? 'pending';
    const sort = ITEM_SORTS.find((s) => s === c.req.query('sort')) ?? 'found';
    const search = (c.req.query('q') ?? '').trim().slice(0, 200);
    const params = { state, q: search || undefined, sort: sort === 'found' ? undefined : sort };
    let page;
    try {
      page = await deps.store.items.page({ state, search, sort, ...pageRequest((name) => c.req.query(name), PAGE_SIZE) });
    } catch (error) {
      if (error instanceof PageCursorError) return badPageLink(c, deps, `/admin?state=${state}`);
      throw error;
    }
    const items = page.rows;
    const [counts, allSources, carriedBy, trails, roster] = await Promise.all([
      deps.store.items.countByState(),
      deps.store.sources.list(),
      deps.store.items.sourcesOf(items.map((item) => item.id)),
      deps.store.approvals.trails(items.map((item) => item.id)),
      deps.store.admins.inEffect(deps.config),
    ]);
    // The suggestions source is kaiku's own, never polled: not a row of the sources table.
    const sources = allSources.filter((source) => !KAIKU_SOURCE_IDS.has(source.id));
    const sourceNames = new Map(allSources.map((source) => [source.id, source.name]));
    const names = new Map(roster.admins.map((a) => [a.email, a.name]));
    const label = t.items.states[state];

    const body = html`${adminHeader(c, deps, 'items')}
      <main>
        <nav class="tabs" aria-label="${t.items.byState}">
          ${STATES.map(
            (s) => html`<a href="/admin?state=${s}" class="${s === state ? 'current' : ''}">${t.items.states[s]}<span class="count">${counts[s]}</span></a>`,
          )}
        </nav>
        <h2>${label} (${counts[state]})</h2>
        ${listSearch({
          path: '/admin',
          label: t.items.searchLabel,
          search,
          sort,
          sorts: ITEM_SORTS.map((s) => [s, SORT_LABELS(t)[s]] as const),
          hidden: { state },
          language: lang,
        })}
        ${pager(page, '/admin', params, t.items.noun, lang)}
        ${
          items.length === 0
            ? html`<div class="empty">${search ? t.items.noMatch(label, search) : t.items.none[state]}</div>`
            : html`<div class="items">
                ${items.map((item) =>
                  itemCard(
                    c,
                    deps,
                    who(c, deps.config, roster, item, allSources, carriedBy.get(item.id) ?? [item.source_id], trails.get(item.id) ?? []),
                    item,
                    (carriedBy.get(item.id) ?? [item.source_id]).map((id) => sourceNames.get(id) ?? id),
                    trails.get(item.id) ?? [],
                    names,
                    lang,
                  ),
                )}
              </div>`
        }
        ${items.length > 0 ? pager(page, '/admin', params, t.items.noun, lang) : ''}
        <h2 id="sources">${t.items.sources(sources.filter((s) => s.active).length)}</h2>
        ${sourcesTable(sources, lang)}
      </main>`;
    return c.html(layout(label, body, lang));
  });

  /** `GET /admin/items/<id>`: one item's content, captions per network, schedule, decision trail, changes, and where it went. */
  app.get('/items/:id', async (c) => {
    const item = await deps.store.items.get(c.req.param('id'));
    if (!item) return itemNotFound(c, deps);
    const done = c.req.query('done') ?? '';
    // After "Compose a post": the networks whose limit the author's caption exceeded (named in the redirect, checked here).
    const proposed = (c.req.query('proposed') ?? '').split(',').filter((n): n is Network => (NETWORKS as readonly string[]).includes(n));
    // What the item page says after a change in the console (`?done=`).
    const words = CONSOLE_STRINGS[consoleLanguage(c)];
    const DONE = words.item.done;
    return c.html(await itemPage(c, deps, item, { done: done === 'composed' ? `${DONE.composed}${proposedNote(proposed, words.compose)}` : DONE[done] }));
  });
}

/** The 404 page of an item id that is not one. */
export function itemNotFound(c: AdminContext, deps: ItemDeps) {
  const lang = consoleLanguage(c);
  const t = CONSOLE_STRINGS[lang].items;
  return c.html(
    layout(
      t.notFoundTitle,
      html`${adminHeader(c, deps, 'items')}
        <main>
          <div class="notice bad" role="alert">${t.notFound(c.req.param('id') ?? '')} <a href="/admin">${t.backToItems}</a>.</div>
        </main>`,
      lang,
    ),
    404,
  );
}

/** Whether the signed-in admin may decide (pending) or schedule, pin and retract (approved) the item: its deciders, or who decided it. */
export async function mayChangeItem(c: AdminContext, deps: ItemDeps, item: ItemRow): Promise<Deciders> {
  const [carriedBy, trails, sources, roster] = await Promise.all([
    deps.store.items.sourcesOf([item.id]),
    deps.store.approvals.trails([item.id]),
    deps.store.sources.list(),
    deps.store.admins.inEffect(deps.config),
  ]);
  const deciders = who(c, deps.config, roster, item, sources, carriedBy.get(item.id) ?? [item.source_id], trails.get(item.id) ?? []);
  return item.decided_by === c.get('admin').email ? { ...deciders, mayDecide: true } : deciders;
}

export interface ItemPageExtra {
  /** What was just done (a notice). */
  done?: string | undefined;
  /** Why a posted change was refused, with nothing changed. */
  refusal?: string | undefined;
  /** A refused schedule form: what was typed and each field's error. */
  problem?: ScheduleProblem | undefined;
}

/** One item's page; also what a refused change of it is answered with. */
export async function itemPage(c: AdminContext, deps: ItemDeps, item: ItemRow, extra: ItemPageExtra = {}) {
  const [carriedBy, trails, reach, sources, changes, roster] = await Promise.all([
    deps.store.items.sourcesOf([item.id]),
    deps.store.approvals.trails([item.id]),
    deps.store.analytics.itemReach(item.id),
    deps.store.sources.list(),
    loadTrail(deps, 'item', item.id),
    deps.store.admins.inEffect(deps.config),
  ]);
  const sourceNames = new Map(sources.map((source) => [source.id, source.name]));
  const names = new Map(roster.admins.map((a) => [a.email, a.name]));
  const zone = deps.config.program.timeZone;
  const lang = consoleLanguage(c);
  const t = CONSOLE_STRINGS[lang];
  const trail = trails.get(item.id) ?? [];
  const deciders = who(c, deps.config, roster, item, sources, carriedBy.get(item.id) ?? [item.source_id], trail);
  const mayChange = deciders.mayDecide || item.decided_by === c.get('admin').email;
  const field = (action: string) => formField(c, deps, action, c.get('admin').id);
  return layout(
    item.title,
    html`${adminHeader(c, deps, 'items')}
      <main class="item-page" data-item-id="${item.id}">
        <p><a href="/admin?state=${item.state}">‹ ${t.items.states[item.state]}</a></p>
        ${extra.done ? html`<div class="notice ok" role="status">${extra.done}</div>` : ''}
        ${extra.refusal ? html`<div class="notice bad" role="alert" id="refusal">${extra.refusal}</div>` : ''}
        <article class="item">
          ${item.image_url ? html`<img src="${item.image_url}" alt="" referrerpolicy="no-referrer" />` : html`<div class="noimg"></div>`}
          <div>
            <h1>${item.title}</h1>
            ${item.summary ? html`<p>${item.summary}</p>` : ''}
            <p><a href="${item.url}" rel="noopener noreferrer" target="_blank">${item.url}</a></p>
            ${itemMeta(
              item,
              (carriedBy.get(item.id) ?? [item.source_id]).map((id) => sourceNames.get(id) ?? id),
              lang,
            )}
          </div>
        </article>
        ${decided(item, names, zone, lang)} ${item.state === 'approved' ? scheduleLine(item, names, zone, lang) : ''}
        ${
          item.state === 'approved' && item.captions && !item.retracted_at && c.get('admin').role === 'admin'
            ? html`<p><a href="/admin/items/${item.id}/urgent" id="send-now">${t.item.sendNow}</a></p>`
            : ''
        }
        ${
          item.state === 'pending' && item.captions && !deciders.mayDecide
            ? html`<p class="muted waiting">${t.items.waiting(deciders.names)}</p>`
            : item.state === 'pending' && item.captions
              ? html`<section class="panel">
                  <h2>${t.items.decide}</h2>
                  ${decisionForm({
                    itemId: item.id,
                    action: `/admin/items/${item.id}/decide`,
                    captions: item.captions,
                    field: field(`/admin/items/${item.id}/decide`),
                    language: lang,
                  })}
                </section>`
              : ''
        }
        ${
          item.state === 'approved' && !item.retracted_at
            ? mayChange
              ? scheduleControls(item, field, zone, extra.problem, lang)
              : html`<p class="muted waiting">${t.item.othersMayChange(deciders.names)}</p>`
            : item.state === 'approved' && mayChange
              ? html`<section class="panel">
                  <h2>${t.item.retractedTitle}</h2>
                  <p>${t.item.retractedText}</p>
                  <form method="post" action="/admin/items/${item.id}/restore">
                    ${field(`/admin/items/${item.id}/restore`)}
                    <button type="submit">${t.item.restore}</button>
                  </form>
                </section>`
              : ''
        }
        ${captionsSection(item, t)}
        <h2>${t.item.decisionTrail}</h2>
        ${
          trail.length > 0 || item.retracted_at
            ? html`<ol class="trail">
                ${trail.map((event) => trailLine(event, names, zone, lang))}${retractedLine(item, names, zone, lang)}
              </ol>`
            : html`<div class="empty">${t.item.nothingYet}</div>`
        }
        ${auditTrail(changes, zone, { language: lang })} ${whereItWent(reach, lang)}
      </main>`,
    lang,
  );
}

/** The captions: for an approved item, the final ones every digest and share page carries. */
function captionsSection(item: ItemRow, t: ConsoleStrings) {
  if (!item.captions)
    return html`<h2>${t.items.captions}</h2>
      <div class="empty">${t.item.noCaptions}</div>`;
  const final = item.state === 'approved';
  return html`<h2 id="captions-heading">${final ? t.items.finalCaptions : t.items.captions}</h2>
    <p class="muted">${t.item.captionsNote(item.captions.language, item.captions.edited ?? false, final)}</p>
    ${captionsTable(item, t)}`;
}

function captionsTable(item: ItemRow, t: ConsoleStrings) {
  return html`<div class="table-scroll" tabindex="0">
    <table class="captions">
      <thead>
        <tr>
          <th>${t.item.network}</th>
          <th>${t.item.caption}</th>
        </tr>
      </thead>
      <tbody>
        ${NETWORKS.map(
          (network) =>
            html`<tr data-network="${network}">
              <td>${NETWORK_NAMES[network]}</td>
              <td class="caption">${item.captions!.networks[network]}</td>
            </tr>`,
        )}
      </tbody>
    </table>
  </div>`;
}

/** The decision trail's last line for a retracted item: who, when. */
function retractedLine(item: ItemRow, names: Map<string, string>, timeZone: string, lang: ConsoleLanguage) {
  if (!item.retracted_at) return '';
  const who = item.retracted_by ? (names.get(item.retracted_by) ?? item.retracted_by) : 'kaiku';
  return html`<li data-kind="retracted" data-channel="admin">
    ${localTime(item.retracted_at, timeZone, lang)} · ${CONSOLE_STRINGS[lang].items.trail.retracted(who)}
  </li>`;
}

function badPageLink(c: AdminContext, deps: ItemDeps, first: string) {
  const lang = consoleLanguage(c);
  const t = CONSOLE_STRINGS[lang].items;
  return c.html(
    layout(
      t.badPageTitle,
      html`${adminHeader(c, deps, 'items')}
        <main>
          <div class="notice bad" role="alert">${t.badPage} <a href="${first}">${t.firstPage}</a>.</div>
        </main>`,
      lang,
    ),
    400,
  );
}

function itemMeta(item: ItemRow, sourceNames: string[], lang: ConsoleLanguage) {
  const t = CONSOLE_STRINGS[lang].items;
  const topics = item.topics as unknown as string[];
  return html`<div class="meta">
    <span class="state ${item.state}">${t.stateTags[item.state]}</span>
    ${item.retracted_at ? html`<span class="state rejected">${t.retracted}</span>` : ''} ${item.pinned_at ? html`<span class="tag">${t.pinned}</span>` : ''}
    <span>${sourceNames.join(' + ')}</span>
    ${item.language ? html`<span>${item.language}</span>` : ''} ${topics.map((topic) => html`<span class="tag">${topic}</span>`)}
    ${item.branches.length > 0 ? html`<span class="tag branches">${t.onlyFor(item.branches.join(', '))}</span>` : ''}
    <span title="${item.discovered_at.toISOString()}">${t.found(timeAgo(item.discovered_at, undefined, lang))}</span>
    ${item.published_at ? html`<span title="${item.published_at.toISOString()}">${t.published(timeAgo(item.published_at, undefined, lang))}</span>` : ''}
  </div>`;
}

function decided(item: ItemRow, names: Map<string, string>, timeZone: string, lang: ConsoleLanguage) {
  if (!item.decided_at) return '';
  const t = CONSOLE_STRINGS[lang];
  const who = item.decided_by ? (names.get(item.decided_by) ?? item.decided_by) : 'kaiku';
  const [until, untilAfter] = t.item.sharedUntil;
  return html`<p class="muted">
    ${t.item.decided(item.state, who, t.items.via[item.decided_via ?? 'system'] ?? '')}
    ${localTime(item.decided_at, timeZone, lang)}${item.decision_reason ? `: “${item.decision_reason}”` : ''}${
      item.expires_at ? html`${until}<time datetime="${item.expires_at.toISOString()}">${item.expires_at.toISOString().slice(0, 10)}</time>${untilAfter}` : ''
    }.
  </p>`;
}

function whereItWent(reach: ItemReach, lang: ConsoleLanguage) {
  const t = CONSOLE_STRINGS[lang].item;
  const advocates = reach.digests.reduce((sum, row) => sum + row.digests, 0);
  const total = (key: 'opened' | 'shares' | 'clicks') => reach.networks.reduce((sum, row) => sum + row[key], 0);
  const figures = (rows: { label: string; opened: number; shares: number; clicks: number }[], first: string, name: string) =>
    html`<div class="table-scroll" tabindex="0">
      <table class="${name}">
        <thead>
          <tr>
            <th>${first}</th>
            <th>${t.opened}</th>
            <th>${t.shares}</th>
            <th>${t.clicks}</th>
          </tr>
        </thead>
        <tbody>
          ${rows.map(
            (row) =>
              html`<tr>
                <td>${row.label}</td>
                <td>${row.opened}</td>
                <td>${row.shares}</td>
                <td>${row.clicks}</td>
              </tr>`,
          )}
        </tbody>
      </table>
    </div>`;
  const [reachBefore, reachAfter] = t.reach(advocates);
  return html`<h2>${t.whereItWent}</h2>
    ${
      reach.digests.length === 0
        ? html`<div class="empty">${t.notInDigest}</div>`
        : html`<p id="reach">
              ${reachBefore}<strong>${numberText(advocates, lang)}</strong>${reachAfter} ${t.reachFigures(total('opened'), total('shares'), total('clicks'))}
            </p>
            <div class="table-scroll" tabindex="0">
              <table class="reach">
                <thead>
                  <tr>
                    <th>${t.digestRun}</th>
                    <th>${t.digests}</th>
                  </tr>
                </thead>
                <tbody>
                  ${reach.digests.map(
                    (row) =>
                      html`<tr>
                        <td>${row.period}</td>
                        <td>${row.digests}</td>
                      </tr>`,
                  )}
                </tbody>
              </table>
            </div>`
    }
    ${
      reach.networks.length === 0
        ? ''
        : html`<h3>${t.byNetwork}</h3>
            ${figures(
              reach.networks.map((row) => ({ ...row, label: row.network ? NETWORK_NAMES[row.network] : t.unknownNetwork })),
              t.network,
              'by-network',
            )}
            <h3>${t.byWeek}</h3>
            ${figures(
              reach.weeks.map((row) => ({ ...row, label: row.week })),
              t.weekOf,
              'by-week',
            )}`
    }`;
}

function itemCard(
  c: AdminContext,
  deps: ItemDeps,
  deciders: Deciders,
  item: ItemRow,
  sourceNames: string[],
  trail: ApprovalEventRow[],
  names: Map<string, string>,
  lang: ConsoleLanguage,
) {
  const t = CONSOLE_STRINGS[lang];
  return html`<article class="item" data-item-id="${item.id}" data-state="${item.state}">
    ${item.image_url ? html`<img src="${item.image_url}" alt="" loading="lazy" referrerpolicy="no-referrer" />` : html`<div class="noimg"></div>`}
    <div>
      <h3><a href="/admin/items/${item.id}">${item.title}</a></h3>
      ${item.summary ? html`<p>${item.summary}</p>` : ''}
      <p class="url"><a href="${item.url}" rel="noopener noreferrer" target="_blank">${item.url}</a></p>
      ${itemMeta(item, sourceNames, lang)}
      ${
        trail.length > 0 || item.retracted_at
          ? html`<ol class="trail">
              ${trail.map((event) => trailLine(event, names, deps.config.program.timeZone, lang))}${retractedLine(item, names, deps.config.program.timeZone, lang)}
            </ol>`
          : ''
      }
      ${
        item.state === 'approved' && item.captions
          ? html`<details>
                <summary>${t.items.finalCaptions}</summary>
                ${captionsTable(item, t)}
              </details>
              ${item.retracted_at ? '' : html`<p><a href="/admin/items/${item.id}#schedule">${t.items.scheduleLink}</a></p>`}`
          : ''
      }
      ${
        item.state === 'pending' && item.captions && !deciders.mayDecide
          ? html`<p class="muted waiting">${t.items.waiting(deciders.names)}</p>`
          : item.state === 'pending' && item.captions
            ? html`<details>
                <summary>${t.items.decide}</summary>
                ${decisionForm({
                  itemId: item.id,
                  action: `/admin/items/${item.id}/decide`,
                  captions: item.captions,
                  field: formField(c, deps, `/admin/items/${item.id}/decide`, c.get('admin').id),
                  language: lang,
                })}
              </details>`
            : ''
      }
    </div>
  </article>`;
}

function trailLine(event: ApprovalEventRow, names: Map<string, string>, timeZone: string, lang: ConsoleLanguage) {
  const t = CONSOLE_STRINGS[lang].items;
  const who = (email: string | null) => (email ? (names.get(email) ?? email) : '');
  const via = t.via[event.channel] ?? event.channel;
  const detail = event.detail as { reason?: string; refusal?: string; captionsEdited?: boolean };
  const text: Record<string, string> = {
    requested: t.trail.requested(who(event.recipient)),
    reminded: t.trail.reminded(who(event.recipient)),
    escalated: t.trail.escalated(who(event.recipient)),
    approved: t.trail.approved(who(event.actor), via, detail.captionsEdited ?? false),
    rejected: t.trail.rejected(who(event.actor), via, detail.reason),
    refused: t.trail.refused(who(event.actor), via, detail.refusal ?? ''),
    expired: t.trail.expired,
    confirmed: t.trail.confirmed(who(event.recipient)),
  };
  return html`<li data-kind="${event.kind}" data-channel="${event.channel}">${localTime(event.at, timeZone, lang)} · ${text[event.kind] ?? event.kind}</li>`;
}

interface Deciders {
  /** The signed-in admin is one of the item's approvers (or a backup once it was escalated): Decide is theirs. */
  mayDecide: boolean;
  /** Who may, by name, for those who may not. */
  names: string;
}

/** Whether the signed-in admin may decide an item carried by `sourceIds`: the approval workflow's own rule. */
function who(
  c: AdminContext,
  config: KaikuConfig,
  roster: AdminRoster,
  item: ItemRow,
  sources: readonly SourceRow[],
  sourceIds: readonly string[],
  trail: readonly ApprovalEventRow[],
): Deciders {
  // Those the approval asked (its workflow accepts them, and no one else); before it has asked anyone, the rule as it stands.
  const asked = trail.filter((event) => (event.kind === 'requested' || event.kind === 'escalated') && event.recipient).map((event) => event.recipient!);
  const named = sources.filter((source) => sourceIds.includes(source.id)).flatMap((source) => sourceApprovers(source.settings));
  const { approvers, backups } = approversOf(roster, named, item.topics, authorOf(item, config));
  const ruled = [...approvers, ...backups].map((a) => a.email);
  const rank = (email: string) => (ruled.includes(email) ? ruled.indexOf(email) : ruled.length);
  const deciding = new Map(roster.admins.filter((a) => a.role !== 'analyst').map((a) => [a.email, { email: a.email, name: a.name }]));
  const deciders =
    asked.length > 0
      ? // In the rule's order (the source's approvers as named), not the order their mails happened to be recorded in.
        [...new Set(asked)].sort((x, y) => rank(x) - rank(y)).flatMap((email) => deciding.get(email) ?? [])
      : trail.some((event) => event.kind === 'escalated')
        ? [...approvers, ...backups]
        : approvers;
  const admin = c.get('admin').email;
  return { mayDecide: deciders.some((d) => d.email === admin), names: deciders.map((d) => d.name).join(', ') };
}

function sourcesTable(sources: SourceRow[], lang: ConsoleLanguage) {
  const t = CONSOLE_STRINGS[lang].items;
  if (sources.length === 0) return html`<div class="empty">${t.noSources[0]}<code>sources:</code>${t.noSources[1]}</div>`;
  return html`<div class="table-scroll" tabindex="0">
    <table>
      <thead>
        <tr>
          <th>${t.sourceColumns.source}</th>
          <th>${t.sourceColumns.health}</th>
          <th>${t.sourceColumns.address}</th>
          <th>${t.sourceColumns.lastNew}</th>
        </tr>
      </thead>
      <tbody>
        ${sources.map((source) => {
          const settings = (source.settings as { settings?: { pollEveryMs?: number } }).settings;
          return html`<tr data-source-id="${source.id}" data-health="${source.health}">
            <td>
              <strong>${source.name}</strong><br /><code>${source.id}</code> ·
              ${source.kind}${settings?.pollEveryMs ? t.every(formatDuration(settings.pollEveryMs)) : ''}${source.active ? '' : t.removedFromConfig}
            </td>
            <td>
              <span class="health ${source.health}">${t.health[source.health]}</span>
              ${source.last_error ? html`<div class="error">${source.last_error}</div>` : ''}
              ${source.last_warning && source.health !== 'unhealthy' ? html`<div class="warning">${source.last_warning}</div>` : ''}
              ${source.health === 'unhealthy' && source.failure_count > 1 ? html`<div class="error">${t.failedPolls(source.failure_count)}</div>` : ''}
            </td>
            <td class="url">${source.url}</td>
            <td>${timeAgo(source.last_changed_at, undefined, lang)}</td>
          </tr>`;
        })}
      </tbody>
    </table>
  </div>`;
}
