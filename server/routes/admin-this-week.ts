import { html } from 'hono/html';
import type { Hono } from 'hono';
import type { KaikuConfig } from '../../config/schema.js';
import type { Store } from '../../db/store.js';
import type { Secret } from '../../rules/tokens/secret.js';
import type { AdminSession } from '../session.js';
import { adminHeader } from '../pages/admin-header.js';
import { layout } from '../pages/layout.js';
import { MAIL_FRAME_PAGE_CSP, fitMailFrames, mailFrame } from '../pages/mail-frame.js';
import { planNextRun } from '../../activities/digest-plan.js';
import { formatMoment } from '../../rules/digests/digest-moment.js';
import { summarizeRun, type AdvocateOutcome, type NoDigestReason, type SegmentRow } from '../../rules/digests/next-run.js';
import { languageName } from '../../rules/urgent/urgent-audience.js';

// The next digest run, planned dry through the run's own planning and selection: nothing is recorded or sent.

const NAMES_PER_REASON = 10;
const SEARCH_RESULTS = 20;

const REASON_TEXT: Record<NoDigestReason, string> = {
  unsubscribed: 'unsubscribed',
  bounced: 'their address bounced: mail paused',
  paused: 'mail paused (by an admin, or their directory account is off)',
  snoozed: 'snoozed their digest until a later date',
  'not due': 'not due this run (every other week)',
  'already had it': 'already had this period’s digest',
  'quiet period': 'held: a quiet period',
  'weekly cap': 'held: weekly cap reached',
  'nothing matches': 'no new item matches their topics, branch or language',
};

/**
 * `GET /admin/this-week`: the next digest run as it would go now: when (the programme's time zone), how many
 * advocates it mails, per language, branch and topic (`#by-language tr[data-segment="fi"] td[data-figure="mailed"]`),
 * which items go to how many (`#items`), who gets nothing and why (`#nothing li[data-reason="paused"]`), and, with
 * `?advocate=17`, that advocate's digest in a fitted mail frame (`#preview`); `?q=aino` finds advocates by name or email.
 */
export function addThisWeekPage(app: Hono<{ Variables: { admin: AdminSession } }>, deps: { store: Store; config: KaikuConfig; secret: Secret }) {
  app.get('/this-week', async (c) => {
    const { config } = deps;
    const run = await planNextRun(deps, new Date());
    const summary = summarizeRun(run.outcomes, { namesPerReason: NAMES_PER_REASON });
    const query = (c.req.query('q') ?? '').trim().slice(0, 100);
    const chosen = c.req.query('advocate');
    const previewed = chosen ? run.outcomes.find((o) => String(o.advocate.id) === chosen) : undefined;
    if (previewed && previewed.items.length > 0) c.header('content-security-policy', MAIL_FRAME_PAGE_CSP);
    return c.html(
      layout(
        'This week',
        html`${adminHeader(c, deps, 'this-week')}
          <main>
            <h2>This week</h2>
            <section class="report" id="next-run">
              <p>
                The next digest run is <strong id="next-run-at">${formatMoment(run.at, config.program.timeZone)}</strong>. It will mail
                <strong data-figure="mailed">${summary.mailed}</strong> of <span data-figure="advocates">${summary.advocates}</span> advocates.
              </p>
              ${
                run.zones.length > 1
                  ? html`<p class="muted">
                      Each advocate gets theirs at ${config.digest.day} ${config.digest.time} on their own clock:
                      ${run.zones.map((z, i) => html`${i > 0 ? '; ' : ''}${formatMoment(z.at, z.timeZone)}`)}.
                    </p>`
                  : ''
              }
              <p class="muted">Counted now, with the items approved and scheduled now; nothing here is sent or recorded.</p>
            </section>
            <h3>Items</h3>
            ${
              summary.items.length === 0
                ? html`<div class="empty" id="items">No item goes out in this run.</div>`
                : html`<div class="table-scroll">
                    <table class="sources" id="items">
                      <caption>
                        Which items go to how many advocates
                      </caption>
                      <thead>
                        <tr>
                          <th scope="col">Item</th>
                          <th scope="col">Advocates</th>
                        </tr>
                      </thead>
                      <tbody>
                        ${summary.items.map(
                          (item) =>
                            html`<tr data-item="${item.id}">
                              <td><a href="/admin/items/${item.id}">${item.title}</a></td>
                              <td data-figure="advocates">${item.advocates}</td>
                            </tr>`,
                        )}
                      </tbody>
                    </table>
                  </div>`
            }
            ${segmentTable('by-language', 'Language', summary.byLanguage, (v) => `${languageName(v)} (${v})`)}
            ${segmentTable('by-branch', 'Branch', summary.byBranch, (v) => v || 'no branch')}
            ${segmentTable('by-topic', 'Topic', summary.byTopic, (v) => v || 'no topics chosen (takes all)')}
            <h3>Who gets nothing, and why</h3>
            ${
              summary.nothing.length === 0
                ? html`<p id="nothing">Everyone on the roster gets a digest.</p>`
                : html`<ul id="nothing" class="left-out">
                    ${summary.nothing.map(
                      (row) =>
                        html`<li data-reason="${row.reason}">
                          <strong data-figure="count">${row.count}</strong> ${REASON_TEXT[row.reason]}:
                          ${row.names.map((n, i) => html`${i > 0 ? ', ' : ''}<a href="/admin/this-week?advocate=${n.id}#preview">${n.name}</a>`)}${
                            row.count > row.names.length ? html` and <span data-figure="more">${row.count - row.names.length}</span> more` : ''
                          }
                        </li>`,
                    )}
                  </ul>`
            }
            <h3 id="preview">Preview an advocate’s digest</h3>
            <form method="get" action="/admin/this-week#preview" class="inline" role="search">
              <label for="q">Name or email</label>
              <input id="q" name="q" type="search" value="${query}" />
              <button type="submit">Find</button>
            </form>
            ${query ? searchResults(run.outcomes, query) : ''} ${chosen ? preview(previewed) : ''}
          </main>`,
      ),
    );
  });
}

function segmentTable(id: string, label: string, rows: readonly SegmentRow[], name: (value: string) => string) {
  return html`<h3>By ${label.toLowerCase()}</h3>
    <div class="table-scroll">
      <table class="sources" id="${id}">
        <thead>
          <tr>
            <th scope="col">${label}</th>
            <th scope="col">Advocates</th>
            <th scope="col">Get a digest</th>
            <th scope="col">Items offered</th>
          </tr>
        </thead>
        <tbody>
          ${rows.map(
            (row) =>
              html`<tr data-segment="${row.value}">
                <th scope="row">${name(row.value)}</th>
                <td data-figure="advocates">${row.advocates}</td>
                <td data-figure="mailed">${row.mailed}</td>
                <td data-figure="items">${row.items}</td>
              </tr>`,
          )}
        </tbody>
      </table>
    </div>`;
}

function searchResults(outcomes: readonly AdvocateOutcome[], query: string) {
  const needle = query.toLowerCase();
  const found = outcomes.filter((o) => o.advocate.name.toLowerCase().includes(needle) || o.advocate.email.toLowerCase().includes(needle));
  if (found.length === 0) return html`<p id="search-results">No advocate’s name or email contains “${query}”.</p>`;
  return html`<ul id="search-results">
    ${found
      .slice(0, SEARCH_RESULTS)
      .map(
        (o) =>
          html`<li>
            <a href="/admin/this-week?advocate=${o.advocate.id}#preview">${o.advocate.name}</a> <small>${o.advocate.email}</small> ·
            ${o.reason ? REASON_TEXT[o.reason] : `${o.items.length} items`}
          </li>`,
      )}
    ${found.length > SEARCH_RESULTS ? html`<li>and ${found.length - SEARCH_RESULTS} more: write more of the name</li>` : ''}
  </ul>`;
}

function preview(outcome: AdvocateOutcome | undefined) {
  if (!outcome) return html`<div class="notice bad" role="alert" id="preview-of">There is no such advocate on the roster. Find one by name above.</div>`;
  const { advocate } = outcome;
  if (outcome.reason)
    return html`<p id="preview-of" data-advocate="${advocate.id}">
      <strong>${advocate.name}</strong> gets no digest in this run: ${REASON_TEXT[outcome.reason]}.
    </p>`;
  return html`<p id="preview-of" data-advocate="${advocate.id}">
      <strong>${advocate.name}</strong> gets ${outcome.items.length} items: ${outcome.items.map((item, i) => html`${i > 0 ? ', ' : ''}${item.title}`)}.
    </p>
    ${mailFrame({ src: `/admin/advocates/${advocate.id}/preview.html`, title: 'digest', className: 'preview' })}${fitMailFrames()}`;
}
