import { html } from 'hono/html';
import type { Hono } from 'hono';
import { buildReport, buildTable, REPORT_IDS, toCsv, type ReportId, type ReportTable } from '../analytics-report.js';
import type { KaikuConfig } from '../../config/schema.js';
import { monthOf, monthWindow, weekWindow } from '../../rules/digests/digest-moment.js';
import type { BoardRow } from '../../db/queries/points.js';
import type { Store } from '../../db/store.js';
import type { Secret } from '../../rules/tokens/secret.js';
import { adminHeader } from '../pages/admin-header.js';
import type { AdminSession } from '../session.js';
import { barChart, columnChart } from '../pages/charts.js';
import { layout } from '../pages/layout.js';

// The admin's view of the programme: leaderboards (week, month, all time; whole programme or one branch),
// the reward months and their winners, and the analytics with their charts and CSV downloads.

const COLOURS = ['#2457c5', '#1f9d8a', '#d9822b', '#8e44ad'];

export function addEngagementPages(app: Hono<{ Variables: { admin: AdminSession } }>, deps: { store: Store; config: KaikuConfig; secret: Secret }) {
  const zone = deps.config.program.timeZone;
  app.get('/leaderboards', async (c) => {
    const branches = await deps.store.points.branches();
    const branch = branches.find((b) => b === c.req.query('branch'));
    const now = new Date();
    const windows = [
      { title: 'This week', ...weekWindow(now, zone) },
      { title: 'This month', ...monthWindow(monthOf(now, zone), zone) },
      { title: 'All time', from: undefined, to: undefined },
    ];
    const boards = await Promise.all(windows.map((w) => deps.store.points.board({ from: w.from, to: w.to, branch, limit: 10 })));
    const months = await deps.store.engagement.closedMonths();
    const winners = await Promise.all(months.slice(0, 3).map((m) => deps.store.engagement.winners(m.month)));
    return c.html(
      layout(
        'Leaderboards',
        html`${adminHeader(c, deps, 'leaderboards')}
          <main>
            <h2>Leaderboards${branch ? html` · ${branch}` : ' · whole programme'}</h2>
            <form method="get" class="inline">
              <label
                >Branch
                <select name="branch">
                  <option value="">Whole programme</option>
                  ${branches.map((b) => html`<option value="${b}" ${b === branch ? 'selected' : ''}>${b}</option>`)}
                </select></label
              >
              <button type="submit">Show</button>
            </form>
            <p class="muted">Names appear only for advocates who chose so on their preferences page; the others as “an advocate from” their branch.</p>
            <div class="boards">${windows.map((w, i) => boardCard(w.title, boards[i]!))}</div>
            <h2>Rewards</h2>
            ${
              months.length === 0
                ? html`<div class="empty">
                    No month closed yet. The 1st of each month closes the month before; or run <code>kaiku rewards close --month YYYY-MM</code>.
                  </div>`
                : months.slice(0, 3).map(
                    (m, i) =>
                      html`<h3>${m.month}</h3>
                        ${
                          winners[i]!.length === 0
                            ? html`<p class="muted">No winners: nobody earned points that month.</p>`
                            : html`<div class="table-scroll" tabindex="0">
                                <table class="sources">
                                  <thead>
                                    <tr>
                                      <th></th>
                                      <th>Winner</th>
                                      <th>Branch</th>
                                      <th>Points</th>
                                    </tr>
                                  </thead>
                                  <tbody>
                                    ${winners[i]!.map(
                                      (w) =>
                                        html`<tr>
                                          <td>${w.kind === 'top' ? `#${w.rank}` : 'drawn'}</td>
                                          <td>${w.name} &lt;${w.email}&gt;</td>
                                          <td>${w.branch ?? ''}</td>
                                          <td>${w.points}</td>
                                        </tr>`,
                                    )}
                                  </tbody>
                                </table>
                              </div>`
                        }`,
                  )
            }
          </main>`,
      ),
    );
  });

  app.get('/analytics', async (c) => {
    const [tables, behind] = await Promise.all([buildReport(deps.store, deps.config), deps.store.analytics.behind()]);
    return c.html(
      layout(
        'Analytics',
        html`${adminHeader(c, deps, 'analytics')}
          <main>
            <h2>Analytics · last ${deps.config.analytics.weeks} weeks</h2>
            ${
              behind > 0
                ? html`<p class="notice" role="status">
                    ${behind.toLocaleString('en-US')} share and click events are not counted here yet: the points tally counts them within a minute or so.
                  </p>`
                : ''
            }
            ${kpis(tables, deps.config)} ${tables.map((table) => tableSection(table))}
          </main>`,
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

/** The figures an admin reads first, summed from the tables below. */
function kpis(tables: ReportTable[], config: KaikuConfig) {
  const sum = (id: string, column: number) => tables.find((t) => t.id === id)!.rows.reduce((total, row) => total + Number(row[column] ?? 0), 0);
  const opened = sum('digest-funnel', 2);
  // The weekly table's columns: week, share pages opened, shares, clicks. A share page opened is not a share.
  const figures: [string, string][] = [
    ['Shares', String(sum('weekly', 2))],
    ['Clicks', String(sum('weekly', 3))],
    ['Share pages opened', String(sum('weekly', 1))],
    ['Earned media', `${sum('earned-media', 2).toFixed(2)} ${config.analytics.currency}`],
    ['Open-to-share', opened > 0 ? `${Math.round((sum('digest-funnel', 3) / opened) * 100)} %` : '–'],
    // Approved only: the table's Decided counts rejections too.
    ['Items approved', String(sum('approval-times', 2))],
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

function boardCard(title: string, rows: BoardRow[]) {
  return html`<section class="board">
    <h3>${title}</h3>
    ${
      rows.length === 0
        ? html`<p class="muted">No points yet.</p>`
        : html`<ol>
            ${rows.map((r) => html`<li value="${r.rank}">${r.name ?? `An advocate from ${r.branch ?? 'the programme'}`} <span class="muted">· ${r.points} pts</span></li>`)}
          </ol>`
    }
  </section>`;
}

function tableSection(table: ReportTable) {
  const series = (table.chart?.series ?? []).map((column, i) => ({
    name: table.columns[column]!,
    colour: COLOURS[i % COLOURS.length]!,
    values: table.rows.map((row) => Number(row[column] ?? 0)),
  }));
  const labels = table.rows.map((row) => String(row[0]));
  const chart =
    !table.chart || table.rows.length === 0
      ? ''
      : table.chart.kind === 'weeks'
        ? columnChart(
            table.title,
            labels.map((l) => l.slice(5)),
            series,
          )
        : barChart(table.title, labels, series);
  return html`<section class="report" id="${table.id}">
    <h3>${table.title} <a href="/admin/analytics/${table.id}.csv">CSV</a></h3>
    <p class="muted">${table.note}</p>
    ${table.rows.length === 0 ? html`<div class="empty">Nothing yet.</div>` : chart}
    ${
      table.rows.length === 0
        ? ''
        : html`<details>
            <summary>Table</summary>
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
                        ${row.map((cell) => html`<td>${cell}</td>`)}
                      </tr>`,
                  )}
                </tbody>
              </table>
            </div>
          </details>`
    }
  </section>`;
}
