import { html } from 'hono/html';
import type { Hono } from 'hono';
import { buildReport, buildTable, REPORT_IDS, toCsv, type Cell, type ReportId, type ReportTable } from '../analytics-report.js';
import type { KaikuConfig } from '../../config/schema.js';
import { monthOf, monthWindow, weekWindow } from '../../rules/digests/digest-moment.js';
import type { BoardRow } from '../../db/queries/points.js';
import type { Store } from '../../db/store.js';
import type { Secret } from '../../rules/tokens/secret.js';
import { adminHeader } from '../pages/admin-header.js';
import type { AdminSession } from '../session.js';
import { barChart, columnChart } from '../pages/charts.js';
import { layout } from '../pages/layout.js';
import type { ConsoleLanguage } from '../../db/queries/admin-languages.js';
import { consoleLanguage } from '../console/console-language.js';
import { CONSOLE_STRINGS, type ConsoleStrings } from '../console/console-strings.js';
import { numberText } from '../console/number-text.js';

// The admin's view of the programme: leaderboards (week, month, all time; whole programme or one branch),
// the reward months and their winners, and the analytics with their charts and CSV downloads. In the admin's
// language, figures as it writes them (issue 17); the CSV downloads keep English column names and plain numbers.

const COLOURS = ['#2457c5', '#1f9d8a', '#d9822b', '#8e44ad'];

export function addEngagementPages(app: Hono<{ Variables: { admin: AdminSession } }>, deps: { store: Store; config: KaikuConfig; secret: Secret }) {
  const zone = deps.config.program.timeZone;
  app.get('/leaderboards', async (c) => {
    const branches = await deps.store.points.branches();
    const branch = branches.find((b) => b === c.req.query('branch'));
    const now = new Date();
    const lang = consoleLanguage(c);
    const t = CONSOLE_STRINGS[lang].leaderboards;
    const windows = [
      { title: t.windows.week, ...weekWindow(now, zone) },
      { title: t.windows.month, ...monthWindow(monthOf(now, zone), zone) },
      { title: t.windows.all, from: undefined, to: undefined },
    ];
    const boards = await Promise.all(windows.map((w) => deps.store.points.board({ from: w.from, to: w.to, branch, limit: 10 })));
    const months = await deps.store.engagement.closedMonths();
    const winners = await Promise.all(months.slice(0, 3).map((m) => deps.store.engagement.winners(m.month)));
    return c.html(
      layout(
        t.title,
        html`${adminHeader(c, deps, 'leaderboards')}
          <main>
            <h2>${t.heading(branch)}</h2>
            <form method="get" class="inline">
              <label
                >${t.branch}
                <select name="branch">
                  <option value="">${t.wholeProgramme}</option>
                  ${branches.map((b) => html`<option value="${b}" ${b === branch ? 'selected' : ''}>${b}</option>`)}
                </select></label
              >
              <button type="submit">${t.show}</button>
            </form>
            <p class="muted">${t.namesNote}</p>
            <div class="boards">${windows.map((w, i) => boardCard(w.title, boards[i]!, lang))}</div>
            <h2>${t.rewards}</h2>
            ${
              months.length === 0
                ? html`<div class="empty">${t.noMonth[0]}<code>kaiku rewards close --month YYYY-MM</code>${t.noMonth[1]}</div>`
                : months.slice(0, 3).map(
                    (m, i) =>
                      html`<h3 data-month="${m.month}">${t.month(m.month)}</h3>
                        ${
                          winners[i]!.length === 0
                            ? html`<p class="muted">${t.noWinners}</p>`
                            : html`<div class="table-scroll" tabindex="0">
                                <table class="sources">
                                  <thead>
                                    <tr>
                                      <th></th>
                                      <th>${t.columns.winner}</th>
                                      <th>${t.columns.branch}</th>
                                      <th>${t.columns.points}</th>
                                    </tr>
                                  </thead>
                                  <tbody>
                                    ${winners[i]!.map(
                                      (w) =>
                                        html`<tr>
                                          <td>${w.kind === 'top' ? `#${w.rank}` : t.drawn}</td>
                                          <td>${w.name} &lt;${w.email}&gt;</td>
                                          <td>${w.branch ?? ''}</td>
                                          <td>${figure(w.points, lang)}</td>
                                        </tr>`,
                                    )}
                                  </tbody>
                                </table>
                              </div>`
                        }`,
                  )
            }
          </main>`,
        lang,
      ),
    );
  });

  app.get('/analytics', async (c) => {
    const lang = consoleLanguage(c);
    const t = CONSOLE_STRINGS[lang].analytics;
    const [tables, behind] = await Promise.all([buildReport(deps.store, deps.config, new Date(), t.report), deps.store.analytics.behind()]);
    return c.html(
      layout(
        t.title,
        html`${adminHeader(c, deps, 'analytics')}
          <main>
            <h2>${t.heading(deps.config.analytics.weeks)}</h2>
            ${behind > 0 ? html`<p class="notice" role="status">${t.behind(numberText(behind, lang))}</p>` : ''} ${kpis(tables, deps.config, lang)}
            ${tables.map((table) => tableSection(table, lang))}
          </main>`,
        lang,
      ),
    );
  });

  /** `GET /admin/analytics/<table>.csv` (e.g. `/admin/analytics/by-source.csv`): one table as CSV, computed alone. */
  app.get('/analytics/:file', async (c) => {
    const id = c.req.param('file').replace(/\.csv$/, '');
    if (!(REPORT_IDS as readonly string[]).includes(id)) return c.text(`No such table "${id}"; the tables are ${REPORT_IDS.join(', ')}.`, 404);
    const table = await buildTable(deps.store, deps.config, id as ReportId);
    return new Response(toCsv(table), {
      headers: {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="kaiku-${id}-${new Date().toISOString().slice(0, 10)}.csv"`,
        'cache-control': 'no-store',
      },
    });
  });
}

/**
 * A figure as the console's language writes it: in Finnish and Swedish by Intl (1 234,5); in English as before, plain
 * (1234.5), which the English pages and their tests read. `digits` fixes the decimals (money).
 */
function figure(value: number, lang: ConsoleLanguage, digits?: number): string {
  if (lang === 'en') return digits === undefined ? String(value) : value.toFixed(digits);
  return value.toLocaleString(lang, digits === undefined ? { maximumFractionDigits: 2 } : { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** A week's start (YYYY-MM-DD) under its bars: day and month as the language writes them (1.12., 1/12), MM-DD in English. */
function weekLabel(date: string, lang: ConsoleLanguage): string {
  if (lang === 'en') return date.slice(5);
  return new Intl.DateTimeFormat(lang, { day: 'numeric', month: 'numeric', timeZone: 'UTC' }).format(new Date(`${date}T00:00:00Z`));
}

/** A table's cell: a figure by `figure`, a local date (YYYY-MM-DD) as the language writes it, any other text as it is. */
function cellText(cell: Cell, lang: ConsoleLanguage, t: ConsoleStrings['analytics']): string {
  if (typeof cell === 'number') return figure(cell, lang);
  return /^\d{4}-\d{2}-\d{2}$/.test(cell) ? t.date(cell) : cell;
}

/** The figures an admin reads first, summed from the tables below. */
function kpis(tables: ReportTable[], config: KaikuConfig, lang: ConsoleLanguage) {
  const t = CONSOLE_STRINGS[lang].analytics;
  const sum = (id: string, column: number) => tables.find((t) => t.id === id)!.rows.reduce((total, row) => total + Number(row[column] ?? 0), 0);
  const opened = sum('digest-funnel', 2);
  // The weekly table's columns: week, share pages opened, shares, clicks. A share page opened is not a share.
  const figures: [string, string][] = [
    [t.kpis.shares, figure(sum('weekly', 2), lang)],
    [t.kpis.clicks, figure(sum('weekly', 3), lang)],
    [t.kpis.opened, figure(sum('weekly', 1), lang)],
    [t.kpis.earnedMedia, `${figure(sum('earned-media', 2), lang, 2)} ${config.analytics.currency}`],
    [t.kpis.openToShare, opened > 0 ? t.percent(figure(Math.round((sum('digest-funnel', 3) / opened) * 100), lang)) : '–'],
    // Approved only: the table's Decided counts rejections too.
    [t.kpis.approved, figure(sum('approval-times', 2), lang)],
  ];
  return html`<div class="kpis">
    ${figures.map(
      ([label, value]) =>
        html`<div class="kpi">
          <div class="muted label">${label}</div>
          <div class="value">${value}</div>
        </div>`,
    )}
  </div>`;
}

function boardCard(title: string, rows: BoardRow[], lang: ConsoleLanguage) {
  const t = CONSOLE_STRINGS[lang].leaderboards;
  return html`<section class="board">
    <h3>${title}</h3>
    ${
      rows.length === 0
        ? html`<p class="muted">${t.noPoints}</p>`
        : html`<ol>
            ${rows.map((r) => html`<li value="${r.rank}">${r.name ?? t.anonymous(r.branch)} <span class="muted">${t.points(r.points, figure(r.points, lang))}</span></li>`)}
          </ol>`
    }
  </section>`;
}

function tableSection(table: ReportTable, lang: ConsoleLanguage) {
  const t = CONSOLE_STRINGS[lang].analytics;
  const series = (table.chart?.series ?? []).map((column, i) => ({
    name: table.columns[column]!,
    colour: COLOURS[i % COLOURS.length]!,
    values: table.rows.map((row) => Number(row[column] ?? 0)),
  }));
  const labels = table.rows.map((row) => String(row[0]));
  // Bars and axes in the page's language too; English keeps the charts' own plain figures and MM-DD weeks.
  const chartFigure = lang === 'en' ? undefined : (value: number) => value.toLocaleString(lang, { maximumFractionDigits: 1 });
  const chart =
    !table.chart || table.rows.length === 0
      ? ''
      : table.chart.kind === 'weeks'
        ? columnChart(
            table.title,
            labels.map((l) => weekLabel(l, lang)),
            series,
            chartFigure,
          )
        : barChart(table.title, labels, series, chartFigure);
  return html`<section class="report" id="${table.id}">
    <h3>${table.title} <a href="/admin/analytics/${table.id}.csv">CSV</a></h3>
    <p class="muted">${table.note}</p>
    ${table.rows.length === 0 ? html`<div class="empty">${t.nothingYet}</div>` : chart}
    ${
      table.rows.length === 0
        ? ''
        : html`<details>
            <summary>${t.table}</summary>
            <div class="table-scroll" tabindex="0">
              <table class="sources">
                <thead>
                  <tr>
                    ${table.columns.map((column) => html`<th>${column}</th>`)}
                  </tr>
                </thead>
                <tbody>
                  ${table.rows.map(
                    (row) =>
                      html`<tr>
                        ${row.map((cell) => html`<td>${cellText(cell, lang, t)}</td>`)}
                      </tr>`,
                  )}
                </tbody>
              </table>
            </div>
          </details>`
    }
  </section>`;
}
