import { html } from 'hono/html';
import type { Hono } from 'hono';
import type { KaikuConfig } from '../../config/schema.js';
import { NETWORK_NAMES } from '../../rules/captions/caption-limits.js';
import type { AdvocateRow } from '../../db/schema.js';
import type { Store } from '../../db/store.js';
import { createDigestComposer } from '../../activities/digest-composer.js';
import type { Secret } from '../../rules/tokens/secret.js';
import type { AdminSession } from '../session.js';
import { layout, timeAgo } from '../pages/layout.js';
import { FRAMED_MAIL_CSP, MAIL_FRAME_PAGE_CSP, fitMailFrames, mailFrame } from '../pages/mail-frame.js';
import { adminHeader } from '../pages/admin-header.js';
import { listSearch, pageRequest, pager } from '../pages/pager.js';
import { ADVOCATE_SORTS, type AdvocateSort } from '../../db/queries/advocates.js';
import { PageCursorError } from '../../db/queries/list-page.js';
import { formField } from '../form-guard.js';
import { advocateState } from './admin-advocate-changes.js';

// The roster on the admin page, a page at a time, filtered by branch and topic, searched and sorted, and each
// advocate's next digest as they would see it.

const PAGE_SIZE = 100;
const SORT_LABELS: Record<AdvocateSort, string> = { name: 'Name A–Z', email: 'Address A–Z', newest: 'Newest', 'last-digest': 'Latest digest' };

export function addAdvocatePages(app: Hono<{ Variables: { admin: AdminSession } }>, deps: { store: Store; config: KaikuConfig; secret: Secret }) {
  const composer = createDigestComposer(deps);

  /**
   * `GET /admin/advocates?branch=Health&topic=jobs&q=virtanen&sort=last-digest`: the roster, 100 a page
   * (`after=`/`before=` a cursor from the pager, or `page=last`), filtered, searched and sorted.
   */
  app.get('/advocates', async (c) => {
    const branch = c.req.query('branch') || undefined;
    const topic = c.req.query('topic') || undefined;
    const search = (c.req.query('q') ?? '').trim().slice(0, 200);
    const sort = ADVOCATE_SORTS.find((s) => s === c.req.query('sort')) ?? 'name';
    const params = { branch, topic, q: search || undefined, sort: sort === 'name' ? undefined : sort };
    let page;
    try {
      page = await deps.store.advocates.page({ branch, topic, search, sort, ...pageRequest((name) => c.req.query(name), PAGE_SIZE) });
    } catch (error) {
      if (!(error instanceof PageCursorError)) throw error;
      return c.html(
        layout(
          'Page link not valid',
          html`${adminHeader(c, deps, 'advocates')}
            <main>
              <div class="notice bad" role="alert">
                This page link is not one kaiku made (it may have been cut short). Nothing was changed. <a href="/admin/advocates">Go to the first page</a>.
              </div>
            </main>`,
        ),
        400,
      );
    }
    const [facets, total, erasures] = await Promise.all([deps.store.advocates.facets(), deps.store.advocates.count(), deps.store.privacy.pendingErasures()]);
    const advocates = page.rows;
    const filtered = branch || topic || search;
    return c.html(
      layout(
        'Advocates',
        html`${adminHeader(c, deps, 'advocates')}
          <main>
            <h1>Advocates (${filtered ? `${page.total} of ${total}` : total})</h1>
            <p class="actions">
              <a class="button" href="/admin/advocates/new">Add an advocate</a>
              <a class="button" href="/admin/advocates/import">Upload a roster CSV</a>
              <a class="button" href="/admin/advocates/roster.csv" download>Export the roster as CSV</a>
            </p>
            ${
              erasures.length > 0
                ? html`<h2>Erasure requests (${erasures.length})</h2>
                    <p>These advocates asked on their privacy page for their data to be erased (privacy.erasure: admin-confirms).</p>
                    <div class="table-scroll">
                      <table class="sources erasures">
                        <tbody>
                          ${erasures.map((r) => {
                            const action = `/admin/advocates/${String(r.advocate_id)}/erase`;
                            return html`<tr>
                              <td>${r.name}</td>
                              <td>${r.email}</td>
                              <td>${r.branch ?? ''}</td>
                              <td>asked ${timeAgo(r.requested_at)}</td>
                              <td>
                                <form method="post" action="${action}">
                                  ${formField(c, deps, action, c.get('admin').id)}<button type="submit">Confirm erasure of ${r.name}</button>
                                </form>
                              </td>
                            </tr>`;
                          })}
                        </tbody>
                      </table>
                    </div>`
                : ''
            }
            ${listSearch({
              path: '/admin/advocates',
              label: 'Name or address',
              search,
              sort,
              sorts: ADVOCATE_SORTS.map((s) => [s, SORT_LABELS[s]] as const),
              filters: html`${filterSelect('Branch', 'branch', facets.branches, branch)} ${filterSelect('Topic', 'topic', facets.topics, topic)}`,
            })}
            ${pager(page, '/admin/advocates', params, 'advocates')}
            ${
              advocates.length === 0
                ? html`<div class="empty">
                    No advocates${filtered ? ' match' : html` yet: add one, upload a roster CSV, or run <code>kaiku advocates import roster.csv</code>`}.
                  </div>`
                : html`<div class="table-scroll">
                      <table class="sources">
                        <thead>
                          <tr>
                            <th>Name</th>
                            <th>Branch</th>
                            <th>Topics</th>
                            <th>Networks</th>
                            <th>Language · zone</th>
                            <th>Mail</th>
                            <th>Last digest</th>
                            <th></th>
                          </tr>
                        </thead>
                        <tbody>
                          ${advocates.map((a) => row(a))}
                        </tbody>
                      </table>
                    </div>
                    ${pager(page, '/admin/advocates', params, 'advocates')}`
            }
          </main>`,
      ),
    );
  });

  // The digest's own HTML, in a frame of its own: a mail's inline styles need a CSP of their own (a srcdoc frame
  // would inherit the console's style-src 'self'), sandboxed so it runs nothing and reaches nothing of kaiku's.
  app.get('/advocates/:id/preview.html', async (c) => {
    const advocate = /^\d+$/.test(c.req.param('id')) ? await deps.store.advocates.get(c.req.param('id')) : undefined;
    const preview = advocate ? await composer.preview(advocate) : undefined;
    if (!preview?.mail) return c.text('No digest to preview', 404);
    c.header('content-security-policy', FRAMED_MAIL_CSP);
    return c.html(preview.mail.html);
  });

  app.get('/advocates/:id/preview', async (c) => {
    const advocate = /^\d+$/.test(c.req.param('id')) ? await deps.store.advocates.get(c.req.param('id')) : undefined;
    if (!advocate)
      return c.html(
        layout(
          'Not found',
          html`${adminHeader(c, deps, 'advocates')}
            <main>
              <div class="notice bad" role="alert">There is no such advocate. <a href="/admin/advocates">Back to the advocates</a>.</div>
            </main>`,
        ),
        404,
      );
    const preview = await composer.preview(advocate);
    c.header('content-security-policy', MAIL_FRAME_PAGE_CSP);
    return c.html(
      layout(
        `Next digest of ${advocate.name}`,
        html`${adminHeader(c, deps, 'advocates')}
          <main>
            ${
              preview.mail
                ? html`<p><strong>${preview.mail.subject}</strong> · ${preview.items.length} items · not sent</p>
                    ${mailFrame({ src: `/admin/advocates/${advocate.id}/preview.html`, title: 'digest', className: 'preview' })}${fitMailFrames()}`
                : html`<div class="empty">No approved item fits ${advocate.name} now: they would get no email.</div>`
            }
          </main>`,
      ),
    );
  });
}

function filterSelect(label: string, name: string, options: readonly string[], current: string | undefined) {
  return html`<label
    >${label}
    <select name="${name}">
      <option value="">all</option>
      ${options.map((option) => html`<option ${option === current ? 'selected' : ''}>${option}</option>`)}
    </select></label
  >`;
}

function row(a: AdvocateRow) {
  const state = advocateState(a);
  return html`<tr data-advocate-id="${a.id}">
    <td><a href="/admin/advocates/${a.id}">${a.name}</a><br /><small>${a.email}</small></td>
    <td>${a.branch ?? ''}</td>
    <td>${a.topics.join(', ') || 'all'}</td>
    <td>${a.networks.map((n) => NETWORK_NAMES[n]).join(', ')}</td>
    <td>${a.language} · ${a.time_zone}</td>
    <td>${state}${a.bounces > 0 ? ` (${a.bounces} bounces)` : ''}${a.paused_until ? html`<br /><small>paused until ${a.paused_until}</small>` : ''}</td>
    <td>${a.last_digest_at ? timeAgo(a.last_digest_at) : 'never'}</td>
    <td>${a.erased_at || a.removed_at ? '' : html`<a href="/admin/advocates/${a.id}/preview">Preview digest</a>`}</td>
  </tr>`;
}
