import { addEngagementPages } from './admin-engagement.js';
import { randomBytes, randomUUID } from 'node:crypto';
import { Hono } from 'hono';
import { html } from 'hono/html';
import type { Client } from '@temporalio/client';
import type { Logger } from 'pino';
import type { Store } from '../../db/store.js';
import type { ApprovalEventRow, ItemRow, ItemState, SourceRow } from '../../db/schema.js';
import { SUGGESTIONS_SOURCE_ID, type KaikuConfig } from '../../config/schema.js';
import { formatDuration } from '../../config/units.js';
import type { Secret } from '../../security/secret.js';
import { signToken, verifyToken } from '../../security/signed-token.js';
import type { Mailer } from '../../integrations/email/mailer.js';
import { renderNotice } from '../../emails/approval-mail.js';
import { publicBaseUrl } from '../../approvals/addresses.js';
import { submitDecision } from '../../approvals/submit-decision.js';
import { layout, simplePage, timeAgo } from '../pages/layout.js';
import { decisionForm, readDecisionForm } from '../pages/decision-form.js';
import { endSession, readSession, sameOrigin, startSession, type AdminSession } from '../session.js';
import { itemSummary, outcomeNotice } from './approval-links.js';
import { addAdvocatePages } from './admin-advocates.js';

export interface AdminDeps {
  store: Store;
  config: KaikuConfig;
  secret: Secret;
  client?: Client | undefined;
  mailer?: Mailer | undefined;
  log: Logger;
}

const LOGIN_TTL_MS = 15 * 60_000;

const STATES: { state: ItemState; label: string }[] = [
  { state: 'pending', label: 'Waiting for approval' },
  { state: 'approved', label: 'Approved' },
  { state: 'rejected', label: 'Rejected' },
  { state: 'expired', label: 'Expired' },
];

/**
 * The admin page: items by state with their decision trail, the health of every source, and
 * decisions for a signed-in admin. Admins sign in with a one-time link sent to their address.
 */
export function adminRoutes(deps: AdminDeps) {
  const app = new Hono<{ Variables: { admin: AdminSession } }>();
  const log = deps.log.child({ component: 'admin' });

  app.get('/login', (c) => c.html(loginPage(deps.config)));

  app.post('/login', async (c) => {
    if (!sameOrigin(c)) return c.text('Forbidden: this form must be sent from kaiku itself', 403);
    const email = String((await c.req.parseBody()).email ?? '')
      .trim()
      .toLowerCase();
    const admin = deps.config.admins.find((a) => a.email === email);
    if (admin && deps.mailer) {
      const nonce = randomBytes(16).toString('hex');
      await deps.store.mail.createLoginNonce(nonce, admin.email);
      const link = `${publicBaseUrl(deps.config)}/admin/login/${signToken(deps.secret, 'login', { email: admin.email, nonce }, LOGIN_TTL_MS)}`;
      const notice = renderNotice({
        subject: `Sign in to kaiku (${deps.config.program.name})`,
        lines: [`Hello ${admin.name}, open this link within 15 minutes to sign in to kaiku: ${link}`, 'If you did not ask to sign in, ignore this email.'],
        programName: deps.config.program.name,
      });
      await deps.mailer.send({ from: deps.config.email.from, to: admin.email, ...notice, headers: { 'Auto-Submitted': 'auto-generated' } });
      log.info({ admin: admin.email }, 'sign-in link sent');
    } else {
      log.warn('sign-in asked for an address that is not an admin');
    }
    // The same answer either way: the form must not tell who is an admin.
    return c.html(
      simplePage(
        'Check your inbox',
        html`<div class="notice">If ${email} is an admin of ${deps.config.program.name}, a sign-in link is on its way. It works once, for 15 minutes.</div>`,
      ),
    );
  });

  app.get('/login/:token', (c) => {
    const check = verifyToken<{ exp: number; email: string; nonce: string }>(deps.secret, 'login', c.req.param('token'));
    if (!check.ok)
      return c.html(
        simplePage(
          'Link not valid',
          html`<div class="notice bad">
            This sign-in link is ${check.reason === 'expired' ? 'expired' : 'not valid'}. <a href="/admin/login">Ask for a new one</a>.
          </div>`,
        ),
        403,
      );
    // A page with a button, not a sign-in on GET: mail scanners open links too.
    return c.html(
      simplePage(
        'Sign in',
        html`<div class="panel">
          <form method="post">
            <p>Sign in as <strong>${check.payload.email}</strong>?</p>
            <button type="submit" class="approve">Sign in</button>
          </form>
        </div>`,
      ),
    );
  });

  app.post('/login/:token', async (c) => {
    const check = verifyToken<{ exp: number; email: string; nonce: string }>(deps.secret, 'login', c.req.param('token'));
    if (
      !check.ok ||
      !deps.config.admins.some((a) => a.email === check.payload.email) ||
      !(await deps.store.mail.spendLoginNonce(check.payload.nonce, check.payload.email))
    ) {
      log.warn({ reason: check.ok ? 'used before or not an admin' : check.reason }, 'sign-in link refused');
      return c.html(
        simplePage(
          'Link not valid',
          html`<div class="notice bad">This sign-in link is not valid any more. <a href="/admin/login">Ask for a new one</a>.</div>`,
        ),
        403,
      );
    }
    startSession(c, deps.secret, deps.config, check.payload.email);
    log.info({ admin: check.payload.email }, 'admin signed in');
    return c.redirect('/admin', 303);
  });

  app.post('/logout', (c) => {
    endSession(c);
    return c.redirect('/admin/login', 303);
  });

  app.use('*', async (c, next) => {
    const session = readSession(c, deps.secret, deps.config);
    if (!session) return c.redirect('/admin/login', 303);
    c.set('admin', session);
    await next();
  });

  addAdvocatePages(app, deps);
  addEngagementPages(app, deps);

  app.post('/items/:id/decide', async (c) => {
    if (!sameOrigin(c)) return c.text('Forbidden: this form must be sent from kaiku itself', 403);
    const admin = c.get('admin');
    const item = await deps.store.items.get(c.req.param('id'));
    if (!item) return c.html(simplePage('Not found', html`<div class="notice bad">There is no such item.</div>`), 404);
    const form = item.captions ? readDecisionForm(await c.req.parseBody(), item.captions) : undefined;
    if (!form)
      return c.html(simplePage('Not understood', html`<div class="notice bad">The form did not say approve or reject. Nothing was changed.</div>`), 400);
    if (!deps.client) throw new Error('this server has no Temporal client');
    const result = await submitDecision(
      { client: deps.client, store: deps.store, config: deps.config, log: deps.log },
      item.id,
      { ...form, actor: admin.email, channel: 'admin' },
      `admin-${randomUUID()}`,
    );
    const back = html`<p><a href="/admin">Back to the admin page</a></p>`;
    if (!result.ok)
      return c.html(
        simplePage(
          'Nothing changed',
          html`${itemSummary(item)}
            <div class="notice bad">${result.refusal}</div>
            ${back}`,
        ),
        409,
      );
    return c.html(
      simplePage(
        result.decision.outcome === 'approved' ? 'Approved' : 'Rejected',
        html`${itemSummary(item)}${outcomeNotice(deps.config, result.decision)}${back}`,
      ),
    );
  });

  app.get('/', async (c) => {
    const admin = c.get('admin');
    const requested = c.req.query('state');
    const state = STATES.find((s) => s.state === requested)?.state ?? 'pending';
    const [counts, items, allSources] = await Promise.all([
      deps.store.items.countByState(),
      deps.store.items.listByState(state, 200),
      deps.store.sources.list(),
    ]);
    // The suggestions source is kaiku's own, never polled: not a row of the sources table.
    const sources = allSources.filter((source) => source.id !== SUGGESTIONS_SOURCE_ID);
    const sourceNames = new Map(allSources.map((source) => [source.id, source.name]));
    const carriedBy = await deps.store.items.sourcesOf(items.map((item) => item.id));
    const trails = await deps.store.approvals.trails(items.map((item) => item.id));
    const names = new Map(deps.config.admins.map((a) => [a.email, a.name]));
    const label = STATES.find((s) => s.state === state)!.label;

    const body = html`<header>
        <span class="brand">kaiku</span>
        <span class="program">${deps.config.program.name}</span>
        <a href="/admin/advocates" style="margin-left:auto">Advocates</a>
        <a href="/admin/leaderboards">Leaderboards</a>
        <a href="/admin/analytics">Analytics</a>
        <form class="inline" method="post" action="/admin/logout"><span>${admin.name}</span> <button type="submit">Sign out</button></form>
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
                    trails.get(item.id) ?? [],
                    names,
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

function itemCard(item: ItemRow, sourceNames: string[], trail: ApprovalEventRow[], names: Map<string, string>) {
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
      ${
        trail.length > 0
          ? html`<ol class="trail">
              ${trail.map((event) => trailLine(event, names))}
            </ol>`
          : ''
      }
      ${
        item.state === 'pending' && item.captions
          ? html`<details>
              <summary>Decide</summary>
              ${decisionForm({ action: `/admin/items/${item.id}/decide`, captions: item.captions })}
            </details>`
          : ''
      }
    </div>
  </article>`;
}

const VIA: Record<string, string> = { email: 'by email reply', link: 'by email link', admin: 'on the admin page', slack: 'in Slack', system: '' };

function trailLine(event: ApprovalEventRow, names: Map<string, string>) {
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
  return html`<li data-kind="${event.kind}" data-channel="${event.channel}">
    <time datetime="${event.at.toISOString()}" title="${event.at.toISOString()}">${event.at.toISOString().slice(0, 16).replace('T', ' ')} UTC</time> ·
    ${text[event.kind] ?? event.kind}
  </li>`;
}

function loginPage(config: KaikuConfig) {
  return simplePage(
    'Sign in',
    html`<div class="panel">
      <form method="post" action="/admin/login">
        <label for="email">Your admin address in ${config.program.name}</label>
        <input type="email" id="email" name="email" required autocomplete="email" />
        <p><button type="submit" class="approve">Email me a sign-in link</button></p>
      </form>
    </div>`,
  );
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
