import { html } from 'hono/html';
import type { Hono } from 'hono';
import type { KaikuConfig } from '../../config/schema.js';
import { formatDuration } from '../../config/units.js';
import type { BatchFigures } from '../../db/queries/digests.js';
import type { DigestRunRow, DigestRunTotals } from '../../db/schema.js';
import type { Store } from '../../db/store.js';
import type { Secret } from '../../rules/tokens/secret.js';
import type { AdminSession } from '../session.js';
import { adminHeader } from '../pages/admin-header.js';
import { layout, timeAgo } from '../pages/layout.js';
import { localDate } from '../../rules/digests/digest-moment.js';
import { currentOrNextQuietPeriod } from '../../rules/digests/mail-budget.js';
import type { ConsoleLanguage } from '../../db/queries/admin-languages.js';
import { consoleLanguage } from '../console/console-language.js';
import { CONSOLE_STRINGS } from '../console/console-strings.js';

// The digest runs as the store holds them: the one sending now, by batch and worker, and the last ones.

const RECENT = 10;

type Run = DigestRunRow & { interrupted: boolean };

/**
 * `GET /admin/digests`: the digest run in progress (planned, sent, deferred, failed, by batch, and which
 * worker took each batch) and the last ten runs, read from the store at each load, so a reload shows a run
 * moving. Every figure cell carries `data-figure`, e.g. `<td data-figure="sent">120</td>`. The mail budget
 * (`mail:`) is shown above: the quiet period now or next (`#quiet-period`), the weekly cap, and what the last
 * run held and why (`#held`, e.g. `<span data-held="quiet period">120</span>`).
 */
export function addDigestPages(app: Hono<{ Variables: { admin: AdminSession } }>, deps: { store: Store; config: KaikuConfig; secret: Secret }) {
  app.get('/digests', async (c) => {
    const runs = await deps.store.digests.runs(RECENT);
    const current = runs.find((run) => !run.finished_at && !run.interrupted);
    // A finished run keeps the totals it ended with; one still open is counted now.
    const figures = await Promise.all(runs.map(async (run) => run.totals ?? (await deps.store.digests.runFigures(run.id)).total));
    const live = current ? await deps.store.digests.runFigures(current.id) : undefined;
    const lang = consoleLanguage(c);
    const t = CONSOLE_STRINGS[lang].digests;
    const [noRun, noRunAfter] = t.noRun(deps.config.digest.day, deps.config.digest.time);
    return c.html(
      layout(
        t.title,
        html`${adminHeader(c, deps, 'digests')}
          <main>
            <h2>${t.title}</h2>
            ${mailBudget(deps.config, runs[0], lang)}
            ${current && live ? currentRun(current, live, lang) : html`<div class="empty">${noRun}<code>kaiku digest send --now</code>${noRunAfter}</div>`}
            <h3>${t.lastRuns}</h3>
            ${runs.length === 0 ? html`<div class="empty">${t.noneYet}</div>` : lastRuns(runs, figures, lang)}
          </main>`,
        lang,
      ),
    );
  });
}

function mailBudget(config: KaikuConfig, last: Run | undefined, lang: ConsoleLanguage) {
  const t = CONSOLE_STRINGS[lang].digests;
  const stretch = currentOrNextQuietPeriod(localDate(new Date(), config.program.timeZone), config.mail.quietPeriods);
  const held = Object.entries(last?.held ?? {}).filter(([, n]) => n > 0);
  return html`<section class="report" id="mail-budget">
    <p id="quiet-period" data-current="${stretch?.current ? 'yes' : 'no'}">
      ${
        !stretch
          ? html`${t.noQuiet[0]}<code>mail.quietPeriods</code>${t.noQuiet[1]}`
          : stretch.current
            ? html`<strong>${t.quietNow}</strong>${t.quietNowRest(stretch.first, stretch.last, nextDay(stretch.last))}`
            : t.quietNext(stretch.first, stretch.last)
      }
      ${config.mail.weeklyCap === null ? t.noCap : t.cap(config.mail.weeklyCap)}
    </p>
    ${
      last
        ? html`<p id="held" data-run="${last.id}">
            ${t.lastRun(last.id)}
            ${
              held.length === 0
                ? t.nobodyHeld
                : html`${t.held}${held.map(([reason, n], i) => html`${i > 0 ? ', ' : ''}<span data-held="${reason}">${n}</span> ${reason}`)}.`
            }
          </p>`
        : ''
    }
  </section>`;
}

function nextDay(date: string): string {
  return new Date(Date.parse(`${date}T12:00:00Z`) + 24 * 3_600_000).toISOString().slice(0, 10);
}

function currentRun(run: Run, live: { total: DigestRunTotals; batches: BatchFigures[] }, lang: ConsoleLanguage) {
  const t = CONSOLE_STRINGS[lang].digests;
  const { total } = live;
  const kpis: [string, string, number][] = [
    ['planned', t.figures.planned, total.due],
    ['sent', t.figures.sent, total.sent],
    ['deferred', t.figures.deferred, total.deferred],
    ['failed', t.figures.failed, total.failed],
    ['empty', t.figures.empty, total.empty],
    ['open', t.figures.open, total.open],
  ];
  return html`<section class="report" id="current-run" data-run="${run.id}">
    <h3>${t.run(run.id)} <span class="state pending">${t.states.sending}</span></h3>
    <p class="muted">
      ${t.started(run.forced ? 'kaiku digest send --now' : t.theSchedule, timeAgo(run.started_at, undefined, lang), run.batches, run.batch_size)}
      <a href="/admin/digests">${t.refresh}</a>
    </p>
    <div class="kpis">
      ${kpis.map(
        ([figure, label, value]) =>
          html`<div class="kpi">
            <div class="muted label">${label}</div>
            <div class="value" data-figure="${figure}">${value}</div>
          </div>`,
      )}
    </div>
    <div class="table-scroll" tabindex="0">
      <table class="sources">
        <thead>
          <tr>
            <th>${t.columns.batch}</th>
            <th>${t.columns.worker}</th>
            <th>${t.figures.planned}</th>
            <th>${t.figures.sent}</th>
            <th>${t.columns.deferred}</th>
            <th>${t.columns.refused}</th>
            <th>${t.figures.empty}</th>
            <th>${t.figures.open}</th>
            <th></th>
          </tr>
        </thead>
        <tbody>
          ${live.batches.map(
            (b) =>
              html`<tr data-batch="${b.batch ?? 'last'}">
                <td>${b.batch === null ? t.lastRound : b.batch + 1}</td>
                <td>${b.worker ?? '—'}${b.attempts > 1 ? html`<br /><small>${t.attempts(b.attempts)}</small>` : ''}</td>
                <td data-figure="planned">${b.due}</td>
                <td data-figure="sent">${b.sent}</td>
                <td data-figure="deferred">${b.deferred}${b.waiting > 0 ? html`<br /><small>${t.waiting(b.waiting)}</small>` : ''}</td>
                <td data-figure="failed">${b.failed}</td>
                <td data-figure="empty">${b.empty}</td>
                <td data-figure="open">${b.open}</td>
                <td>${b.open === 0 ? t.states.done : b.worker ? t.states.sending : t.states.waiting}</td>
              </tr>`,
          )}
        </tbody>
      </table>
    </div>
  </section>`;
}

function lastRuns(runs: Run[], figures: DigestRunTotals[], lang: ConsoleLanguage) {
  const t = CONSOLE_STRINGS[lang].digests;
  return html`<div class="table-scroll" tabindex="0">
    <table class="sources" id="last-runs">
      <thead>
        <tr>
          <th>${t.columns.run}</th>
          <th>${t.columns.started}</th>
          <th>${t.columns.by}</th>
          <th>${t.figures.planned}</th>
          <th>${t.figures.sent}</th>
          <th>${t.columns.deferred}</th>
          <th>${t.columns.refused}</th>
          <th>${t.figures.empty}</th>
          <th>${t.columns.held}</th>
          <th>${t.columns.batches}</th>
          <th>${t.columns.took}</th>
          <th></th>
        </tr>
      </thead>
      <tbody>
        ${runs.map((run, i) => {
          const f = figures[i]!;
          const state = run.finished_at ? 'done' : run.interrupted ? 'interrupted' : 'sending';
          return html`<tr data-run="${run.id}">
            <td>${run.id}</td>
            <td>${timeAgo(run.started_at, undefined, lang)}</td>
            <td>${run.forced ? 'send --now' : t.bySchedule}</td>
            <td data-figure="planned">${f.due}</td>
            <td data-figure="sent">${f.sent}</td>
            <td data-figure="deferred">${f.deferred}</td>
            <td data-figure="failed">${f.failed}</td>
            <td data-figure="empty">${f.empty}</td>
            <td data-figure="held">${Object.values(run.held ?? {}).reduce((sum, n) => sum + n, 0)}</td>
            <td>${run.batches}</td>
            <td>${run.finished_at ? formatDuration(Math.max(run.finished_at.getTime() - run.started_at.getTime(), 1000)) : '—'}</td>
            <td data-state="${state}">${t.states[state]}</td>
          </tr>`;
        })}
      </tbody>
    </table>
  </div>`;
}
