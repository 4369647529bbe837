import { addEngagementPages } from './admin-engagement.js';
import { randomBytes, randomUUID } from 'node:crypto';
import { Hono, type Context } from 'hono';
import { html } from 'hono/html';
import type { Client } from '@temporalio/client';
import type { Logger } from 'pino';
import type { Store } from '../../db/store.js';
import type { ApprovalEventRow, ItemRow, SourceRow } from '../../db/schema.js';
import type { ItemState } from '../../model/item.js';
import { SUGGESTIONS_SOURCE_ID, type KaikuConfig } from '../../config/schema.js';
import { formatDuration } from '../../config/units.js';
import type { Secret } from '../../rules/tokens/secret.js';
import { readSignInToken, SIGN_IN_TTL_MS } from '../../rules/tokens/sign-in-token.js';
import type { Mailer } from '../../integrations/email/mailer.js';
import { createSignInSteps } from '../../activities/sign-in-steps.js';
import { signInLink, signInWorkflowId } from '../../workflows/sign-in-link.js';
import { submitDecision } from '../../integrations/temporal/submit-decision.js';
import { ensureTemporalReachable, HTTP_TEMPORAL_DEADLINE } from '../../integrations/temporal/deadline.js';
import { layout, simplePage, timeAgo } from '../pages/layout.js';
import { decisionForm, readDecisionForm } from '../pages/decision-form.js';
import { endSession, readSession, startSession, type AdminSession } from '../session.js';
import { checkForm, formField, refuseForm } from '../form-guard.js';
import { StoreRateLimiter } from '../rate-limiter.js';
import { clientAddress } from '../client-address.js';
import { adminHeader } from '../pages/admin-header.js';
import { pageCsp } from '../pages/csp.js';
import { itemSummary, outcomeNotice } from './approval-links.js';
import { addAdvocatePages } from './admin-advocates.js';
import type { HealthChecks } from '../health-checks.js';
import { addDigestPages } from './admin-digests.js';

export interface AdminDeps {
  store: Store;
  config: KaikuConfig;
  secret: Secret;
  client?: Client | undefined;
  mailer?: Mailer | undefined;
  /** The dependencies' health, for the banner on every admin page. */
  health?: HealthChecks | undefined;
  log: Logger;
}

const STATES: { state: ItemState; label: string }[] = [
  { state: 'pending', label: 'Waiting for approval' },
  { state: 'approved', label: 'Approved' },
  { state: 'rejected', label: 'Rejected' },
  { state: 'expired', label: 'Expired' },
];

// Sign-in requests: per address and per client, counted in the database so every process shares them.
const SIGN_IN_WINDOW_S = 15 * 60;
const SIGN_IN_PER_ADDRESS = 5;
const SIGN_IN_PER_CLIENT = 30;

/**
 * The admin page: items by state with their decision trail, the health of every source, and
 * decisions for a signed-in admin. Admins sign in with a one-time link sent to their address.
 */
export function adminRoutes(deps: AdminDeps) {
  const app = new Hono<{ Variables: { admin: AdminSession } }>();
  const log = deps.log.child({ component: 'admin' });
  const limits = {
    address: new StoreRateLimiter(deps.store, { keyPrefix: 'sign-in:address', points: SIGN_IN_PER_ADDRESS, duration: SIGN_IN_WINDOW_S }),
    client: new StoreRateLimiter(deps.store, { keyPrefix: 'sign-in:client', points: SIGN_IN_PER_CLIENT, duration: SIGN_IN_WINDOW_S }),
  };

  // Fresh health (≤ 1 s old, each check ≤ 600 ms) before a page is drawn, for its banner; a form's answer does not wait on it.
  app.use('*', async (c, next) => {
    if (c.req.method === 'GET') await deps.health?.report();
    await next();
  });

  app.get('/login', (c) => {
    // The provider's form redirects the browser to its own origin, which form-action must allow.
    if (deps.config.auth.oidc) c.header('content-security-policy', pageCsp([new URL(deps.config.auth.oidc.issuer).origin]));
    return c.html(loginPage(c, deps, c.req.query('signed-out') !== undefined));
  });

  /** `POST /admin/login` (email=…): mails a one-time sign-in link to an admin. The answer is the same, in the same time, for anyone. */
  app.post('/login', async (c) => {
    if (!deps.config.auth.emailLink) return emailLinkOff(c, deps);
    const body = await c.req.parseBody();
    const form = checkForm(c, deps, body, '');
    if (!form.ok) return refuseForm(c, form.reason);
    const email = String(body.email ?? '')
      .trim()
      .toLowerCase();
    if (!/^[^\s@]+@[^\s@]+$/.test(email) || email.length > 254)
      return c.html(simplePage('Sign in', html`<div class="notice bad" role="alert">Give your email address, such as ulla@city.example.</div>`), 400);
    // Temporal queues the link: out of reach, everyone is told to try again (the same answer for any address), before anything is counted.
    if (deps.client)
      await ensureTemporalReachable(deps.client, undefined, 'kaiku cannot send sign-in links for a moment; nothing was sent; try again in a minute.');
    const [byAddress, byClient] = await Promise.all([limits.address.take(email), limits.client.take(clientAddress(c) || 'unknown')]);
    if (!byAddress || !byClient) {
      log.warn({ limit: byAddress ? 'client' : 'address' }, 'sign-in requests over the limit; refused');
      c.header('retry-after', String(SIGN_IN_WINDOW_S));
      return c.html(
        simplePage(
          'Too many sign-in requests',
          html`<div class="notice bad" role="alert">
            There were too many sign-in requests for this address or from this network. Nothing was sent. Wait 15 minutes and ask again; a link you already
            received still works.
          </div>`,
        ),
        429,
      );
    }
    // Answered first, mailed after: whether the address is an admin's, and whether SMTP is up, never shows in the answer or its timing.
    setImmediate(() => void requestSignInLink(email).catch((error: unknown) => log.error({ err: error }, 'sign-in link could not be queued')));
    return c.html(
      simplePage(
        'Check your inbox',
        html`<div class="notice" role="status">
          If ${email} is an admin of ${deps.config.program.name}, a sign-in link is on its way. It works once, for 15 minutes; asking again replaces it.
        </div>`,
      ),
    );
  });

  async function requestSignInLink(email: string): Promise<void> {
    const admin = deps.config.admins.find((a) => a.email === email);
    if (!admin) {
      log.warn('sign-in asked for an address that is not an admin');
      return;
    }
    const request = { email: admin.email, nonce: randomBytes(16).toString('hex'), expiresAt: Date.now() + SIGN_IN_TTL_MS };
    await deps.store.sessions.createLoginNonce(request.nonce, request.email);
    if (deps.client) {
      // The durable path: the worker mails it, retrying while SMTP is down.
      const taskQueue = deps.config.temporal.taskQueue;
      await deps.client.workflow.start(signInLink, { taskQueue, workflowId: signInWorkflowId(taskQueue, request.nonce), args: [request] });
      log.info({ admin: admin.email }, 'sign-in link queued');
    } else if (deps.mailer) {
      await createSignInSteps({ ...deps, mailer: deps.mailer }).mailSignInLink(request);
    }
  }

  app.get('/login/:token', (c) => {
    if (!deps.config.auth.emailLink) return emailLinkOff(c, deps);
    const check = readSignInToken(deps.secret, c.req.param('token'));
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
    const action = `/admin/login/${c.req.param('token')}`;
    return c.html(
      simplePage(
        'Sign in',
        html`<div class="panel">
          <form method="post" action="${action}">
            ${formField(c, deps, action, c.req.param('token'))}
            <p>Sign in as <strong>${check.payload.email}</strong>?</p>
            <button type="submit" class="approve">Sign in</button>
          </form>
        </div>`,
      ),
    );
  });

  app.post('/login/:token', async (c) => {
    if (!deps.config.auth.emailLink) return emailLinkOff(c, deps);
    const token = c.req.param('token');
    const form = checkForm(c, deps, await c.req.parseBody(), token);
    if (!form.ok) return refuseForm(c, form.reason);
    const check = readSignInToken(deps.secret, token);
    if (
      !check.ok ||
      !deps.config.admins.some((a) => a.email === check.payload.email) ||
      !(await deps.store.sessions.spendLoginNonce(check.payload.nonce, check.payload.email))
    ) {
      log.warn({ reason: check.ok ? 'used before, replaced by a newer link, or not an admin' : check.reason }, 'sign-in link refused');
      return c.html(
        simplePage(
          'Link not valid',
          html`<div class="notice bad">
            This sign-in link is not valid any more: it was used, or a newer link was asked for. <a href="/admin/login">Ask for a new one</a>.
          </div>`,
        ),
        403,
      );
    }
    await startSession(c, deps, check.payload.email);
    log.info({ admin: check.payload.email }, 'admin signed in');
    return c.redirect('/admin', 303);
  });

  app.use('*', async (c, next) => {
    const session = await readSession(c, deps);
    if (!session) return c.redirect('/admin/login', 303);
    c.set('admin', session);
    await next();
  });

  /** Every form of the signed-in admin pages is bound to the admin's session. */
  const sessionForm = (c: Context<{ Variables: { admin: AdminSession } }>, action: string) => formField(c, deps, action, c.get('admin').id);
  const checkSessionForm = async (c: Context<{ Variables: { admin: AdminSession } }>) => checkForm(c, deps, await c.req.parseBody(), c.get('admin').id);

  app.post('/logout', async (c) => {
    const form = await checkSessionForm(c);
    if (!form.ok) return refuseForm(c, form.reason);
    await endSession(c, deps, c.get('admin'));
    log.info({ admin: c.get('admin').email }, 'admin signed out');
    return c.redirect('/admin/login?signed-out', 303);
  });

  app.get('/sessions', async (c) => {
    const sessions = await deps.store.sessions.listLive();
    const names = new Map(deps.config.admins.map((a) => [a.email, a.name]));
    const current = c.get('admin').id;
    return c.html(
      layout(
        'Sessions',
        html`${adminHeader(c, deps, 'sessions')}
          <main>
            <h1>Signed-in sessions (${sessions.length})</h1>
            <p>Every browser signed in to this admin page. Ending a session signs that browser out at once.</p>
            <table>
              <thead>
                <tr>
                  <th>Admin</th>
                  <th>Signed in</th>
                  <th>Last seen</th>
                  <th>Browser</th>
                  <th></th>
                </tr>
              </thead>
              <tbody>
                ${sessions.map(
                  (session) =>
                    html`<tr data-session="${session.id_hash.slice(0, 12)}">
                      <td>
                        ${names.get(session.admin_email) ?? session.admin_email}${session.id_hash === current ? html` <strong>(this browser)</strong>` : ''}
                      </td>
                      <td>${timeAgo(session.created_at)}</td>
                      <td>${timeAgo(session.last_seen_at)}</td>
                      <td>${session.user_agent ?? ''}</td>
                      <td>
                        <form method="post" action="/admin/sessions/${session.id_hash}/end" class="inline">
                          ${sessionForm(c, `/admin/sessions/${session.id_hash}/end`)}
                          <button type="submit">End session</button>
                        </form>
                      </td>
                    </tr>`,
                )}
              </tbody>
            </table>
          </main>`,
      ),
    );
  });

  app.post('/sessions/:id/end', async (c) => {
    const form = await checkSessionForm(c);
    if (!form.ok) return refuseForm(c, form.reason);
    const ended = await deps.store.sessions.end(c.req.param('id'), c.get('admin').email);
    log.info({ admin: c.get('admin').email, ended }, 'admin ended a session');
    if (c.req.param('id') === c.get('admin').id) return c.redirect('/admin/login?signed-out', 303);
    return c.redirect('/admin/sessions', 303);
  });

  addAdvocatePages(app, deps);
  addDigestPages(app, deps);
  addEngagementPages(app, deps);

  app.post('/items/:id/decide', async (c) => {
    const check = await checkSessionForm(c);
    if (!check.ok) return refuseForm(c, check.reason);
    const admin = c.get('admin');
    const item = await deps.store.items.get(c.req.param('id'));
    if (!item) return c.html(simplePage('Not found', html`<div class="notice bad">There is no such item.</div>`), 404);
    const form = item.captions ? readDecisionForm(await c.req.parseBody(), item.captions) : undefined;
    if (!form)
      return c.html(simplePage('Not understood', html`<div class="notice bad">The form did not say approve or reject. Nothing was changed.</div>`), 400);
    if (!deps.client) throw new Error('this server has no Temporal client');
    const result = await submitDecision(
      { client: deps.client, store: deps.store, config: deps.config, log: deps.log, deadline: HTTP_TEMPORAL_DEADLINE },
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

    const body = html`${adminHeader(c, deps, 'items')}
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
                    c,
                    deps,
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

function itemCard(
  c: Context<{ Variables: { admin: AdminSession } }>,
  deps: AdminDeps,
  item: ItemRow,
  sourceNames: string[],
  trail: ApprovalEventRow[],
  names: Map<string, string>,
) {
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
              ${decisionForm({
                itemId: item.id,
                action: `/admin/items/${item.id}/decide`,
                captions: item.captions,
                field: formField(c, deps, `/admin/items/${item.id}/decide`, c.get('admin').id),
              })}
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

function loginPage(c: Context, deps: AdminDeps, signedOut: boolean) {
  const { oidc, emailLink } = deps.config.auth;
  return simplePage(
    'Sign in',
    html`${signedOut ? html`<div class="notice ok" role="status">You are signed out.</div>` : ''}
    ${
      oidc
        ? html`<div class="panel">
            <form method="post" action="/admin/oidc/start">
              ${formField(c, deps, '/admin/oidc/start', '')}
              <p><button type="submit" class="approve">Sign in with ${oidc.name}</button></p>
            </form>
          </div>`
        : ''
    }
    ${
      emailLink
        ? html`<div class="panel">
            <form method="post" action="/admin/login">
              ${formField(c, deps, '/admin/login', '')}
              <label for="email">${oidc ? 'Or: your' : 'Your'} admin address in ${deps.config.program.name}</label>
              <input type="email" id="email" name="email" required autocomplete="email" />
              <p><button type="submit" class="approve">Email me a sign-in link</button></p>
            </form>
          </div>`
        : ''
    }`,
  );
}

/** The page a sign-in link gets when the programme has turned links off (auth.emailLink: false). */
function emailLinkOff(c: Context, deps: AdminDeps) {
  return c.html(
    simplePage(
      'Sign-in links are off',
      html`<div class="notice bad" role="alert">
        ${deps.config.program.name} signs admins in with ${deps.config.auth.oidc?.name ?? 'its OpenID provider'} only; emailed links are off, and nothing was
        sent or changed. <a href="/admin/login">Sign in</a>.
      </div>`,
    ),
    403,
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
            ${source.last_warning && source.health !== 'unhealthy' ? html`<div class="warning">${source.last_warning}</div>` : ''}
            ${source.health === 'unhealthy' && source.failure_count > 1 ? html`<div class="error">${source.failure_count} failed polls in a row</div>` : ''}
          </td>
          <td class="url">${source.url}</td>
          <td>${timeAgo(source.last_changed_at)}</td>
        </tr>`;
      })}
    </tbody>
  </table>`;
}
