import { addEngagementPages } from './admin-engagement.js';
import { randomBytes, randomUUID } from 'node:crypto';
import { Hono, type Context } from 'hono';
import { html } from 'hono/html';
import type { Client } from '@temporalio/client';
import type { Logger } from 'pino';
import type { Store } from '../../db/store.js';
import type { KaikuConfig } from '../../config/schema.js';
import type { Secret } from '../../rules/tokens/secret.js';
import { readSignInToken, SIGN_IN_TTL_MS } from '../../rules/tokens/sign-in-token.js';
import type { Mailer } from '../../integrations/email/mailer.js';
import { createSignInSteps } from '../../activities/sign-in-steps.js';
import { signInLink, signInWorkflowId } from '../../workflows/sign-in-link.js';
import { submitDecision } from '../../integrations/temporal/submit-decision.js';
import { ensureTemporalReachable, HTTP_TEMPORAL_DEADLINE } from '../../integrations/temporal/deadline.js';
import { layout, simplePage, timeAgo } from '../pages/layout.js';
import { readDecisionForm } from '../pages/decision-form.js';
import { endSession, readSession, startSession, type AdminSession } from '../session.js';
import { checkForm, formField, refuseForm } from '../form-guard.js';
import { StoreRateLimiter } from '../rate-limiter.js';
import { clientAddress } from '../client-address.js';
import { adminHeader } from '../pages/admin-header.js';
import { homeOf, mayOpen } from '../admin-access.js';
import { chooseConsoleLanguage, consoleLanguage, consoleText, settleConsoleLanguage } from '../console/console-language.js';
import { addLanguageChoice } from './admin-language.js';
import { pageCsp } from '../pages/csp.js';
import { itemSummary, outcomeNotice, refusalWords } from './approval-links.js';
import { addAdvocatePages } from './admin-advocates.js';
import { addAdvocateChanges } from './admin-advocate-changes.js';
import { addRosterImport } from './admin-roster-import.js';
import type { HealthChecks } from '../health-checks.js';
import { addDigestPages } from './admin-digests.js';
import { addThisWeekPage } from './admin-this-week.js';
import { addItemPages } from './admin-items.js';
import { addSourcePages } from './admin-sources.js';
import { createSourceRegistry, type SourceRegistry } from '../../activities/sources/registry.js';
import { addItemChanges } from './admin-item-changes.js';
import { addUrgentPages } from './admin-urgent.js';
import { addPeoplePages } from './admin-people.js';
import { addComposePages } from './admin-compose.js';
import { addCaptionPages } from './admin-captions.js';

export interface AdminDeps {
  store: Store;
  config: KaikuConfig;
  secret: Secret;
  client?: Client | undefined;
  mailer?: Mailer | undefined;
  /** The dependencies' health, for the banner on every admin page. */
  health?: HealthChecks | undefined;
  /** The kinds of source (the config's, with its sourceModules); the built-ins when not given. */
  registry?: SourceRegistry | undefined;
  log: Logger;
}

// Sign-in requests: per address and per client, counted in the database so every process shares them.
const SIGN_IN_WINDOW_S = 15 * 60;
const SIGN_IN_PER_ADDRESS = 5;
const SIGN_IN_PER_CLIENT = 30;

/**
 * The admin pages: sign-in with a one-time link sent to the admin's address, sessions, and decisions; the
 * items (admin-items.ts), advocates (admin-advocates.ts), leaderboards and analytics (admin-engagement.ts).
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
    if (!form.ok) return refuseForm(c, form);
    const email = String(body.email ?? '')
      .trim()
      .toLowerCase();
    const t = consoleText(c).signIn;
    const lang = consoleLanguage(c);
    if (!/^[^\s@]+@[^\s@]+$/.test(email) || email.length > 254)
      return c.html(simplePage(t.title, html`<div class="notice bad" role="alert">${t.badAddress}</div>`, lang), 400);
    // Temporal queues the link: out of reach, everyone is told to try again (the same answer for any address), before anything is counted.
    if (deps.client)
      await ensureTemporalReachable(deps.client, undefined, 'kaiku cannot send sign-in links for a moment; nothing was sent; try again in a minute.');
    const [byAddress, byClient] = await Promise.all([limits.address.take(email), limits.client.take(clientAddress(c) || 'unknown')]);
    if (!byAddress || !byClient) {
      log.warn({ limit: byAddress ? 'client' : 'address' }, 'sign-in requests over the limit; refused');
      c.header('retry-after', String(SIGN_IN_WINDOW_S));
      return c.html(simplePage(t.tooManyTitle, html`<div class="notice bad" role="alert">${t.tooMany}</div>`, lang), 429);
    }
    // Answered first, mailed after: whether the address is an admin's, and whether SMTP is up, never shows in the answer or its timing.
    setImmediate(() => void requestSignInLink(email).catch((error: unknown) => log.error({ err: error }, 'sign-in link could not be queued')));
    return c.html(simplePage(t.inboxTitle, html`<div class="notice" role="status">${t.inbox(email, deps.config.program.name)}</div>`, lang));
  });

  async function requestSignInLink(email: string): Promise<void> {
    const admin = (await deps.store.admins.inEffect(deps.config)).admins.find((a) => a.email === email);
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
    const t = consoleText(c).signIn;
    const lang = consoleLanguage(c);
    if (!check.ok)
      return c.html(
        simplePage(
          t.linkInvalidTitle,
          html`<div class="notice bad">${check.reason === 'expired' ? t.linkExpired : t.linkNotValid} <a href="/admin/login">${t.askAgain}</a>.</div>`,
          lang,
        ),
        403,
      );
    // A page with a button, not a sign-in on GET: mail scanners open links too.
    const action = `/admin/login/${c.req.param('token')}`;
    return c.html(
      simplePage(
        t.title,
        html`<div class="panel">
          <form method="post" action="${action}">
            ${formField(c, deps, action, c.req.param('token'))}
            <p>${t.signInAs[0]}<strong>${check.payload.email}</strong>${t.signInAs[1]}</p>
            <button type="submit" class="approve">${t.title}</button>
          </form>
        </div>`,
        lang,
      ),
    );
  });

  app.post('/login/:token', async (c) => {
    if (!deps.config.auth.emailLink) return emailLinkOff(c, deps);
    const token = c.req.param('token');
    const form = checkForm(c, deps, await c.req.parseBody(), token);
    if (!form.ok) return refuseForm(c, form);
    const check = readSignInToken(deps.secret, token);
    if (
      !check.ok ||
      !(await deps.store.admins.inEffect(deps.config)).admins.some((a) => a.email === check.payload.email) ||
      !(await deps.store.sessions.spendLoginNonce(check.payload.nonce, check.payload.email))
    ) {
      log.warn({ reason: check.ok ? 'used before, replaced by a newer link, or not an admin' : check.reason }, 'sign-in link refused');
      const t = consoleText(c).signIn;
      return c.html(
        simplePage(t.linkInvalidTitle, html`<div class="notice bad">${t.linkSpent} <a href="/admin/login">${t.askAgain}</a>.</div>`, consoleLanguage(c)),
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
    settleConsoleLanguage(c, chooseConsoleLanguage(await deps.store.adminLanguages.of(session.email), c.req.header('accept-language')));
    const path = c.req.path.replace(/^\/admin/, '') || '/';
    if (!mayOpen(session.role, c.req.method, path)) {
      if (c.req.method === 'GET' && path === '/') return c.redirect(homeOf(session.role), 303);
      log.warn({ admin: session.email, role: session.role, method: c.req.method, path }, 'console request outside the role; refused');
      const t = consoleText(c).roles;
      return c.html(
        layout(
          t.title,
          html`${adminHeader(c, deps, undefined)}
            <main>
              <div class="notice bad" role="alert">${t.refused(deps.config.program.name, t.names[session.role], t.reach[session.role])}</div>
            </main>`,
          consoleLanguage(c),
        ),
        403,
      );
    }
    await next();
  });

  /** Every form of the signed-in admin pages is bound to the admin's session. */
  const sessionForm = (c: Context<{ Variables: { admin: AdminSession } }>, action: string) => formField(c, deps, action, c.get('admin').id);
  const checkSessionForm = async (c: Context<{ Variables: { admin: AdminSession } }>) => checkForm(c, deps, await c.req.parseBody(), c.get('admin').id);

  app.post('/logout', async (c) => {
    const form = await checkSessionForm(c);
    if (!form.ok) return refuseForm(c, form);
    await endSession(c, deps, c.get('admin'));
    log.info({ admin: c.get('admin').email }, 'admin signed out');
    return c.redirect('/admin/login?signed-out', 303);
  });

  app.get('/sessions', async (c) => {
    const sessions = await deps.store.sessions.listLive();
    const names = await deps.store.admins.names(deps.config);
    const current = c.get('admin').id;
    const lang = consoleLanguage(c);
    const t = consoleText(c).sessions;
    return c.html(
      layout(
        t.title,
        html`${adminHeader(c, deps, 'sessions')}
          <main>
            <h1>${t.heading(sessions.length)}</h1>
            <p>${t.text}</p>
            <div class="table-scroll" tabindex="0">
              <table>
                <thead>
                  <tr>
                    <th>${t.columns.admin}</th>
                    <th>${t.columns.signedIn}</th>
                    <th>${t.columns.lastSeen}</th>
                    <th>${t.columns.browser}</th>
                    <th></th>
                  </tr>
                </thead>
                <tbody>
                  ${sessions.map(
                    (session) =>
                      html`<tr data-session="${session.id_hash.slice(0, 12)}">
                        <td>
                          ${names.get(session.admin_email) ?? session.admin_email}${session.id_hash === current ? html` <strong>${t.thisBrowser}</strong>` : ''}
                        </td>
                        <td>${timeAgo(session.created_at, undefined, lang)}</td>
                        <td>${timeAgo(session.last_seen_at, undefined, lang)}</td>
                        <td>${session.user_agent ?? ''}</td>
                        <td>
                          <form method="post" action="/admin/sessions/${session.id_hash}/end" class="inline">
                            ${sessionForm(c, `/admin/sessions/${session.id_hash}/end`)}
                            <button type="submit">${t.end}</button>
                          </form>
                        </td>
                      </tr>`,
                  )}
                </tbody>
              </table>
            </div>
          </main>`,
        lang,
      ),
    );
  });

  app.post('/sessions/:id/end', async (c) => {
    const form = await checkSessionForm(c);
    if (!form.ok) return refuseForm(c, form);
    const ended = await deps.store.sessions.end(c.req.param('id'), c.get('admin').email);
    log.info({ admin: c.get('admin').email, ended }, 'admin ended a session');
    if (c.req.param('id') === c.get('admin').id) return c.redirect('/admin/login?signed-out', 303);
    return c.redirect('/admin/sessions', 303);
  });

  addItemPages(app, deps);
  addSourcePages(app, { ...deps, registry: deps.registry ?? createSourceRegistry() });
  addItemChanges(app, deps);
  addRosterImport(app, deps);
  addAdvocateChanges(app, deps);
  addAdvocatePages(app, deps);
  addDigestPages(app, deps);
  addThisWeekPage(app, deps);
  addEngagementPages(app, deps);
  addUrgentPages(app, deps);
  addPeoplePages(app, deps);
  addComposePages(app, deps);
  addCaptionPages(app, deps);
  addLanguageChoice(app, deps);

  // The page after deciding in the console, in the admin's language; the trail records the refusal in English.
  app.post('/items/:id/decide', async (c) => {
    const check = await checkSessionForm(c);
    if (!check.ok) return refuseForm(c, check);
    const admin = c.get('admin');
    const lang = consoleLanguage(c);
    const t = consoleText(c).decided;
    const item = await deps.store.items.get(c.req.param('id'));
    if (!item) return c.html(simplePage(t.notFoundTitle, html`<div class="notice bad">${t.notFound}</div>`, lang), 404);
    const form = item.captions ? readDecisionForm(await c.req.parseBody(), item.captions) : undefined;
    if (!form) return c.html(simplePage(t.notUnderstoodTitle, html`<div class="notice bad">${t.notUnderstood}</div>`, lang), 400);
    if (!deps.client) throw new Error('this server has no Temporal client');
    const result = await submitDecision(
      { client: deps.client, store: deps.store, config: deps.config, log: deps.log, deadline: HTTP_TEMPORAL_DEADLINE },
      item.id,
      { ...form, actor: admin.email, channel: 'admin' },
      `admin-${randomUUID()}`,
    );
    const back = html`<p><a href="/admin">${t.back}</a></p>`;
    if (!result.ok)
      return c.html(
        simplePage(
          t.refusedTitle,
          html`${itemSummary(item)}
            <div class="notice bad">${refusalWords(deps.config, result, lang)}</div>
            ${back}`,
          lang,
        ),
        409,
      );
    return c.html(
      simplePage(
        result.decision.outcome === 'approved' ? t.approvedTitle : t.rejectedTitle,
        html`${itemSummary(item)}${outcomeNotice(deps.config, result.decision, lang)}${back}`,
        lang,
      ),
    );
  });

  return app;
}

function loginPage(c: Context, deps: AdminDeps, signedOut: boolean) {
  const { oidc, emailLink } = deps.config.auth;
  const t = consoleText(c).signIn;
  return simplePage(
    t.title,
    html`${signedOut ? html`<div class="notice ok" role="status">${t.signedOut}</div>` : ''}
    ${
      oidc
        ? html`<div class="panel">
            <form method="post" action="/admin/oidc/start">
              ${formField(c, deps, '/admin/oidc/start', '')}
              <p><button type="submit" class="approve">${t.withProvider(oidc.name)}</button></p>
            </form>
          </div>`
        : ''
    }
    ${
      emailLink
        ? html`<div class="panel">
            <form method="post" action="/admin/login">
              ${formField(c, deps, '/admin/login', '')}
              <label for="email">${t.addressLabel(deps.config.program.name, Boolean(oidc))}</label>
              <input type="email" id="email" name="email" required autocomplete="email" />
              <p><button type="submit" class="approve">${t.emailMe}</button></p>
            </form>
          </div>`
        : ''
    }`,
    consoleLanguage(c),
  );
}

/** The page a sign-in link gets when the programme has turned links off (auth.emailLink: false). */
function emailLinkOff(c: Context, deps: AdminDeps) {
  const t = consoleText(c).signIn;
  return c.html(
    simplePage(
      t.linksOffTitle,
      html`<div class="notice bad" role="alert">
        ${t.linksOff(deps.config.program.name, deps.config.auth.oidc?.name ?? t.provider)} <a href="/admin/login">${t.title}</a>.
      </div>`,
      consoleLanguage(c),
    ),
    403,
  );
}
