import { Hono } from 'hono';
import { html } from 'hono/html';
import type { Store } from '../../db/store.js';
import type { ItemRow, ItemState, SourceRow } from '../../db/schema.js';
import type { KaikuConfig } from '../../config/schema.js';
import { formatDuration } from '../../config/units.js';
import { layout, timeAgo } from '../pages/layout.js';

const STATES: { state: ItemState; label: string }[] = [
  { state: 'pending', label: 'Waiting for approval' },
  { state: 'approved', label: 'Approved' },
  { state: 'rejected', label: 'Rejected' },
  { state: 'expired', label: 'Expired' },
];

/** The admin page: items by state, and the health of every source. Read-only for now. */
export function adminRoutes(deps: { store: Store; config: KaikuConfig }) {
  const app = new Hono();

  app.get('/', async (c) => {
    const requested = c.req.query('state');
    const state = STATES.find((s) => s.state === requested)?.state ?? 'pending';
    const [counts, items, sources] = await Promise.all([deps.store.items.countByState(), deps.store.items.listByState(state, 200), deps.store.sources.list()]);
    const sourceNames = new Map(sources.map((source) => [source.id, source.name]));
    const carriedBy = await deps.store.items.sourcesOf(items.map((item) => item.id));
    const label = STATES.find((s) => s.state === state)!.label;

    const body = html`<header>
        <span class="brand">kaiku</span>
        <span class="program">${deps.config.program.name}</span>
      </header>
      <main>
        <nav class="tabs" aria-label="Items by state">
          ${STATES.map(
            (s) =>
              html`<a href="/admin?state=${s.state}" class="${s.state === state ? 'current' : ''}">${s.label}<span class="count">${counts[s.state]}</span></a>`,
          )}
        </nav>
        <h2>${label} (${counts[state]})</h2>
        ${
          items.length === 0
            ? html`<div class="empty">No items ${state === 'pending' ? 'are waiting for approval' : `are ${state}`} yet.</div>`
            : html`<div class="items">
                ${items.map((item) =>
                  itemCard(
                    item,
                    (carriedBy.get(item.id) ?? [item.source_id]).map((id) => sourceNames.get(id) ?? id),
                  ),
                )}
              </div>`
        }
        <h2 id="sources">Sources (${sources.filter((s) => s.active).length})</h2>
        ${sourcesTable(sources)}
      </main>`;
    return c.html(layout(label, body));
  });

  return app;
}

function itemCard(item: ItemRow, sourceNames: string[]) {
  const topics = item.topics as unknown as string[];
  return html`<article class="item" data-item-id="${item.id}" data-state="${item.state}">
    ${item.image_url ? html`<img src="${item.image_url}" alt="" loading="lazy" referrerpolicy="no-referrer" />` : html`<div class="noimg"></div>`}
    <div>
      <h3><a href="${item.url}" rel="noopener noreferrer" target="_blank">${item.title}</a></h3>
      ${item.summary ? html`<p>${item.summary}</p>` : ''}
      <div class="meta">
        <span class="state ${item.state}">${item.state === 'pending' ? 'waiting for approval' : item.state}</span>
        <span>${sourceNames.join(' + ')}</span>
        ${item.language ? html`<span>${item.language}</span>` : ''} ${topics.map((topic) => html`<span class="tag">${topic}</span>`)}
        <span title="${item.discovered_at.toISOString()}">found ${timeAgo(item.discovered_at)}</span>
        ${item.published_at ? html`<span title="${item.published_at.toISOString()}">published ${timeAgo(item.published_at)}</span>` : ''}
      </div>
    </div>
  </article>`;
}

function sourcesTable(sources: SourceRow[]) {
  if (sources.length === 0) return html`<div class="empty">No sources are configured. Add some under <code>sources:</code> in kaiku.yaml.</div>`;
  return html`<table>
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
            ${source.health === 'unhealthy' && source.failure_count > 1 ? html`<div class="error">${source.failure_count} failed polls in a row</div>` : ''}
          </td>
          <td class="url">${source.url}</td>
          <td>${timeAgo(source.last_changed_at)}</td>
        </tr>`;
      })}
    </tbody>
  </table>`;
}
