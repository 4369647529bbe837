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
    return c.html(
      layout(
        'Digests',
        html`${adminHeader(c, deps, 'digests')}
          <main>
            <h2>Digests</h2>
            ${mailBudget(deps.config, runs[0])}
            ${
              current && live
                ? currentRun(current, live)
                : html`<div class="empty">
                    No digest run is sending now. The hourly Schedule sends each advocate theirs at their own ${deps.config.digest.day}
                    ${deps.config.digest.time}; <code>kaiku digest send --now</code> sends this week's now.
                  </div>`
            }
            <h3>Last runs</h3>
            ${runs.length === 0 ? html`<div class="empty">No digest has been sent yet.</div>` : lastRuns(runs, figures)}
          </main>`,
      ),
    );
  });
}

function mailBudget(config: KaikuConfig, last: Run | undefined) {
  const stretch = currentOrNextQuietPeriod(localDate(new Date(), config.program.timeZone), config.mail.quietPeriods);
  const held = Object.entries(last?.held ?? {}).filter(([, n]) => n > 0);
  return html`<section class="report" id="mail-budget">
    <p id="quiet-period" data-current="${stretch?.current ? 'yes' : 'no'}">
      ${
        !stretch
          ? html`No quiet periods: digests and nudges go all year (<code>mail.quietPeriods</code>).`
          : stretch.current
            ? html`<strong>Quiet period now</strong>, ${stretch.first} to ${stretch.last}: digests and nudges wait until ${nextDay(stretch.last)}.`
            : html`Next quiet period ${stretch.first} to ${stretch.last}: digests and nudges wait through it.`
      }
      ${config.mail.weeklyCap === null ? 'No weekly cap.' : `At most ${config.mail.weeklyCap} mails per advocate in any 7 days (digests, nudges, welcome mails).`}
    </p>
    ${
      last
        ? html`<p id="held" data-run="${last.id}">
            Last run (${last.id}):
            ${
              held.length === 0
                ? 'nobody held.'
                : html`held ${held.map(([reason, n], i) => html`${i > 0 ? ', ' : ''}<span data-held="${reason}">${n}</span> ${reason}`)}.`
            }
          </p>`
        : ''
    }
  </section>`;
}

function nextDay(date: string): string {
  return new Date(Date.parse(`${date}T12:00:00Z`) + 24 * 3_600_000).toISOString().slice(0, 10);
}

function currentRun(run: Run, live: { total: DigestRunTotals; batches: BatchFigures[] }) {
  const { total } = live;
  const kpis: [string, string, number][] = [
    ['planned', 'Planned', total.due],
    ['sent', 'Sent', total.sent],
    ['deferred', 'Deferred (4xx)', total.deferred],
    ['failed', 'Refused (5xx)', total.failed],
    ['empty', 'Nothing relevant', total.empty],
    ['open', 'Still to send', total.open],
  ];
  return html`<section class="report" id="current-run" data-run="${run.id}">
    <h3>Run ${run.id} <span class="state pending">sending</span></h3>
    <p class="muted">
      ${run.forced ? 'kaiku digest send --now' : 'the Schedule'}, started ${timeAgo(run.started_at)}; ${run.batches} batches of up to ${run.batch_size}.
      <a href="/admin/digests">Refresh</a>
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
    <div class="table-scroll">
      <table class="sources">
        <thead>
          <tr>
            <th>Batch</th>
            <th>Worker</th>
            <th>Planned</th>
            <th>Sent</th>
            <th>Deferred</th>
            <th>Refused</th>
            <th>Nothing relevant</th>
            <th>Still to send</th>
            <th></th>
          </tr>
        </thead>
        <tbody>
          ${live.batches.map(
            (b) =>
              html`<tr data-batch="${b.batch ?? 'last'}">
                <td>${b.batch === null ? 'last round' : b.batch + 1}</td>
                <td>${b.worker ?? '—'}${b.attempts > 1 ? html`<br /><small>${b.attempts} attempts</small>` : ''}</td>
                <td data-figure="planned">${b.due}</td>
                <td data-figure="sent">${b.sent}</td>
                <td data-figure="deferred">${b.deferred}${b.waiting > 0 ? html`<br /><small>${b.waiting} waiting</small>` : ''}</td>
                <td data-figure="failed">${b.failed}</td>
                <td data-figure="empty">${b.empty}</td>
                <td data-figure="open">${b.open}</td>
                <td>${b.open === 0 ? 'done' : b.worker ? 'sending' : 'waiting'}</td>
              </tr>`,
          )}
        </tbody>
      </table>
    </div>
  </section>`;
}

function lastRuns(runs: Run[], figures: DigestRunTotals[]) {
  return html`<div class="table-scroll">
    <table class="sources" id="last-runs">
      <thead>
        <tr>
          <th>Run</th>
          <th>Started</th>
          <th>By</th>
          <th>Planned</th>
          <th>Sent</th>
          <th>Deferred</th>
          <th>Refused</th>
          <th>Nothing relevant</th>
          <th>Held</th>
          <th>Batches</th>
          <th>Took</th>
          <th></th>
        </tr>
      </thead>
      <tbody>
        ${runs.map((run, i) => {
          const f = figures[i]!;
          const state = run.finished_at ? 'done' : run.interrupted ? 'interrupted' : 'sending';
          return html`<tr data-run="${run.id}">
            <td>${run.id}</td>
            <td>${timeAgo(run.started_at)}</td>
            <td>${run.forced ? 'send --now' : 'Schedule'}</td>
            <td data-figure="planned">${f.due}</td>
            <td data-figure="sent">${f.sent}</td>
            <td data-figure="deferred">${f.deferred}</td>
            <td data-figure="failed">${f.failed}</td>
            <td data-figure="empty">${f.empty}</td>
            <td data-figure="held">${Object.values(run.held ?? {}).reduce((sum, n) => sum + n, 0)}</td>
            <td>${run.batches}</td>
            <td>${run.finished_at ? formatDuration(Math.max(run.finished_at.getTime() - run.started_at.getTime(), 1000)) : '—'}</td>
            <td data-state="${state}">${state}</td>
          </tr>`;
        })}
      </tbody>
    </table>
  </div>`;
}
