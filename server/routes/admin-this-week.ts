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
import { summarizeRun, type AdvocateOutcome, type SegmentRow } from '../../rules/digests/next-run.js';
import { languageName } from '../../rules/urgent/urgent-audience.js';
import type { ConsoleLanguage } from '../../db/queries/admin-languages.js';
import { consoleLanguage } from '../console/console-language.js';
import { CONSOLE_STRINGS } from '../console/console-strings.js';

// The next digest run, planned dry through the run's own planning and selection: nothing is recorded or sent.

const NAMES_PER_REASON = 10;
const SEARCH_RESULTS = 20;

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
    const lang = consoleLanguage(c);
    const t = CONSOLE_STRINGS[lang].thisWeek;
    const [runIs, willMail, of, advocates] = t.nextRun;
    return c.html(
      layout(
        t.title,
        html`${adminHeader(c, deps, 'this-week')}
          <main>
            <h2>${t.title}</h2>
            <section class="report" id="next-run">
              <p>
                ${runIs}<strong id="next-run-at">${formatMoment(run.at, config.program.timeZone)}</strong>${willMail}<strong data-figure="mailed"
                  >${summary.mailed}</strong
                >${of}<span data-figure="advocates">${summary.advocates}</span>${advocates}
              </p>
              ${
                run.zones.length > 1
                  ? html`<p class="muted">
                      ${t.zones(config.digest.day, config.digest.time)} ${run.zones.map((z, i) => html`${i > 0 ? '; ' : ''}${formatMoment(z.at, z.timeZone)}`)}.
                    </p>`
                  : ''
              }
              <p class="muted">${t.counted}</p>
            </section>
            <h3>${t.items}</h3>
            ${
              summary.items.length === 0
                ? html`<div class="empty" id="items">${t.noItems}</div>`
                : html`<div class="table-scroll" tabindex="0">
                    <table class="sources" id="items">
                      <caption>
                        ${t.itemsCaption}
                      </caption>
                      <thead>
                        <tr>
                          <th scope="col">${t.item}</th>
                          <th scope="col">${t.advocates}</th>
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
            ${segmentTable('by-language', [t.byLanguage, t.language], summary.byLanguage, (v) => `${languageName(v)} (${v})`, lang)}
            ${segmentTable('by-branch', [t.byBranch, t.branch], summary.byBranch, (v) => v || t.noBranch, lang)}
            ${segmentTable('by-topic', [t.byTopic, t.topic], summary.byTopic, (v) => v || t.noTopics, lang)}
            <h3>${t.nothingTitle}</h3>
            ${
              summary.nothing.length === 0
                ? html`<p id="nothing">${t.everyone}</p>`
                : html`<ul id="nothing" class="left-out">
                    ${summary.nothing.map(
                      (row) =>
                        html`<li data-reason="${row.reason}">
                          <strong data-figure="count">${row.count}</strong> ${t.reasons[row.reason]}:
                          ${row.names.map((n, i) => html`${i > 0 ? ', ' : ''}<a href="/admin/this-week?advocate=${n.id}#preview">${n.name}</a>`)}${
                            row.count > row.names.length ? html`${t.more[0]}<span data-figure="more">${row.count - row.names.length}</span>${t.more[1]}` : ''
                          }
                        </li>`,
                    )}
                  </ul>`
            }
            <h3 id="preview">${t.previewTitle}</h3>
            <form method="get" action="/admin/this-week#preview" class="inline" role="search">
              <label for="q">${t.nameOrEmail}</label>
              <input id="q" name="q" type="search" value="${query}" />
              <button type="submit">${t.find}</button>
            </form>
            ${query ? searchResults(run.outcomes, query, lang) : ''} ${chosen ? preview(previewed, lang) : ''}
          </main>`,
        lang,
      ),
    );
  });
}

function segmentTable(id: string, [heading, label]: [string, string], rows: readonly SegmentRow[], name: (value: string) => string, lang: ConsoleLanguage) {
  const t = CONSOLE_STRINGS[lang].thisWeek;
  return html`<h3>${heading}</h3>
    <div class="table-scroll" tabindex="0">
      <table class="sources" id="${id}">
        <thead>
          <tr>
            <th scope="col">${label}</th>
            <th scope="col">${t.advocates}</th>
            <th scope="col">${t.getDigest}</th>
            <th scope="col">${t.itemsOffered}</th>
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

function searchResults(outcomes: readonly AdvocateOutcome[], query: string, lang: ConsoleLanguage) {
  const t = CONSOLE_STRINGS[lang].thisWeek;
  const needle = query.toLowerCase();
  const found = outcomes.filter((o) => o.advocate.name.toLowerCase().includes(needle) || o.advocate.email.toLowerCase().includes(needle));
  if (found.length === 0) return html`<p id="search-results">${t.noMatch(query)}</p>`;
  return html`<ul id="search-results">
    ${found
      .slice(0, SEARCH_RESULTS)
      .map(
        (o) =>
          html`<li>
            <a href="/admin/this-week?advocate=${o.advocate.id}#preview">${o.advocate.name}</a> <small>${o.advocate.email}</small> ·
            ${o.reason ? t.reasons[o.reason] : t.itemCount(o.items.length)}
          </li>`,
      )}
    ${found.length > SEARCH_RESULTS ? html`<li>${t.andMore(found.length - SEARCH_RESULTS)}</li>` : ''}
  </ul>`;
}

function preview(outcome: AdvocateOutcome | undefined, lang: ConsoleLanguage) {
  const t = CONSOLE_STRINGS[lang].thisWeek;
  if (!outcome) return html`<div class="notice bad" role="alert" id="preview-of">${t.noSuchAdvocate}</div>`;
  const { advocate } = outcome;
  if (outcome.reason)
    return html`<p id="preview-of" data-advocate="${advocate.id}"><strong>${advocate.name}</strong>${t.getsNothing(t.reasons[outcome.reason])}</p>`;
  return html`<p id="preview-of" data-advocate="${advocate.id}">
      <strong>${advocate.name}</strong>${t.gets(outcome.items.length)}${outcome.items.map((item, i) => html`${i > 0 ? ', ' : ''}${item.title}`)}.
    </p>
    ${mailFrame({ src: `/admin/advocates/${advocate.id}/preview.html`, title: 'digest', className: 'preview' })}${fitMailFrames()}`;
}
