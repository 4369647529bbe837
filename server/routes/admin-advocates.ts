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
import type { ConsoleLanguage } from '../../db/queries/admin-languages.js';
import { consoleLanguage } from '../console/console-language.js';
import { CONSOLE_STRINGS } from '../console/console-strings.js';

// The roster on the admin page, a page at a time, filtered by branch and topic, searched and sorted, and each
// advocate's next digest as they would see it.

const PAGE_SIZE = 100;

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
    const lang = consoleLanguage(c);
    const t = CONSOLE_STRINGS[lang];
    const sortLabels: Record<AdvocateSort, string> = t.advocates.sorts;
    let page;
    try {
      page = await deps.store.advocates.page({ branch, topic, search, sort, ...pageRequest((name) => c.req.query(name), PAGE_SIZE) });
    } catch (error) {
      if (!(error instanceof PageCursorError)) throw error;
      return c.html(
        layout(
          t.items.badPageTitle,
          html`${adminHeader(c, deps, 'advocates')}
            <main>
              <div class="notice bad" role="alert">${t.items.badPage} <a href="/admin/advocates">${t.items.firstPage}</a>.</div>
            </main>`,
          lang,
        ),
        400,
      );
    }
    const [facets, total, erasures] = await Promise.all([deps.store.advocates.facets(), deps.store.advocates.count(), deps.store.privacy.pendingErasures()]);
    const advocates = page.rows;
    const filtered = branch || topic || search;
    return c.html(
      layout(
        t.advocates.title,
        html`${adminHeader(c, deps, 'advocates')}
          <main>
            <h1>${t.advocates.heading(filtered ? t.advocates.ofTotal(page.total, total) : String(total))}</h1>
            <p class="actions">
              <a class="button" href="/admin/advocates/new">${t.advocates.add}</a>
              <a class="button" href="/admin/advocates/import">${t.advocates.upload}</a>
              <a class="button" href="/admin/advocates/roster.csv" download>${t.advocates.export}</a>
            </p>
            ${
              erasures.length > 0
                ? html`<h2>${t.advocates.erasures(erasures.length)}</h2>
                    <p>${t.advocates.erasuresText}</p>
                    <div class="table-scroll" tabindex="0">
                      <table class="sources erasures">
                        <tbody>
                          ${erasures.map((r) => {
                            const action = `/admin/advocates/${String(r.advocate_id)}/erase`;
                            return html`<tr>
                              <td>${r.name}</td>
                              <td>${r.email}</td>
                              <td>${r.branch ?? ''}</td>
                              <td>${t.advocates.asked(timeAgo(r.requested_at, undefined, lang))}</td>
                              <td>
                                <form method="post" action="${action}">
                                  ${formField(c, deps, action, c.get('admin').id)}<button type="submit">${t.advocates.confirmErasure(r.name)}</button>
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
              label: t.advocates.searchLabel,
              search,
              sort,
              sorts: ADVOCATE_SORTS.map((s) => [s, sortLabels[s]] as const),
              filters: html`${filterSelect(t.advocates.branch, 'branch', facets.branches, branch, t.advocates.all)}
              ${filterSelect(t.advocates.topic, 'topic', facets.topics, topic, t.advocates.all)}`,
              language: lang,
            })}
            ${pager(page, '/admin/advocates', params, t.advocates.noun, lang)}
            ${
              advocates.length === 0
                ? html`<div class="empty">
                    ${filtered ? t.advocates.noMatch : html`${t.advocates.none[0]}<code>kaiku advocates import roster.csv</code>${t.advocates.none[1]}`}
                  </div>`
                : html`<div class="table-scroll" tabindex="0">
                      <table class="sources">
                        <thead>
                          <tr>
                            <th>${t.advocates.columns.name}</th>
                            <th>${t.advocates.columns.branch}</th>
                            <th>${t.advocates.columns.topics}</th>
                            <th>${t.advocates.columns.networks}</th>
                            <th>${t.advocates.columns.languageZone}</th>
                            <th>${t.advocates.columns.mail}</th>
                            <th>${t.advocates.columns.lastDigest}</th>
                            <th></th>
                          </tr>
                        </thead>
                        <tbody>
                          ${advocates.map((a) => row(a, lang))}
                        </tbody>
                      </table>
                    </div>
                    ${pager(page, '/admin/advocates', params, t.advocates.noun, lang)}`
            }
          </main>`,
        lang,
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
    const lang = consoleLanguage(c);
    const t = CONSOLE_STRINGS[lang];
    if (!advocate)
      return c.html(
        layout(
          t.items.notFoundTitle,
          html`${adminHeader(c, deps, 'advocates')}
            <main>
              <div class="notice bad" role="alert">${t.advocates.notFound} <a href="/admin/advocates">${t.advocates.back}</a>.</div>
            </main>`,
          lang,
        ),
        404,
      );
    const preview = await composer.preview(advocate);
    c.header('content-security-policy', MAIL_FRAME_PAGE_CSP);
    return c.html(
      layout(
        t.advocates.nextDigestOf(advocate.name),
        html`${adminHeader(c, deps, 'advocates')}
          <main>
            ${
              preview.mail
                ? html`<p><strong>${preview.mail.subject}</strong>${t.advocates.previewLine(preview.items.length)}</p>
                    ${mailFrame({
                      src: `/admin/advocates/${advocate.id}/preview.html`,
                      title: t.advocateForm.digestFrame.title,
                      className: 'preview',
                      openLabel: t.advocateForm.digestFrame.open,
                    })}${fitMailFrames()}`
                : html`<div class="empty">${t.advocates.noFit(advocate.name)}</div>`
            }
          </main>`,
        lang,
      ),
    );
  });
}

function filterSelect(label: string, name: string, options: readonly string[], current: string | undefined, all: string) {
  return html`<label
    >${label}
    <select name="${name}">
      <option value="">${all}</option>
      ${options.map((option) => html`<option ${option === current ? 'selected' : ''}>${option}</option>`)}
    </select></label
  >`;
}

/** A day (YYYY-MM-DD) as the admin's language writes it: 1.12.2026 in Finnish; English and Swedish keep 2026-12-01. */
export function dayText(day: string, lang: ConsoleLanguage): string {
  // The catalogue's own day words, which the analytics tables write their days in too.
  return /^\d{4}-\d\d-\d\d$/.test(day) ? CONSOLE_STRINGS[lang].analytics.date(day) : day;
}

function row(a: AdvocateRow, lang: ConsoleLanguage) {
  const t = CONSOLE_STRINGS[lang].advocates;
  const state = CONSOLE_STRINGS[lang].advocateForm.states[advocateState(a)];
  return html`<tr data-advocate-id="${a.id}">
    <td><a href="/admin/advocates/${a.id}">${a.name}</a><br /><small>${a.email}</small></td>
    <td>${a.branch ?? ''}</td>
    <td>${a.topics.join(', ') || t.all}</td>
    <td>${a.networks.map((n) => NETWORK_NAMES[n]).join(', ')}</td>
    <td>${a.language} · ${a.time_zone}</td>
    <td>
      ${state}${a.bounces > 0 ? t.bounces(a.bounces) : ''}${a.paused_until ? html`<br /><small>${t.pausedUntil(dayText(a.paused_until, lang))}</small>` : ''}
    </td>
    <td>${a.last_digest_at ? timeAgo(a.last_digest_at, undefined, lang) : t.never}</td>
    <td>${a.erased_at || a.removed_at ? '' : html`<a href="/admin/advocates/${a.id}/preview">${t.preview}</a>`}</td>
  </tr>`;
}
