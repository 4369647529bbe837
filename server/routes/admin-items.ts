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

// The items on the admin page: every state a page at a time (searched and sorted), each with its decision trail
// and, while it waits, the decision form; the health of every source; and one item's page: its content, its
// captions, its trail and where it went (digests, shares, clicks).

type AdminContext = Context<{ Variables: { admin: AdminSession } }>;
export interface ItemDeps {
  store: Store;
  config: KaikuConfig;
  secret: Secret;
}

const STATES: { state: ItemState; label: string }[] = [
  { state: 'pending', label: 'Waiting for approval' },
  { state: 'approved', label: 'Approved' },
  { state: 'rejected', label: 'Rejected' },
  { state: 'expired', label: 'Expired' },
];

const SORT_LABELS: Record<ItemSort, string> = {
  found: 'Newest found',
  oldest: 'Oldest found',
  published: 'Newest published',
  decided: 'Newest decided',
  title: 'Title A–Z',
};

const PAGE_SIZE = 50;

export function addItemPages(app: Hono<{ Variables: { admin: AdminSession } }>, deps: ItemDeps) {
  /**
   * `GET /admin?state=approved&q=library&sort=decided`: the items in one state (waiting for approval unless
   * asked), 50 a page (`after=`/`before=` a cursor from the pager, or `page=last`), and the sources.
   */
  app.get('/', async (c) => {
    const state = STATES.find((s) => s.state === c.req.query('state'))?.state ?? 'pending';
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
    const label = STATES.find((s) => s.state === state)!.label;

    const body = html`${adminHeader(c, deps, 'items')}
      <main>
        <nav class="tabs" aria-label="Items by state">
          ${STATES.map(
            (s) =>
              html`<a href="/admin?state=${s.state}" class="${s.state === state ? 'current' : ''}">${s.label}<span class="count">${counts[s.state]}</span></a>`,
          )}
        </nav>
        <h2>${label} (${counts[state]})</h2>
        ${listSearch({ path: '/admin', label: 'Title, summary or address', search, sort, sorts: ITEM_SORTS.map((s) => [s, SORT_LABELS[s]] as const), hidden: { state } })}
        ${pager(page, '/admin', params, 'items')}
        ${
          items.length === 0
            ? html`<div class="empty">
                ${search ? `No ${label.toLowerCase()} item matches “${search}”.` : `No items ${state === 'pending' ? 'are waiting for approval' : `are ${state}`} yet.`}
              </div>`
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
                  ),
                )}
              </div>`
        }
        ${items.length > 0 ? pager(page, '/admin', params, 'items') : ''}
        <h2 id="sources">Sources (${sources.filter((s) => s.active).length})</h2>
        ${sourcesTable(sources)}
      </main>`;
    return c.html(layout(label, body));
  });

  /** `GET /admin/items/<id>`: one item's content, captions per network, schedule, decision trail, changes, and where it went. */
  app.get('/items/:id', async (c) => {
    const item = await deps.store.items.get(c.req.param('id'));
    if (!item) return itemNotFound(c, deps);
    const done = c.req.query('done') ?? '';
    // After "Compose a post": the networks whose limit the author's caption exceeded (named in the redirect, checked here).
    const proposed = (c.req.query('proposed') ?? '').split(',').filter((n): n is Network => (NETWORKS as readonly string[]).includes(n));
    return c.html(await itemPage(c, deps, item, { done: done === 'composed' ? `${DONE.composed}${proposedNote(proposed)}` : DONE[done] }));
  });
}

/** What the item page says after a change in the console (`?done=`). */
const DONE: Record<string, string> = {
  scheduled: 'Saved: digests carry it only inside its schedule.',
  pinned: 'Pinned: it goes first in the next digest run, for everyone it fits who has not had it.',
  unpinned: 'Unpinned: it takes its usual place in the digests.',
  retracted: 'Retracted: no later digest carries it, and its share page now says it was withdrawn.',
  restored: 'Restored: later digests may carry it again, and its share page opens again.',
  composed: 'Sent for approval: it waits for its approvers like any item, then goes out in the digests.',
};

/** The 404 page of an item id that is not one. */
export function itemNotFound(c: AdminContext, deps: ItemDeps) {
  return c.html(
    layout(
      'Not found',
      html`${adminHeader(c, deps, 'items')}
        <main>
          <div class="notice bad" role="alert">There is no item with the id “${c.req.param('id')}”. <a href="/admin">Back to the items</a>.</div>
        </main>`,
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
  const state = STATES.find((s) => s.state === item.state)!;
  const trail = trails.get(item.id) ?? [];
  const deciders = who(c, deps.config, roster, item, sources, carriedBy.get(item.id) ?? [item.source_id], trail);
  const mayChange = deciders.mayDecide || item.decided_by === c.get('admin').email;
  const field = (action: string) => formField(c, deps, action, c.get('admin').id);
  return layout(
    item.title,
    html`${adminHeader(c, deps, 'items')}
      <main class="item-page" data-item-id="${item.id}">
        <p><a href="/admin?state=${item.state}">‹ ${state.label}</a></p>
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
            )}
          </div>
        </article>
        ${decided(item, names, zone)} ${item.state === 'approved' ? scheduleLine(item, names, zone) : ''}
        ${
          item.state === 'approved' && item.captions && !item.retracted_at && c.get('admin').role === 'admin'
            ? html`<p><a href="/admin/items/${item.id}/urgent" id="send-now">Send now…</a></p>`
            : ''
        }
        ${
          item.state === 'pending' && item.captions && !deciders.mayDecide
            ? html`<p class="muted waiting">Waiting for ${deciders.names} to decide.</p>`
            : item.state === 'pending' && item.captions
              ? html`<section class="panel">
                  <h2>Decide</h2>
                  ${decisionForm({
                    itemId: item.id,
                    action: `/admin/items/${item.id}/decide`,
                    captions: item.captions,
                    field: field(`/admin/items/${item.id}/decide`),
                  })}
                </section>`
              : ''
        }
        ${
          item.state === 'approved' && !item.retracted_at
            ? mayChange
              ? scheduleControls(item, field, zone, extra.problem)
              : html`<p class="muted waiting">Its approvers (${deciders.names}) may schedule, pin or retract it.</p>`
            : item.state === 'approved' && mayChange
              ? html`<section class="panel">
                  <h2>Retracted</h2>
                  <p>No digest carries it now. Retracted by mistake? Restoring lets later digests carry it and opens its share page again.</p>
                  <form method="post" action="/admin/items/${item.id}/restore">
                    ${field(`/admin/items/${item.id}/restore`)}
                    <button type="submit">Restore to the digests</button>
                  </form>
                </section>`
              : ''
        }
        ${captionsSection(item)}
        <h2>Decision trail</h2>
        ${
          trail.length > 0 || item.retracted_at
            ? html`<ol class="trail">
                ${trail.map((event) => trailLine(event, names, zone))}${retractedLine(item, names, zone)}
              </ol>`
            : html`<div class="empty">Nothing yet.</div>`
        }
        ${auditTrail(changes, zone)} ${whereItWent(reach)}
      </main>`,
  );
}

/** The captions: for an approved item, the final ones every digest and share page carries. */
function captionsSection(item: ItemRow) {
  if (!item.captions)
    return html`<h2>Captions</h2>
      <div class="empty">No captions yet: they are written when the approval is asked.</div>`;
  const final = item.state === 'approved';
  return html`<h2 id="captions-heading">${final ? 'Final captions' : 'Captions'}</h2>
    <p class="muted">
      In
      ${item.captions.language}${item.captions.edited ? ', edited by the approver' : ''}.${
        final ? ' What every digest and share page carries, each advocate’s own tracked link in place of the item’s address.' : ''
      }
    </p>
    ${captionsTable(item)}`;
}

function captionsTable(item: ItemRow) {
  return html`<div class="table-scroll">
    <table class="captions">
      <thead>
        <tr>
          <th>Network</th>
          <th>Caption</th>
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
function retractedLine(item: ItemRow, names: Map<string, string>, timeZone: string) {
  if (!item.retracted_at) return '';
  const who = item.retracted_by ? (names.get(item.retracted_by) ?? item.retracted_by) : 'kaiku';
  return html`<li data-kind="retracted" data-channel="admin">${localTime(item.retracted_at, timeZone)} · retracted by ${who} on the admin page</li>`;
}

function badPageLink(c: AdminContext, deps: ItemDeps, first: string) {
  return c.html(
    layout(
      'Page link not valid',
      html`${adminHeader(c, deps, 'items')}
        <main>
          <div class="notice bad" role="alert">
            This page link is not one kaiku made (it may have been cut short). Nothing was changed. <a href="${first}">Go to the first page</a>.
          </div>
        </main>`,
    ),
    400,
  );
}

function itemMeta(item: ItemRow, sourceNames: string[]) {
  const topics = item.topics as unknown as string[];
  return html`<div class="meta">
    <span class="state ${item.state}">${item.state === 'pending' ? 'waiting for approval' : item.state}</span>
    ${item.retracted_at ? html`<span class="state rejected">retracted</span>` : ''} ${item.pinned_at ? html`<span class="tag">pinned</span>` : ''}
    <span>${sourceNames.join(' + ')}</span>
    ${item.language ? html`<span>${item.language}</span>` : ''} ${topics.map((topic) => html`<span class="tag">${topic}</span>`)}
    ${item.branches.length > 0 ? html`<span class="tag branches">only for ${item.branches.join(', ')}</span>` : ''}
    <span title="${item.discovered_at.toISOString()}">found ${timeAgo(item.discovered_at)}</span>
    ${item.published_at ? html`<span title="${item.published_at.toISOString()}">published ${timeAgo(item.published_at)}</span>` : ''}
  </div>`;
}

function decided(item: ItemRow, names: Map<string, string>, timeZone: string) {
  if (!item.decided_at) return '';
  const who = item.decided_by ? (names.get(item.decided_by) ?? item.decided_by) : 'kaiku';
  return html`<p class="muted">
    ${item.state === 'expired' ? 'Expired' : `${item.state === 'approved' ? 'Approved' : 'Rejected'} by ${who} ${VIA[item.decided_via ?? 'system'] ?? ''}`}
    ${localTime(item.decided_at, timeZone)}${
      item.decision_reason ? `: “${item.decision_reason}”` : ''
    }${item.expires_at ? html`; shared until <time datetime="${item.expires_at.toISOString()}">${item.expires_at.toISOString().slice(0, 10)}</time>` : ''}.
  </p>`;
}

function whereItWent(reach: ItemReach) {
  const advocates = reach.digests.reduce((sum, row) => sum + row.digests, 0);
  const total = (key: 'opened' | 'shares' | 'clicks') => reach.networks.reduce((sum, row) => sum + row[key], 0);
  const figures = (rows: { label: string; opened: number; shares: number; clicks: number }[], first: string, name: string) =>
    html`<div class="table-scroll">
      <table class="${name}">
        <thead>
          <tr>
            <th>${first}</th>
            <th>Share pages opened</th>
            <th>Shares</th>
            <th>Clicks</th>
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
  return html`<h2>Where it went</h2>
    ${
      reach.digests.length === 0
        ? html`<div class="empty">It has not been in a digest yet.</div>`
        : html`<p id="reach">
              In the digests of <strong>${advocates.toLocaleString('en-US')}</strong> advocate${advocates === 1 ? '' : 's'}. Share pages opened:
              ${total('opened')}; shares: ${total('shares')}; unique clicks: ${total('clicks')}.
            </p>
            <div class="table-scroll">
              <table class="reach">
                <thead>
                  <tr>
                    <th>Digest run</th>
                    <th>Digests</th>
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
        : html`<h3>By network</h3>
            ${figures(
              reach.networks.map((row) => ({ ...row, label: row.network ? NETWORK_NAMES[row.network] : '(unknown)' })),
              'Network',
              'by-network',
            )}
            <h3>By week</h3>
            ${figures(
              reach.weeks.map((row) => ({ ...row, label: row.week })),
              'Week of',
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
) {
  return html`<article class="item" data-item-id="${item.id}" data-state="${item.state}">
    ${item.image_url ? html`<img src="${item.image_url}" alt="" loading="lazy" referrerpolicy="no-referrer" />` : html`<div class="noimg"></div>`}
    <div>
      <h3><a href="/admin/items/${item.id}">${item.title}</a></h3>
      ${item.summary ? html`<p>${item.summary}</p>` : ''}
      <p class="url"><a href="${item.url}" rel="noopener noreferrer" target="_blank">${item.url}</a></p>
      ${itemMeta(item, sourceNames)}
      ${
        trail.length > 0 || item.retracted_at
          ? html`<ol class="trail">
              ${trail.map((event) => trailLine(event, names, deps.config.program.timeZone))}${retractedLine(item, names, deps.config.program.timeZone)}
            </ol>`
          : ''
      }
      ${
        item.state === 'approved' && item.captions
          ? html`<details>
                <summary>Final captions</summary>
                ${captionsTable(item)}
              </details>
              ${item.retracted_at ? '' : html`<p><a href="/admin/items/${item.id}#schedule">Schedule, pin or retract</a></p>`}`
          : ''
      }
      ${
        item.state === 'pending' && item.captions && !deciders.mayDecide
          ? html`<p class="muted waiting">Waiting for ${deciders.names} to decide.</p>`
          : item.state === 'pending' && item.captions
            ? html`<details>
                <summary>Decide</summary>
                ${decisionForm({
                  itemId: item.id,
                  action: `/admin/items/${item.id}/decide`,
                  captions: item.captions,
                  field: formField(c, deps, `/admin/items/${item.id}/decide`, c.get('admin').id),
                })}
              </details>`
            : ''
      }
    </div>
  </article>`;
}

const VIA: Record<string, string> = { email: 'by email reply', link: 'by email link', admin: 'on the admin page', slack: 'in Slack', system: '' };

function trailLine(event: ApprovalEventRow, names: Map<string, string>, timeZone: string) {
  const who = (email: string | null) => (email ? (names.get(email) ?? email) : '');
  const detail = event.detail as { reason?: string; refusal?: string; captionsEdited?: boolean };
  const text: Record<string, string> = {
    requested: `approval asked of ${who(event.recipient)} by email`,
    reminded: `reminder sent to ${who(event.recipient)}`,
    escalated: `asked backup approver ${who(event.recipient)}`,
    approved: `approved by ${who(event.actor)} ${VIA[event.channel]}${detail.captionsEdited ? ', with edited captions' : ''}`,
    rejected: `rejected by ${who(event.actor)} ${VIA[event.channel]}${detail.reason ? `: "${detail.reason}"` : ''}`,
    refused: `${who(event.actor)} tried ${VIA[event.channel]}; refused: ${detail.refusal ?? ''}`,
    expired: 'expired without a decision',
    confirmed: `confirmation sent to ${who(event.recipient)}`,
  };
  return html`<li data-kind="${event.kind}" data-channel="${event.channel}">${localTime(event.at, timeZone)} · ${text[event.kind] ?? event.kind}</li>`;
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

function sourcesTable(sources: SourceRow[]) {
  if (sources.length === 0) return html`<div class="empty">No sources are configured. Add some under <code>sources:</code> in kaiku.yaml.</div>`;
  return html`<div class="table-scroll">
    <table>
      <thead>
        <tr>
          <th>Source</th>
          <th>Health</th>
          <th>Address</th>
          <th>Last new items</th>
        </tr>
      </thead>
      <tbody>
        ${sources.map((source) => {
          const settings = (source.settings as { settings?: { pollEveryMs?: number } }).settings;
          return html`<tr data-source-id="${source.id}" data-health="${source.health}">
            <td>
              <strong>${source.name}</strong><br /><code>${source.id}</code> ·
              ${source.kind}${settings?.pollEveryMs ? ` · every ${formatDuration(settings.pollEveryMs)}` : ''}${source.active ? '' : ' · removed from config'}
            </td>
            <td>
              <span class="health ${source.health}">${source.health === 'pending' ? 'not polled yet' : source.health}</span>
              ${source.last_error ? html`<div class="error">${source.last_error}</div>` : ''}
              ${source.last_warning && source.health !== 'unhealthy' ? html`<div class="warning">${source.last_warning}</div>` : ''}
              ${source.health === 'unhealthy' && source.failure_count > 1 ? html`<div class="error">${source.failure_count} failed polls in a row</div>` : ''}
            </td>
            <td class="url">${source.url}</td>
            <td>${timeAgo(source.last_changed_at)}</td>
          </tr>`;
        })}
      </tbody>
    </table>
  </div>`;
}
